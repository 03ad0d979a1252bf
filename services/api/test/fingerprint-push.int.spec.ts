import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { generateDeviceKey, hashDeviceKey } from '@fleksi/fingerprint/import';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createHarness, nearOffice, NIP, seedOrganisation, TENANT, type Harness } from './harness.ts';

const SERIAL = 'CQZ7232460123';
const KEY = generateDeviceKey();
/** A second terminal without a PIN map: its users are enrolled with their NIP as PIN. */
const NIP_SERIAL = 'BOCK201260145';
const NIP_KEY = generateDeviceKey();

let harness: Harness;
let configDir: string;

beforeAll(async () => {
  configDir = await mkdtemp(path.join(tmpdir(), 'fleksi-devices-'));
  await writeFile(path.join(configDir, 'pin-map-setda.csv'), `pin;nip;nama\n1;${NIP.employee};Andi Pratama\n2;${NIP.colleague};Nur Aisyah\n`);
  const devices = {
    devices: [
      { serial: SERIAL, tenantId: TENANT, unitId: 'setda', keySha256: hashDeviceKey(KEY), pinMapFile: 'pin-map-setda.csv', description: 'Lobi Kantor Bupati' },
      { serial: NIP_SERIAL, tenantId: TENANT, unitId: 'dinkes', keySha256: hashDeviceKey(NIP_KEY) },
    ],
  };
  const devicesFile = path.join(configDir, 'devices.json');
  await writeFile(devicesFile, JSON.stringify(devices));
  process.env['FLEKSI_FINGERPRINT_DEVICES'] = devicesFile;

  harness = await createHarness();
  await seedOrganisation(harness);
});

afterAll(async () => {
  await harness.close();
  delete process.env['FLEKSI_FINGERPRINT_DEVICES'];
  await rm(configDir, { recursive: true, force: true });
});

