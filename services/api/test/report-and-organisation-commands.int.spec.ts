import { START_OF_LOG } from '@fleksi/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BODY_LIMIT_BYTES } from '../src/app.ts';
import { IMPORT_BODY_LIMIT_BYTES } from '../src/commands/register-routes.ts';

import { createHarness, NIP, seedOrganisation, TENANT, type Harness } from './harness.ts';

let harness: Harness;
let employee: string;
let supervisor: string;
let tenantAdmin: string;
let unitAdmin: string;

beforeAll(async () => {
  harness = await createHarness({
    directory: {
      // The unit-wide WFA fan-out needs the employee directory; this test uses a fixed list.
      employeesOfUnit: async (_tenant, unitId) => (unitId === 'setda' ? [NIP.supervisor, NIP.admin, NIP.employee, NIP.colleague] : [NIP.otherUnit]),
    },
  });
  await seedOrganisation(harness);
  employee = await harness.token({ role: 'employee', nip: NIP.employee });
  supervisor = await harness.token({ role: ['employee', 'supervisor'], nip: NIP.supervisor });
  tenantAdmin = await harness.token({ role: 'tenant_admin' });
  unitAdmin = await harness.token({ role: ['employee', 'unit_admin'], nip: NIP.admin, unit: 'setda' });
  // Thursday 22 January 2026, 16:30 WITA.
  harness.setNow('2026-01-22T08:30:00.000Z');
});

afterAll(async () => {
  await harness.close();
});

const activity = {
  activityId: 'andi-2026-01-22-1',
  date: '2026-01-22',
  description: 'Menyusun notula rapat koordinasi uji coba WFA',
  outputQuantity: 1,
  outputUnit: 'notula',
  minutes: 120,
};

async function logSize(): Promise<number> {
  return (await harness.store.readAll({ after: START_OF_LOG, maxCount: 1_000_000 })).length;
}

describe('daily report commands', () => {
  it('submits an activity on time', async () => {
    const response = await harness.command('submit-activity', employee, activity);

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ activityId: 'andi-2026-01-22-1', streamId: `report-${TENANT}-${NIP.employee}-2026-01-22` });
  });

  it('marks an activity submitted after the deadline as late', async () => {
    harness.setNow('2026-01-23T01:00:00.000Z');
    const response = await harness.command('submit-activity', employee, { ...activity, activityId: 'andi-2026-01-22-2' });
    harness.setNow('2026-01-22T08:30:00.000Z');

    expect(response.statusCode).toBe(201);
    const events = (await harness.store.readStream(response.json().streamId)).events;
    expect(events.at(-1)).toMatchObject({ type: 'ActivitySubmitted', data: { late: true } });
  });

  it('rejects a report for tomorrow', async () => {
    const response = await harness.command('submit-activity', employee, { ...activity, activityId: 'x', date: '2026-01-23' });

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'DATE_IN_FUTURE', detail: 'Tanggal 2026-01-23 belum tiba.' });
  });

  it('rejects an impossible date', async () => {
    const response = await harness.command('submit-activity', employee, { ...activity, date: '2026-02-30' });

    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ path: 'body.date', message: 'tanggal tersebut tidak ada di kalender' });
  });

  it('lets the author revise before review', async () => {
    const response = await harness.command('revise-activity', employee, { ...activity, minutes: 150 });

    expect(response.statusCode).toBe(201);
  });

  it('rejects a review by a supervisor of someone else', async () => {
    const stranger = await harness.token({ role: 'supervisor', nip: NIP.otherUnit });

    const response = await harness.command('review-activity', stranger, { nip: NIP.employee, date: '2026-01-22', activityId: activity.activityId, decision: 'approved' });

    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'NOT_SUPERVISOR' });
  });

  it('lets the direct supervisor approve', async () => {
    const response = await harness.command('review-activity', supervisor, { nip: NIP.employee, date: '2026-01-22', activityId: activity.activityId, decision: 'approved', note: 'Baik' });

    expect(response.statusCode).toBe(201);
  });

  it('rejects withdrawing an approved activity and writes nothing', async () => {
    const before = await logSize();

    const response = await harness.command('withdraw-activity', employee, { activityId: activity.activityId, date: '2026-01-22' });

    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('ACTIVITY_NOT_EDITABLE');
    expect(await logSize()).toBe(before);
  });

  it('rejects a review by an evaluator', async () => {
    const evaluator = await harness.token({ role: 'evaluator' });

    const response = await harness.command('review-activity', evaluator, { nip: NIP.employee, date: '2026-01-22', activityId: activity.activityId, decision: 'rejected' });

    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('FORBIDDEN_ROLE');
  });
});

