import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createHarness, nearOffice, NIP, seedOrganisation, type Harness } from './harness.ts';

let harness: Harness;
let tokens: Record<'employee' | 'colleague' | 'supervisor' | 'unitAdmin' | 'tenantAdmin' | 'auditor' | 'otherUnit' | 'foreign', string>;

async function get(url: string, token: string, headers: Record<string, string> = {}) {
  return harness.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers } });
}

const wfo = { mode: 'WFO', source: 'mobile', location: nearOffice() };

beforeAll(async () => {
  harness = await createHarness({}, { projections: true });
  await seedOrganisation(harness);
  tokens = {
    employee: await harness.token({ role: 'employee', nip: NIP.employee }),
    colleague: await harness.token({ role: 'employee', nip: NIP.colleague }),
    supervisor: await harness.token({ role: ['employee', 'supervisor'], nip: NIP.supervisor }),
    unitAdmin: await harness.token({ role: ['employee', 'unit_admin'], nip: NIP.admin, unit: 'setda' }),
    tenantAdmin: await harness.token({ role: 'tenant_admin' }),
    auditor: await harness.token({ role: 'auditor', subject: 'inspektorat' }),
    otherUnit: await harness.token({ role: 'employee', nip: NIP.otherUnit }),
    foreign: await harness.token({ role: 'tenant_admin', tenant: 'sulawesi-barat' }),
  };

  // Monday 2 February 2026: Andi on time, Nur 40 minutes late, Rudi (other unit) absent.
  harness.setNow('2026-02-01T23:20:00.000Z');
  await harness.command('check-in', tokens.employee, wfo);
  harness.setNow('2026-02-02T00:10:00.000Z');
  await harness.command('check-in', tokens.colleague, wfo);
  harness.setNow('2026-02-02T08:02:00.000Z');
  await harness.command('check-out', tokens.employee, wfo);
  await harness.command('check-out', tokens.colleague, wfo);
  await harness.command('submit-activity', tokens.employee, { activityId: 'a-1', date: '2026-02-02', description: 'Rapat evaluasi', outputQuantity: 1, outputUnit: 'notula', minutes: 90 });
  harness.setNow('2026-02-02T16:05:00.000Z');
  await harness.command('close-workday', await harness.token({ role: 'system' }), { date: '2026-02-02' });
  await harness.settle();
});

afterAll(async () => {
  await harness.close();
});

describe('GET /v1/attendance/daily', () => {
  it('returns the unit admin their unit only', async () => {
    const response = await get('/v1/attendance/daily?date=2026-02-02', tokens.unitAdmin);

    expect(response.statusCode).toBe(200);
    const items = response.json().items as Array<{ nip: string; unitId: string; status: string }>;
    expect(items.every((item) => item.unitId === 'setda')).toBe(true);
    expect(items.find((item) => item.nip === NIP.colleague)).toMatchObject({ status: 'terlambat', minutesLate: 40, lateBand: 2 });
    expect(items.find((item) => item.nip === NIP.employee)).toMatchObject({ status: 'hadir', checkIn: '07:20:00', checkOut: '16:02:00' });
  });

  it('returns an employee only their own row', async () => {
    const response = await get('/v1/attendance/daily?date=2026-02-02', tokens.employee);

    expect(response.json().items.map((item: { nip: string }) => item.nip)).toEqual([NIP.employee]);
  });

  it('returns a supervisor their subordinates and themself', async () => {
    const response = await get('/v1/attendance/daily?date=2026-02-02', tokens.supervisor);

    const nips = response.json().items.map((item: { nip: string }) => item.nip).sort();
    expect(nips).toEqual([NIP.admin, NIP.employee, NIP.colleague, NIP.supervisor].sort());
  });

  it('returns the auditor the whole tenant, with tanpa keterangan for the absent', async () => {
    const response = await get('/v1/attendance/daily?date=2026-02-02&pageSize=2&page=1', tokens.auditor);

    expect(response.json()).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(response.json().items).toHaveLength(2);
    const all = await get('/v1/attendance/daily?date=2026-02-02&status=tanpa_keterangan', tokens.auditor);
    expect(all.json().items.map((item: { nip: string }) => item.nip).sort()).toEqual([NIP.admin, NIP.otherUnit, NIP.supervisor].sort());
  });

  it('keeps another tenant out', async () => {
    const response = await get('/v1/attendance/daily?date=2026-02-02', tokens.foreign);

    expect(response.statusCode).toBe(200);
    expect(response.json().items).toEqual([]);
  });

  it('rejects an impossible date with field details', async () => {
    const response = await get('/v1/attendance/daily?date=2026-02-30', tokens.auditor);

    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ path: 'querystring.date' });
  });

  it('rejects a request without token', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/v1/attendance/daily?date=2026-02-02' });

    expect(response.statusCode).toBe(401);
  });
});

