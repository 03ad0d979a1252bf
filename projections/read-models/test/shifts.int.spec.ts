import { CheckInBody, ShiftDefinition, SubmitActivityBody } from '@fleksi/contracts';
import { defineShift, publishRoster, recordPresence, registerEmployee, registerUnit, submitActivity, type Principal } from '@fleksi/domain';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { NIP, OFFICE, Scenario, TENANT } from './scenario.ts';

let scenario: Scenario;
const NURSE = '199301152019032004';
const request = { correlationId: 'shift-test' };

beforeAll(async () => {
  scenario = await Scenario.create();
  const admin = scenario.admin;
  await registerUnit(scenario.dependencies, admin, { unitId: 'rsud', name: 'RSUD Mamuju Tengah', geofences: [{ id: 'rsud', name: 'RSUD', ...OFFICE, radiusMeters: 200 }] }, request);
  await registerEmployee(scenario.dependencies, admin, { nip: NURSE, kind: 'PNS', name: 'Ners Wulan', unitId: 'rsud', supervisorNip: null, roles: ['employee'], domicile: null }, request);
  for (const shift of [
    { shiftId: 'malam', name: 'Dinas malam', start: '19:00', end: '07:00' },
    { shiftId: 'sore', name: 'Dinas sore', start: '13:00', end: '21:00' },
    { shiftId: 'pagi', name: 'Dinas pagi', start: '06:00', end: '14:00' },
  ]) {
    await defineShift(scenario.dependencies, admin, { unitId: 'rsud', shift: ShiftDefinition.parse(shift) }, request);
  }
  // Monday night, Tuesday afternoon, Wednesday rest, Saturday morning (a weekend shift).
  await publishRoster(
    scenario.dependencies,
    admin,
    {
      unitId: 'rsud',
      entries: [
        { nip: NURSE, date: '2026-03-02', shiftId: 'malam' },
        { nip: NURSE, date: '2026-03-03', shiftId: 'sore' },
        { nip: NURSE, date: '2026-03-04', shiftId: null },
        { nip: NURSE, date: '2026-03-07', shiftId: 'pagi' },
      ],
    },
    request,
  );
}, 60_000);

afterAll(async () => {
  await scenario.database.drop();
});

async function presence(kind: 'CheckIn' | 'CheckOut', date: string, time: string): Promise<void> {
  scenario.at(date, time);
  const nurse: Principal = { tenantId: TENANT, subject: NURSE, roles: ['employee'], nip: NURSE, unitId: null };
  await scenario.track(recordPresence(scenario.dependencies, scenario.tenants, nurse, kind, CheckInBody.parse({ mode: 'WFO', source: 'mobile', location: { ...OFFICE, accuracyMeters: 10 } }), request));
}

describe('rostered shifts', () => {
  it('gives a night shift and the next afternoon shift two present days', async () => {
    await presence('CheckIn', '2026-03-02', '18:52');
    await presence('CheckOut', '2026-03-03', '07:03');
    await presence('CheckIn', '2026-03-03', '13:10');
    await presence('CheckOut', '2026-03-03', '21:01');

    expect(await scenario.attendance(NURSE, '2026-03-02')).toMatchObject({ day_type: 'workday', check_in_local: '18:52:00', check_out_local: '07:03:00', minutes_late: 0, minutes_early: 0, status: 'hadir' });
    expect(await scenario.attendance(NURSE, '2026-03-03')).toMatchObject({ check_in_local: '13:10:00', check_out_local: '21:01:00', minutes_late: 10, late_band: 1, status: 'terlambat' });
  });

  it('counts an early leave from a night shift against its morning end', async () => {
    await scenario.close('2026-03-02');

    const night = await scenario.attendance(NURSE, '2026-03-02');

    expect(night).toMatchObject({ minutes_early: 0, missing_check_out: false, closed: true });
  });

  it('treats a rest day as no absence', async () => {
    await scenario.close('2026-03-04');

    expect(await scenario.attendance(NURSE, '2026-03-04')).toMatchObject({ day_type: 'rest', status: 'libur', cut_percent: '0' });
    expect(await scenario.attendance(NIP.andi, '2026-03-04')).toMatchObject({ day_type: 'workday', status: 'tanpa_keterangan' });
  });

  it('makes a rostered Saturday a workday for the employee on it', async () => {
    await scenario.close('2026-03-07');

    expect(await scenario.attendance(NURSE, '2026-03-07')).toMatchObject({ day_type: 'workday', status: 'tanpa_keterangan' });
    expect(await scenario.attendance(NIP.andi, '2026-03-07')).toMatchObject({ day_type: 'weekend', status: 'libur' });
  });

  it('re-derives a closed day when the roster changes', async () => {
    await scenario.track(publishRoster(scenario.dependencies, scenario.admin, { unitId: 'rsud', entries: [{ nip: NURSE, date: '2026-03-07', shiftId: null }] }, request));

    expect(await scenario.attendance(NURSE, '2026-03-07')).toMatchObject({ day_type: 'rest', status: 'libur' });
  });

  it('takes a night shift report by the deadline after the shift ends', async () => {
    scenario.at('2026-03-03', '10:00');
    const nurse: Principal = { tenantId: TENANT, subject: NURSE, roles: ['employee'], nip: NURSE, unitId: null };
    await scenario.track(submitActivity(scenario.dependencies, scenario.tenants, nurse, SubmitActivityBody.parse({ date: '2026-03-02', description: 'Observasi pasien rawat inap', outputQuantity: 12, outputUnit: 'pasien', minutes: 600 }), request));

    expect(await scenario.compliance(NURSE, '2026-03-02')).toMatchObject({ on_time: 1, late: 0, compliant: true });
  });

  it('keeps weekday schedules for everyone not on a roster', async () => {
    await scenario.checkIn(NIP.andi, '2026-03-05', '08:05');

    expect(await scenario.attendance(NIP.andi, '2026-03-05')).toMatchObject({ schedule_kind: 'ramadan', minutes_late: 5, status: 'terlambat' });
  });
});