function adms(body: string, options: { serial?: string; key?: string | null; table?: string; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
  const key = options.key === undefined ? KEY : options.key;
  return harness.app.inject({
    method: 'POST',
    url: `/iclock/cdata?SN=${options.serial ?? SERIAL}&table=${options.table ?? 'ATTLOG'}&Stamp=9999`,
    headers: { 'content-type': 'text/plain', ...(key === null ? {} : { 'x-device-key': key }), ...options.headers },
    payload: body,
  });
}

function push(serial: string, key: string, body: string): Promise<LightMyRequestResponse> {
  return harness.app.inject({
    method: 'POST',
    url: `/v1/fingerprint/devices/${serial}/attlog`,
    headers: { 'content-type': 'text/plain', authorization: `Device ${key}` },
    payload: body,
  });
}

async function eventsOf(nip: string, date: string) {
  return (await harness.store.readStream(`attendance-${TENANT}-${nip}-${date}`)).events;
}

async function eventCount(): Promise<number> {
  const { rows } = await harness.database.pool.query<{ count: string }>('SELECT count(*) FROM events');
  return Number(rows[0]?.count);
}

/** An ADMS body as a terminal that writes state 255 sends it: one day of two employees. */
const ADMS_BODY = [
  '1\t2026-01-12 07:25:11\t255\t1\t0\t0\t0\t0\t0\t0',
  '2\t2026-01-12 07:27:40\t255\t1\t0\t0\t0\t0\t0\t0',
  '1\t2026-01-12 16:02:09\t255\t1\t0\t0\t0\t0\t0\t0',
  '2\t2026-01-12 16:05:51\t255\t1\t0\t0\t0\t0\t0\t0',
  '',
].join('\n');

describe('POST /iclock/cdata (ADMS)', () => {
  it('records an ATTLOG upload and answers OK', async () => {
    // Monday 12 January 2026, 17:00 WITA.
    harness.setNow('2026-01-12T09:00:00.000Z');

    const response = await adms(ADMS_BODY);

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toBe('OK');
    const events = await eventsOf(NIP.employee, '2026-01-12');
    expect(events.map((event) => event.type)).toEqual(['CheckedIn', 'CheckedOut']);
    expect(events[0]).toMatchObject({
      data: { source: 'fingerprint', mode: 'WFO', deviceId: SERIAL, deviceTime: '2026-01-11T23:25:11.000Z', effectiveAt: '2026-01-11T23:25:11.000Z', flags: ['OFFLINE_RECORDED', 'NO_LOCATION'] },
      metadata: { actor: { subject: `device:${SERIAL}`, role: 'system' }, source: 'fingerprint', idempotencyKey: `fingerprint|v1|${TENANT}|setda|1|2026-01-12|check-in|2026-01-12T07:25:11` },
    });
    expect((await eventsOf(NIP.colleague, '2026-01-12')).map((event) => event.type)).toEqual(['CheckedIn', 'CheckedOut']);
  });

  it('appends nothing when the same upload comes again', async () => {
    const before = await eventCount();

    const response = await adms(ADMS_BODY);

    expect(response.body).toBe('OK');
    expect(await eventCount()).toBe(before);
  });

  it('answers OK to other tables without recording', async () => {
    const before = await eventCount();

    const response = await adms('OPLOG 4\t0\t2026-01-12 16:10:00\t0\t0\t0\t0\n', { table: 'OPERLOG' });

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('OK');
    expect(await eventCount()).toBe(before);
  });

  it('rejects a missing SN with 400', async () => {
    const response = await harness.app.inject({ method: 'POST', url: '/iclock/cdata?table=ATTLOG', headers: { 'x-device-key': KEY }, payload: ADMS_BODY });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('device authentication', () => {
  it('answers 404 in Indonesian for an unknown serial', async () => {
    const response = await adms(ADMS_BODY, { serial: 'UNKNOWN0001' });

    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      code: 'DEVICE_NOT_FOUND',
      status: 404,
      title: 'Tidak ditemukan',
      detail: 'Mesin presensi dengan nomor seri UNKNOWN0001 belum terdaftar.',
      instance: '/iclock/cdata',
    });
  });

  it('answers 401 without a device key', async () => {
    const response = await adms(ADMS_BODY, { key: null });

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Device');
    expect(response.json()).toMatchObject({ code: 'DEVICE_KEY_MISSING', status: 401 });
  });

  it('answers 401 in English for a wrong key', async () => {
    const response = await adms(ADMS_BODY, { key: NIP_KEY, headers: { 'accept-language': 'en' } });

    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'DEVICE_KEY_INVALID', detail: `The key of device ${SERIAL} is wrong. Check the key stored on the attendance terminal.` });
  });

  it('rejects a bearer token in place of the device key', async () => {
    const token = await harness.token({ role: 'system' });

    const response = await adms(ADMS_BODY, { key: null, headers: { authorization: `Bearer ${token}` } });

    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'DEVICE_KEY_MISSING' });
  });

  it('records nothing for a rejected push', async () => {
    const before = await eventCount();

    await push(SERIAL, NIP_KEY, '1\t2026-01-13 07:10:00\t255\t1\n');

    expect(await eventCount()).toBe(before);
  });
});

