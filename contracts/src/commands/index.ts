import { z } from 'zod';

import { Nip } from '../domain/nip.ts';
import {
  AbsenceType,
  AttendanceMode,
  AttendanceSource,
  CalendarDayKind,
  EmployeeKind,
  Geofence,
  Instant,
  LocalDate,
  hasControlCharacters,
  Location,
  plainText,
  Slug,
  Weekday,
} from '../domain/primitives.ts';
import { TenantSettings, WorkSchedule } from '../domain/tenant-settings.ts';
import { Role } from '../envelope.ts';
import { ActivityContent, ReviewDecision } from '../events/daily-report.ts';
import { Domicile } from '../events/organisation.ts';
import { ShiftDefinition } from '../events/rosters.ts';
import { TrialDefinition } from '../events/trial.ts';

/*
 * Bodies of `POST /v1/commands/<name>`. The tenant always comes from the token,
 * never from the body. Unknown fields are rejected so a typo does not pass silently.
 */

const ClientId = z.string().min(1).max(100).regex(/^[A-Za-z0-9._:-]+$/, 'expected letters, digits and . _ : -');

const Presence = z
  .strictObject({
    /** Required when a system actor (fingerprint import) acts for an employee; else the token's NIP. */
    nip: Nip.optional(),
    mode: AttendanceMode,
    source: AttendanceSource,
    location: Location.nullable().default(null),
    /** When the device recorded it, for check-ins sent later from offline devices. */
    deviceTime: Instant.nullable().default(null),
    deviceId: plainText(200).nullable().default(null),
  })
  .refine((presence) => presence.source !== 'fingerprint' || presence.mode === 'WFO', {
    message: 'fingerprint terminals record WFO attendance only',
    path: ['mode'],
  });

export const CheckInBody = Presence;
export const CheckOutBody = Presence;

export const CorrectAttendanceBody = z
  .strictObject({
    nip: Nip,
    date: LocalDate,
    checkInAt: Instant.nullable().optional(),
    checkOutAt: Instant.nullable().optional(),
    mode: AttendanceMode.optional(),
    reason: plainText(1_000).refine((reason) => reason.length >= 10, 'give a reason of at least 10 characters'),
    reference: plainText(200).nullable().default(null),
  })
  .refine((body) => body.checkInAt !== undefined || body.checkOutAt !== undefined || body.mode !== undefined, {
    message: 'a correction must change checkInAt, checkOutAt or mode',
    path: ['checkInAt'],
  });

const WfaTarget = {
  /** One employee; give either nip or unitId. */
  nip: Nip.optional(),
  /** Every employee of a unit. */
  unitId: Slug.optional(),
};

const oneTarget = (body: { nip?: string | undefined; unitId?: string | undefined }): boolean =>
  (body.nip === undefined) !== (body.unitId === undefined);

export const AssignWfaDayBody = z
  .strictObject({ ...WfaTarget, date: LocalDate })
  .refine(oneTarget, { message: 'give exactly one of nip and unitId', path: ['nip'] });

export const AssignWfaDaysBody = z
  .strictObject({ ...WfaTarget, weekdays: z.array(Weekday).min(1).max(7), from: LocalDate, to: LocalDate })
  .refine(oneTarget, { message: 'give exactly one of nip and unitId', path: ['nip'] })
  .refine((body) => body.from <= body.to, { message: 'from must not be after to', path: ['to'] });

export const RevokeWfaDayBody = z.strictObject({ nip: Nip, date: LocalDate, reason: plainText(500).nullable().default(null) });

/** Maximum absence one RecordAbsence may cover: five years, enough for CLTN and tugas belajar. */
export const MAX_ABSENCE_DAYS = 1_827;

