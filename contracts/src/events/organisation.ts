import { z } from 'zod';

import { defineEvent } from '../event-registry.ts';
import { Nip } from '../domain/nip.ts';
import {
  CalendarDayKind,
  Coordinates,
  EmployeeKind,
  Geofence,
  LocalDate,
  plainText,
  Slug,
} from '../domain/primitives.ts';
import { TenantSettings, WorkSchedule } from '../domain/tenant-settings.ts';
import { Role } from '../envelope.ts';

export const TenantRegistered = defineEvent(
  'TenantRegistered',
  1,
  z.object({ tenantId: Slug, name: plainText(200), settings: TenantSettings }),
);

export const TenantSettingsChanged = defineEvent('TenantSettingsChanged', 1, z.object({ settings: TenantSettings }));

export const WorkScheduleDefined = defineEvent('WorkScheduleDefined', 1, z.object({ schedule: WorkSchedule }));

export const WorkScheduleRemoved = defineEvent('WorkScheduleRemoved', 1, z.object({ scheduleId: Slug }));

export const CalendarDayDeclared = defineEvent(
  'CalendarDayDeclared',
  1,
  z.object({ date: LocalDate, kind: CalendarDayKind, name: plainText(200) }),
);

export const CalendarDayRemoved = defineEvent('CalendarDayRemoved', 1, z.object({ date: LocalDate }));

export const UnitRegistered = defineEvent(
  'UnitRegistered',
  1,
  z.object({ unitId: Slug, name: plainText(200), geofences: z.array(Geofence).max(20) }),
);

export const UnitGeofencesChanged = defineEvent(
  'UnitGeofencesChanged',
  1,
  z.object({ unitId: Slug, geofences: z.array(Geofence).max(20) }),
);

export const Domicile = Coordinates.extend({ address: plainText(300).nullable().default(null) });
export type Domicile = z.infer<typeof Domicile>;

export const EmployeeRegistered = defineEvent(
  'EmployeeRegistered',
  1,
  z.object({
    nip: Nip,
    kind: EmployeeKind,
    name: plainText(200),
    unitId: Slug,
    supervisorNip: Nip.nullable(),
    roles: z.array(Role).min(1),
    domicile: Domicile.nullable(),
  }),
);

export const EmployeeTransferred = defineEvent(
  'EmployeeTransferred',
  1,
  z.object({
    nip: Nip,
    fromUnitId: Slug,
    toUnitId: Slug,
    supervisorNip: Nip.nullable(),
    effectiveDate: LocalDate,
  }),
);

export const EmployeeDomicileChanged = defineEvent(
  'EmployeeDomicileChanged',
  1,
  z.object({ nip: Nip, domicile: Domicile.nullable() }),
);