describe('read-your-writes', () => {
  it('waits for the position a command returned', async () => {
    harness.setNow('2026-02-03T23:25:00.000Z');
    const command = await harness.command('check-in', tokens.employee, wfo);
    const position = command.json().position as string;

    const response = await get(`/v1/attendance/daily?date=2026-02-04&minPosition=${position}`, tokens.employee);

    expect(response.statusCode).toBe(200);
    expect(response.json().items).toHaveLength(1);
  });

  it('answers 503 when the read model cannot reach a position', async () => {
    const response = await get('/v1/attendance/daily?date=2026-02-04&minPosition=999999999-999999999', tokens.employee);

    expect(response.statusCode).toBe(503);
    expect(response.json().code).toBe('READ_MODEL_NOT_CAUGHT_UP');
    expect(response.headers['retry-after']).toBe('2');
  });

  it('rejects a malformed position', async () => {
    const response = await get('/v1/attendance/daily?date=2026-02-04&minPosition=latest', tokens.employee);

    expect(response.statusCode).toBe(400);
  });
});

describe('GET /v1/attendance/monthly', () => {
  it('returns the recap with TL bands and the allowance cut', async () => {
    const response = await get('/v1/attendance/monthly?month=2026-02', tokens.tenantAdmin);

    const nur = response.json().items.find((item: { nip: string }) => item.nip === NIP.colleague);
    // February 2026 has 18 workdays: 20 weekdays less 16 February (cuti bersama) and 17 February (Imlek).
    expect(nur).toMatchObject({ workingDays: 18, present: 1, late: [0, 1, 0, 0], cutPercent: 1 });
    const rudi = response.json().items.find((item: { nip: string }) => item.nip === NIP.otherUnit);
    expect(rudi).toMatchObject({ absentWithoutLeave: 1, cutPercent: 3 });
  });

  it('sums employees into unit rows', async () => {
    const response = await get('/v1/attendance/monthly/units?month=2026-02', tokens.tenantAdmin);

    const setda = response.json().items.find((item: { unitId: string }) => item.unitId === 'setda');
    expect(setda).toMatchObject({ unitName: 'Sekretariat Daerah', employees: 4, late: [0, 1, 0, 0], absentWithoutLeave: 2 });
  });
});

describe('compliance queries', () => {
  it('lists who has not reported, per unit', async () => {
    const response = await get('/v1/compliance/units?date=2026-02-02', tokens.tenantAdmin);

    const setda = response.json().items.find((item: { unitId: string }) => item.unitId === 'setda');
    expect(setda).toMatchObject({ expected: 4, compliant: 1, rate: 0.25 });
    expect(setda.nonCompliant.map((item: { nip: string }) => item.nip).sort()).toEqual([NIP.admin, NIP.colleague, NIP.supervisor].sort());
  });

  it('shows the supervisor activities waiting for review', async () => {
    const response = await get('/v1/activities?date=2026-02-02&status=submitted', tokens.supervisor);

    expect(response.json().items).toMatchObject([{ nip: NIP.employee, activityId: 'a-1', minutes: 90 }]);
  });

  it('shows a unit admin the activities of their unit, and another unit none of them', async () => {
    const own = await get('/v1/activities?date=2026-02-02', tokens.unitAdmin);
    expect(own.statusCode).toBe(200);
    expect(own.json().items).toMatchObject([{ nip: NIP.employee, activityId: 'a-1' }]);

    const otherAdmin = await harness.token({ role: 'unit_admin', unit: 'dinkes', subject: 'admin-dinkes' });
    const other = await get('/v1/activities?date=2026-02-02', otherAdmin);
    expect(other.statusCode).toBe(200);
    expect(other.json().items).toEqual([]);
  });
});

describe('exports', () => {
  it('exports the monthly recap as CSV with Indonesian headers', async () => {
    const response = await get('/v1/exports/monthly-recap.csv?month=2026-02', tokens.tenantAdmin);

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const [header, ...lines] = response.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(header).toContain('NIP,Nama,Unit Kerja,Bulan,Hari Kerja,Hadir,TL1,TL2,TL3,TL4,PSW1');
    expect(header).toContain('Tanpa Keterangan,Hari WFA,Potongan TPP (%)');
    expect(lines).toHaveLength(5);
  });

  it('exports daily compliance as XLSX', async () => {
    const response = await get('/v1/exports/daily-compliance.xlsx?date=2026-02-02', tokens.unitAdmin);

    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(1).getCell(1).value).toBe('NIP');
    expect(sheet?.getRow(1).getCell(13).value).toBe('Patuh');
    expect(sheet?.rowCount).toBe(5);
  });

  it('rejects an unknown export format', async () => {
    const response = await get('/v1/exports/monthly-recap.pdf?month=2026-02', tokens.tenantAdmin);

    expect(response.statusCode).toBe(400);
  });
});