describe('WFA scheduling commands', () => {
  it('assigns every Thursday and Friday of the trial to a unit', async () => {
    const response = await harness.command('assign-wfa-days', unitAdmin, { unitId: 'setda', weekdays: ['thursday', 'friday'], from: '2026-01-22', to: '2026-04-22' });

    expect(response.statusCode).toBe(201);
    const body = response.json();
    // 13 weeks of Thursday and Friday, minus 19-20 March and 3 April (holidays, cuti bersama) = 23 days.
    expect(body.assigned).toBe(4 * 23);
    expect(body.rejected).toBe(4 * 3);
    expect(body.outcomes.filter((outcome: { code?: string }) => outcome.code === 'WFA_ON_NON_WORKDAY')).toHaveLength(12);
  });

  it('reports nothing new when the same request is retried with its key', async () => {
    const request = { nip: NIP.otherUnit, weekdays: ['monday'], from: '2026-02-02', to: '2026-02-23' };
    const dinkesAdmin = await harness.token({ role: 'unit_admin', unit: 'dinkes', subject: 'admin-dinkes' });
    const first = await harness.command('assign-wfa-days', dinkesAdmin, request, { 'idempotency-key': 'dinkes-senin' });
    const before = await logSize();

    const retry = await harness.command('assign-wfa-days', dinkesAdmin, request, { 'idempotency-key': 'dinkes-senin' });

    // Mondays 2, 9 and 23 February; 16 February is cuti bersama.
    expect(first.json().assigned).toBe(3);
    expect(first.json().rejected).toBe(1);
    expect(retry.json().assigned).toBe(3);
    expect(await logSize()).toBe(before);
  });

  it('rejects a third WFA day in one week', async () => {
    const response = await harness.command('assign-wfa-day', unitAdmin, { nip: NIP.employee, date: '2026-01-21' });

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'WFA_LIMIT_EXCEEDED', detail: 'Pekan 2026-W04 sudah memiliki 2 hari WFA; batasnya 2 hari per pekan.' });
  });

  it('rejects a WFA day on Nyepi', async () => {
    const response = await harness.command('assign-wfa-day', unitAdmin, { nip: NIP.employee, date: '2026-03-19' }, { 'accept-language': 'en' });

    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toBe('2026-03-19 is not a workday (holiday), so it cannot be a WFA day.');
  });

  it('revokes a day and frees the slot', async () => {
    const revoke = await harness.command('revoke-wfa-day', unitAdmin, { nip: NIP.employee, date: '2026-01-23', reason: 'Rapat di kantor' });
    const assign = await harness.command('assign-wfa-day', unitAdmin, { nip: NIP.employee, date: '2026-01-21' });

    expect(revoke.statusCode).toBe(201);
    expect(assign.statusCode).toBe(201);
  });

  it('keeps a unit admin to their own unit', async () => {
    const response = await harness.command('assign-wfa-day', unitAdmin, { nip: NIP.otherUnit, date: '2026-01-29' });

    expect(response.statusCode).toBe(403);
  });
});

