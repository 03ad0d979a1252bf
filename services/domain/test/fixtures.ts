import { TenantSettings, type TenantSettingsInput } from '@fleksi/contracts';

import { fold } from '../src/decider.ts';
import type { EmployeeState } from '../src/deciders/employee.ts';
import { tenantDecider } from '../src/deciders/tenant.ts';
import type { UnitState } from '../src/deciders/unit.ts';
import type { TenantConfiguration } from '../src/tenant-calendar.ts';

export const TENANT = 'mamuju-tengah';

/** Office of the regional secretariat; coordinates are approximate, for tests only. */
export const OFFICE = { latitude: -1.8796, longitude: 119.4665 };

export const NIP = {
  employee: '198609262015051001',
  supervisor: '197501152000031002',
  pppk: '199203142023211001',
} as const;

export function configuration(settings: TenantSettingsInput = {}): TenantConfiguration {
  const events = tenantDecider.decide(
    { type: 'RegisterTenant', data: { tenantId: TENANT, name: 'Kabupaten Mamuju Tengah', settings: TenantSettings.parse(settings), preloadNationalCalendar: true } },
    tenantDecider.initialState(),
  );
  const state = fold(tenantDecider, events);
  if (state.status !== 'registered') {
    throw new Error('tenant fixture did not register');
  }
  return state.configuration;
}

export const unit: Extract<UnitState, { status: 'registered' }> = {
  status: 'registered',
  unitId: 'setda',
  name: 'Sekretariat Daerah',
  geofences: [{ id: 'kantor-bupati', name: 'Kantor Bupati', ...OFFICE, radiusMeters: 150 }],
};

export const employee: Extract<EmployeeState, { status: 'registered' }> = {
  status: 'registered',
  nip: NIP.employee,
  kind: 'PNS',
  name: 'Andi Pratama',
  unitId: 'setda',
  supervisorNip: NIP.supervisor,
  roles: ['employee'],
  domicile: { latitude: -1.8901, longitude: 119.4702, address: null },
};

/** Moves a point north by `meters` (one degree of latitude is about 111.2 km). */
export function north(point: { latitude: number; longitude: number }, meters: number) {
  return { latitude: point.latitude + meters / 111_195, longitude: point.longitude };
}
