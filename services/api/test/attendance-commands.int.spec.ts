import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createHarness, nearOffice, NIP, seedOrganisation, type Harness } from './harness.ts';

let harness: Harness;
let employee: string;
let colleague: string;
let unitAdmin: string;

beforeAll(async () => {
  harness = await createHarness();
  await seedOrganisation(harness);
  employee = await harness.token({ role: 'employee', nip: NIP.employee });
  colleague = await harness.token({ role: 'employee', nip: NIP.colleague });
  unitAdmin = await harness.token({ role: ['employee', 'unit_admin'], nip: NIP.admin, unit: 'setda' });
});

afterAll(async () => {
  await harness.close();
});

beforeEach(() => {
  // Thursday 22 January 2026, 07:25 WITA.
  harness.setNow('2026-01-21T23:25:00.000Z');
});

async function eventsOf(streamId: string) {
  return (await harness.store.readStream(streamId)).events;
}

const wfo = { mode: 'WFO', source: 'mobile', location: nearOffice(), deviceId: 'android-7' };

describe('POST /v1/commands/check-in', () => {
  it('records a WFO check-in and answers 201 with its position', async () => {
    const response = await harness.command('check-in', employee, wfo);

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ streamId: `attendance-mamuju-tengah-${NIP.employee}-2026-01-22`, version: 1, replayed: false });
    expect(response.json().position).toMatch(/^\d+-\d+$/);
    const [event] = await eventsOf(`attendance-mamuju-tengah-${NIP.employee}-2026-01-22`);
    expect(event).toMatchObject({ type: 'CheckedIn', metadata: { tenantId: 'mamuju-tengah', actor: { subject: NIP.employee, role: 'employee' }, command: 'CheckIn', source: 'mobile' } });
  });

  it('rejects a second check-in with 409 in Indonesian by default', async () => {
    const response = await harness.command('check-in', employee, wfo);

    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'ALREADY_CHECKED_IN', status: 409, detail: 'Anda sudah presensi masuk pada 2026-01-22 pukul 07:25.' });
  });

  it('answers in English with Accept-Language en', async () => {
    const response = await harness.command('check-in', employee, wfo, { 'accept-language': 'en-US,en;q=0.9,id;q=0.5' });

    expect(response.json().detail).toBe('You already checked in on 2026-01-22 at 07:25.');
    expect(response.headers['content-language']).toBe('en');
  });

  it('rejects WFO outside the geofence with 422 and records the attempt', async () => {
    const response = await harness.command('check-in', colleague, { ...wfo, location: nearOffice(2_000) });

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'OUTSIDE_GEOFENCE', detail: 'Lokasi Anda 2000 m dari kantor terdekat, di luar radius 150 m. Presensi WFO harus di kantor.' });
    expect(await eventsOf(`attendance-mamuju-tengah-${NIP.colleague}-2026-01-22`)).toHaveLength(0);
    const attempts = await eventsOf(`attempts-mamuju-tengah-${NIP.colleague}`);
    expect(attempts.at(-1)).toMatchObject({ type: 'AttendanceAttemptRejected', data: { reason: 'OUTSIDE_GEOFENCE', kind: 'check-in' } });
  });

  it('rejects WFA without an assigned day, in both languages', async () => {
    const indonesian = await harness.command('check-in', colleague, { ...wfo, mode: 'WFA' });
    const english = await harness.command('check-in', colleague, { ...wfo, mode: 'WFA' }, { 'accept-language': 'en' });

    expect(indonesian.statusCode).toBe(422);
    expect(indonesian.json().detail).toBe('Tanggal 2026-01-22 bukan hari WFA Anda; presensi WFA hanya pada hari yang ditetapkan.');
    expect(english.json().detail).toBe('2026-01-22 is not one of your WFA days; WFA check-in is only allowed on assigned days.');
  });

  it('accepts WFA on an assigned day', async () => {
    const assign = await harness.command('assign-wfa-day', unitAdmin, { nip: NIP.colleague, date: '2026-01-22' });
    const response = await harness.command('check-in', colleague, { ...wfo, mode: 'WFA', location: { latitude: -1.95, longitude: 119.5, accuracyMeters: 20 } });

    expect(assign.statusCode).toBe(201);
    expect(response.statusCode).toBe(201);
  });

  it('rejects a body with wrong types as 400 with field details in both languages', async () => {
    const body = { mode: 'HOME', source: 'mobile', location: { latitude: 200, longitude: 'x', accuracyMeters: 5 } };
    const indonesian = await harness.command('check-in', employee, body);
    const english = await harness.command('check-in', employee, body, { 'accept-language': 'en' });

    expect(indonesian.statusCode).toBe(400);
    expect(indonesian.json().code).toBe('VALIDATION_FAILED');
    expect(indonesian.json().errors.map((error: { path: string }) => error.path).sort()).toEqual(['body.location.latitude', 'body.location.longitude', 'body.mode']);
    expect(indonesian.json().errors[0].message).not.toBe(english.json().errors[0].message);
    expect(indonesian.body).not.toContain('HOME');
  });

  it('rejects unknown fields', async () => {
    const response = await harness.command('check-in', employee, { ...wfo, tenantId: 'other' });

    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ code: 'unrecognized_keys' });
  });

  it('rejects malformed JSON as 400 MALFORMED_JSON', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/v1/commands/check-in',
      headers: { authorization: `Bearer ${employee}`, 'content-type': 'application/json' },
      payload: '{"mode": "WFO",',
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('MALFORMED_JSON');
  });

  it('rejects fingerprint as a source from an employee token', async () => {
    const response = await harness.command('check-in', colleague, { mode: 'WFO', source: 'fingerprint', location: null, deviceTime: '2026-01-15T07:20:00+08:00' });

    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('FORBIDDEN_ROLE');
  });

  it('rejects a check-in for another employee', async () => {
    const response = await harness.command('check-in', employee, { ...wfo, nip: NIP.colleague });

    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('FORBIDDEN_SCOPE');
  });
});