describe('organisation commands', () => {
  it('rejects a NIP with an impossible birth date', async () => {
    const response = await harness.command('register-employee', tenantAdmin, { nip: '198602302015051001', kind: 'PNS', name: 'Salah', unitId: 'setda' });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'NIP_INVALID', detail: 'NIP 198602302015051001 tidak valid: 8 angka pertama bukan tanggal lahir yang valid.' });
  });

  it('rejects a NIP already registered', async () => {
    const response = await harness.command('register-employee', tenantAdmin, { nip: NIP.employee, kind: 'PNS', name: 'Ganda', unitId: 'setda' });

    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('NIP_TAKEN');
  });

  it('rejects an employee in an unknown unit with 404', async () => {
    const response = await harness.command('register-employee', tenantAdmin, { nip: '199907072022031001', kind: 'PNS', name: 'Baru', unitId: 'tidak-ada' });

    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('UNIT_NOT_FOUND');
  });

  it('transfers an employee between units', async () => {
    const response = await harness.command('transfer-employee', tenantAdmin, { nip: NIP.colleague, toUnitId: 'dinkes', effectiveDate: '2026-02-01' });

    expect(response.statusCode).toBe(201);
  });

  it('imports employees from CSV with a per-row report', async () => {
    const csv = [
      'nip,kind,name,unitId,supervisorNip,roles',
      '199201012021011001,PNS,Ahmad Fauzi,setda,197501152000031002,employee',
      '199201012021011001,PNS,Ahmad Ganda,setda,,employee',
      '199213012021011001,PNS,Tanggal Salah,setda,,employee',
      '199202022023211002,PPPK,Dewi Lestari,setda,,employee',
      '199303032021011001,PNS,,setda,,employee',
    ].join('\r\n');

    const response = await harness.app.inject({
      method: 'POST',
      url: '/v1/commands/import-employees',
      headers: { authorization: `Bearer ${tenantAdmin}`, 'content-type': 'text/csv' },
      payload: csv,
    });

    expect(response.statusCode).toBe(201);
    const report = response.json();
    expect(report).toMatchObject({ rowsRead: 5, registered: 2, rejected: 3 });
    expect(report.rows.map((row: { line: number; status: string; code?: string }) => [row.line, row.status, row.code])).toEqual([
      [2, 'registered', undefined],
      [3, 'rejected', 'NIP_TAKEN'],
      [4, 'rejected', 'NIP_INVALID'],
      [5, 'registered', undefined],
      [6, 'rejected', 'VALIDATION_FAILED'],
    ]);
  });

  it('imports a roster larger than the JSON body limit', async () => {
    const rows = Array.from({ length: 3_000 }, (_unused, index) => {
      const birth = new Date(Date.UTC(1970, 0, 1 + index)).toISOString().slice(0, 10).replaceAll('-', '');
      return `${birth}2000031001,PNS,Pegawai Uji Coba Impor Nomor ${index + 1},setda,,employee,-2.6834712,118.9057311`;
    });
    const csv = ['nip,kind,name,unitId,supervisorNip,roles,domicileLatitude,domicileLongitude', ...rows].join('\r\n');
    expect(Buffer.byteLength(csv)).toBeGreaterThan(BODY_LIMIT_BYTES);

    const response = await harness.app.inject({
      method: 'POST',
      url: '/v1/commands/import-employees',
      headers: { authorization: `Bearer ${tenantAdmin}`, 'content-type': 'text/csv' },
      payload: csv,
    });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ rowsRead: 3_000, registered: 3_000, rejected: 0 });
  }, 120_000);

  it('rejects a CSV above the import limit with 413', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/v1/commands/import-employees',
      headers: { authorization: `Bearer ${tenantAdmin}`, 'content-type': 'text/csv' },
      payload: 'x'.repeat(IMPORT_BODY_LIMIT_BYTES + 1),
    });

    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('BODY_TOO_LARGE');
    expect(response.json().detail).toContain(String(IMPORT_BODY_LIMIT_BYTES));
  });

  it('changes tenant settings only for the tenant admin', async () => {
    const asAdmin = await harness.command('change-tenant-settings', tenantAdmin, { settings: { timeZone: 'Asia/Makassar', offlineWindowHours: 48 } });
    const asUnitAdmin = await harness.command('change-tenant-settings', unitAdmin, { settings: {} });

    expect(asAdmin.statusCode).toBe(201);
    expect(asUnitAdmin.statusCode).toBe(403);
  });

  it('rejects an unknown time zone', async () => {
    const response = await harness.command('change-tenant-settings', tenantAdmin, { settings: { timeZone: 'Asia/Mamuju' } });

    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].message).toBe('zona waktu harus nama IANA, misalnya Asia/Makassar');
  });

  it('declares a local holiday', async () => {
    const response = await harness.command('declare-calendar-day', tenantAdmin, { date: '2026-07-14', kind: 'holiday', name: 'Hari Jadi Kabupaten Mamuju Tengah' });

    expect(response.statusCode).toBe(201);
  });

  it('closes a workday only after its deadline', async () => {
    const system = await harness.token({ role: 'system' });
    const early = await harness.command('close-workday', system, { date: '2026-01-22' });
    harness.setNow('2026-01-22T16:01:00.000Z');
    const onTime = await harness.command('close-workday', system, { date: '2026-01-22' });
    harness.setNow('2026-01-22T08:30:00.000Z');

    expect(early.statusCode).toBe(422);
    expect(onTime.statusCode).toBe(201);
  });
});