function daysFromTo(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

export const RecordAbsenceBody = z
  .strictObject({
    absenceId: ClientId.optional(),
    nip: Nip,
    type: AbsenceType,
    from: LocalDate,
    to: LocalDate,
    reference: plainText(200),
    note: plainText(1_000).nullable().default(null),
  })
  .refine((body) => body.from <= body.to, { message: 'from must not be after to', path: ['to'] })
  .refine((body) => daysFromTo(body.from, body.to) < MAX_ABSENCE_DAYS, {
    message: `an absence spans at most ${MAX_ABSENCE_DAYS} days (five years); record a longer one in parts`,
    path: ['to'],
  });

export const CancelAbsenceBody = z.strictObject({ nip: Nip, absenceId: ClientId, reason: plainText(1_000) });

const ActivityFields = {
  description: ActivityContent.shape.description,
  outputQuantity: ActivityContent.shape.outputQuantity,
  outputUnit: ActivityContent.shape.outputUnit,
  minutes: ActivityContent.shape.minutes,
  skpReference: ActivityContent.shape.skpReference.default(null),
  evidenceLinks: z
    .array(ActivityContent.shape.evidenceLinks.element.refine((link) => !hasControlCharacters(link), 'control characters are not allowed'))
    .max(10)
    .default([]),
};

export const SubmitActivityBody = z.strictObject({ activityId: ClientId.optional(), date: LocalDate, ...ActivityFields });

export const ReviseActivityBody = z.strictObject({ activityId: ClientId, date: LocalDate, ...ActivityFields });

export const WithdrawActivityBody = z.strictObject({ activityId: ClientId, date: LocalDate });

export const ReviewActivityBody = z.strictObject({
  nip: Nip,
  date: LocalDate,
  activityId: ClientId,
  decision: ReviewDecision,
  note: plainText(1_000).nullable().default(null),
});

export const RegisterTenantBody = z.strictObject({
  tenantId: Slug,
  name: plainText(200),
  settings: TenantSettings.default(TenantSettings.parse({})),
  preloadNationalCalendar: z.boolean().default(true),
});

export const ChangeTenantSettingsBody = z.strictObject({ settings: TenantSettings });

export const DefineWorkScheduleBody = z.strictObject({ schedule: WorkSchedule });

export const RemoveWorkScheduleBody = z.strictObject({ scheduleId: Slug });

export const DeclareCalendarDayBody = z.strictObject({ date: LocalDate, kind: CalendarDayKind, name: plainText(200) });

export const RemoveCalendarDayBody = z.strictObject({ date: LocalDate });

export const RegisterUnitBody = z.strictObject({ unitId: Slug, name: plainText(200), geofences: z.array(Geofence).max(20).default([]) });

export const ChangeUnitGeofencesBody = z.strictObject({ unitId: Slug, geofences: z.array(Geofence).max(20) });

export const RegisterEmployeeBody = z.strictObject({
  nip: Nip,
  kind: EmployeeKind,
  name: plainText(200),
  unitId: Slug,
  supervisorNip: Nip.nullable().default(null),
  roles: z.array(Role.exclude(['system'])).min(1).max(6).default(['employee']),
  domicile: Domicile.nullable().default(null),
});

export const TransferEmployeeBody = z.strictObject({
  nip: Nip,
  toUnitId: Slug,
  supervisorNip: Nip.nullable().default(null),
  effectiveDate: LocalDate,
});

export const ChangeEmployeeDomicileBody = z.strictObject({ nip: Nip, domicile: Domicile.nullable() });

export const CloseWorkdayBody = z.strictObject({ date: LocalDate });

/** Answer of every accepted command. */
export const CommandAccepted = z.object({
  streamId: z.string(),
  version: z.number().int(),
  position: z.string().describe('Global log position; pass it as minPosition to read your own write'),
  replayed: z.boolean().describe('True when an earlier request with the same Idempotency-Key did the work'),
});
export type CommandAccepted = z.infer<typeof CommandAccepted>;

/** Defines a WFA trial or replaces its definition (tenant admin). */
export const DefineTrialBody = z.strictObject({ definition: TrialDefinition });

/** Defines or replaces a shift of a unit (unit admin of that unit, or tenant admin). */
export const DefineShiftBody = z.strictObject({ unitId: Slug, shift: ShiftDefinition });

export const RemoveShiftBody = z.strictObject({ unitId: Slug, shiftId: Slug });

/**
 * Publishes or changes a unit's roster: for each employee and date a shift of the unit,
 * or `null` for a rest day. Typically a month at once.
 */
export const PublishRosterBody = z.strictObject({
  unitId: Slug,
  entries: z.array(z.strictObject({ nip: Nip, date: LocalDate, shiftId: Slug.nullable() })).min(1).max(5_000),
});

/** Takes dates off an employee's roster, back to the weekday schedule. */
export const ClearRosterBody = z.strictObject({ nip: Nip, dates: z.array(LocalDate).min(1).max(62) });