describe('idempotent retry', () => {
  it('returns the first answer without appending again', async () => {
    harness.setNow('2026-01-22T08:05:00.000Z');
    const headers = { 'idempotency-key': 'checkout-andi-2026-01-22' };

    const first = await harness.command('check-out', employee, wfo, headers);
    harness.setNow('2026-01-22T08:20:00.000Z');
    const retry = await harness.command('check-out', employee, wfo, headers);

    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ ...first.json(), replayed: true });
    const checkOuts = (await eventsOf(`attendance-mamuju-tengah-${NIP.employee}-2026-01-22`)).filter((event) => event.type === 'CheckedOut');
    expect(checkOuts).toHaveLength(1);
  });

  it('rejects the same key with a different body', async () => {
    harness.setNow('2026-01-22T08:30:00.000Z');
    const response = await harness.command('check-out', employee, { ...wfo, deviceId: 'other-phone' }, { 'idempotency-key': 'checkout-andi-2026-01-22' });

    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('concurrent check-ins', () => {
  it('turns 20 simultaneous check-ins into exactly one event', async () => {
    harness.setNow('2026-01-22T23:20:00.000Z');
    const token = await harness.token({ role: 'employee', nip: NIP.admin });

    const responses = await Promise.all(Array.from({ length: 20 }, () => harness.command('check-in', token, wfo)));

    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    const events = await eventsOf(`attendance-mamuju-tengah-${NIP.admin}-2026-01-23`);
    expect(events.filter((event) => event.type === 'CheckedIn')).toHaveLength(1);
  });
});

describe('offline check-in', () => {
  it('accepts a device time within 72 hours and rejects an older one', async () => {
    harness.setNow('2026-01-25T20:00:00.000Z');
    const withinWindow = await harness.command('check-in', colleague, { ...wfo, deviceTime: '2026-01-23T07:28:00+08:00' });
    const tooOld = await harness.command('check-in', colleague, { ...wfo, deviceTime: '2026-01-19T07:28:00+08:00' });

    expect(withinWindow.statusCode).toBe(201);
    expect(withinWindow.json().streamId).toBe(`attendance-mamuju-tengah-${NIP.colleague}-2026-01-23`);
    expect(tooOld.statusCode).toBe(422);
    expect(tooOld.json().code).toBe('OFFLINE_WINDOW_EXCEEDED');
  });
});

describe('POST /v1/commands/correct-attendance', () => {
  const correction = { nip: NIP.employee, date: '2026-01-22', checkOutAt: '2026-01-22T16:05:00+08:00', reason: 'Lupa presensi pulang, disetujui atasan', reference: 'ND-7/2026' };

  it('lets the unit admin correct as a new event', async () => {
    const response = await harness.command('correct-attendance', unitAdmin, correction);

    expect(response.statusCode).toBe(201);
    expect((await eventsOf(`attendance-mamuju-tengah-${NIP.employee}-2026-01-22`)).at(-1)?.type).toBe('AttendanceCorrected');
  });

  it('rejects a correction by the employee', async () => {
    const response = await harness.command('correct-attendance', employee, correction);

    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('FORBIDDEN_ROLE');
  });

  it('rejects a unit admin of another unit', async () => {
    const otherAdmin = await harness.token({ role: 'unit_admin', unit: 'dinkes', subject: 'admin-dinkes' });

    const response = await harness.command('correct-attendance', otherAdmin, correction);

    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('FORBIDDEN_SCOPE');
  });

  it('requires a reason of at least 10 characters', async () => {
    const response = await harness.command('correct-attendance', unitAdmin, { ...correction, reason: 'lupa' });

    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ path: 'body.reason', message: 'alasan minimal 10 karakter' });
  });
});

describe('POST /v1/commands/record-absence', () => {
  const sick = { nip: NIP.colleague, type: 'cuti_sakit', from: '2026-02-02', to: '2026-02-03', reference: 'SKD-01/2026' };

  it('lets the direct supervisor record sick leave', async () => {
    const supervisor = await harness.token({ role: ['employee', 'supervisor'], nip: NIP.supervisor });

    const response = await harness.command('record-absence', supervisor, sick);

    expect(response.statusCode).toBe(201);
  });

  it('rejects an overlapping absence with 409', async () => {
    const response = await harness.command('record-absence', unitAdmin, { ...sick, type: 'izin', from: '2026-02-03', to: '2026-02-03' });

    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('ABSENCE_OVERLAPS');
  });

  it('rejects a supervisor who is not the direct supervisor', async () => {
    const stranger = await harness.token({ role: 'supervisor', nip: NIP.otherUnit });

    const response = await harness.command('record-absence', stranger, { ...sick, from: '2026-03-02', to: '2026-03-02' });

    expect(response.statusCode).toBe(403);
  });
});