describe('POST /v1/fingerprint/devices/:serial/attlog', () => {
  it('pairs records pushed one at a time', async () => {
    // Tuesday 13 January 2026: the terminal pushes each record as it is made.
    harness.setNow('2026-01-12T23:21:00.000Z');
    const morning = await push(SERIAL, KEY, '1\t2026-01-13 07:20:58\t255\t1\t0\t0\n');
    harness.setNow('2026-01-13T08:04:00.000Z');
    const afternoon = await push(SERIAL, KEY, '1\t2026-01-13 16:03:30\t255\t1\t0\t0\n');

    expect(morning.statusCode).toBe(200);
    expect(morning.json()).toMatchObject({ serial: SERIAL, tenantId: TENANT, unitId: 'setda', report: { checkIns: { issued: 1, alreadyPresent: 0 } } });
    expect(afternoon.json().report).toMatchObject({ checkIns: { issued: 0 }, checkOuts: { issued: 1, alreadyPresent: 0 } });
    const events = await eventsOf(NIP.employee, '2026-01-13');
    expect(events.map((event) => event.type)).toEqual(['CheckedIn', 'CheckedOut']);
    expect(events[1]?.data).toMatchObject({ deviceTime: '2026-01-13T08:03:30.000Z' });
  });

  it('reports the whole day as present after the pushes', async () => {
    const before = await eventCount();

    const response = await push(SERIAL, KEY, '1\t2026-01-13 07:20:58\t255\t1\n1\t2026-01-13 16:03:30\t255\t1\n');

    expect(response.json().report).toMatchObject({ checkIns: { issued: 0, alreadyPresent: 1 }, checkOuts: { issued: 0, alreadyPresent: 1 } });
    expect(await eventCount()).toBe(before);
  });

  it('reports malformed lines, unknown PINs and rule rejections', async () => {
    // Wednesday 14 January 2026, 08:00 WITA: the colleague checked in by phone at 07:40.
    harness.setNow('2026-01-13T23:40:00.000Z');
    const colleague = await harness.token({ role: 'employee', nip: NIP.colleague });
    expect((await harness.command('check-in', colleague, { mode: 'WFO', source: 'mobile', location: nearOffice(), deviceId: 'android-3' })).statusCode).toBe(201);
    harness.setNow('2026-01-14T00:00:00.000Z');

    const response = await push(
      SERIAL,
      KEY,
      ['2\t2026-01-14 07:31:02\t255\t1', '77\t2026-01-14 07:33:00\t255\t1', '1\t2026-01-14 07:3', '\t2026-01-14 07:35:00\t255\t1'].join('\r\n'),
    );

    const { report } = response.json();
    expect(response.statusCode).toBe(200);
    expect(report).toMatchObject({
      linesRead: 4,
      recordsAccepted: 2,
      malformedLines: 2,
      malformedByReason: { INVALID_DATETIME: 1, INVALID_PIN: 1 },
      unknownPins: ['77'],
      unknownPinRecords: 1,
      rejected: 1,
      rejectedByCode: { ALREADY_CHECKED_IN: 1 },
      checkIns: { issued: 0, alreadyPresent: 0 },
    });
    expect(report.malformedSamples.map((line: { lineNumber: number }) => line.lineNumber)).toEqual([3, 4]);
    expect(report.rejectedSamples[0]).toMatchObject({ lineNumber: 1, nip: NIP.colleague, kind: 'check-in', code: 'ALREADY_CHECKED_IN' });
  });

  it('maps a PIN that is an NIP without a PIN map', async () => {
    harness.setNow('2026-01-14T01:00:00.000Z');

    const response = await push(NIP_SERIAL, NIP_KEY, `${NIP.otherUnit}\t2026-01-14 07:45:00\t0\t1\n123\t2026-01-14 07:46:00\t0\t1\n`);

    expect(response.json().report).toMatchObject({ checkIns: { issued: 1 }, unknownPins: ['123'] });
    expect((await eventsOf(NIP.otherUnit, '2026-01-14')).map((event) => event.type)).toEqual(['CheckedIn']);
  });

  it('answers 413 above the body limit', async () => {
    const line = '1\t2026-01-14 07:45:00\t0\t1\n';

    const response = await push(SERIAL, KEY, line.repeat(Math.ceil((300 * 1024) / line.length)));

    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'BODY_TOO_LARGE' });
  });

  it('answers 404 for an unknown serial in the path', async () => {
    const response = await push('NOPE', KEY, ADMS_BODY);

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'DEVICE_NOT_FOUND' });
  });
});
