import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { CheckInBody, createFleksiEventRegistry, RegisterTenantBody } from '@fleksi/contracts';
import {
  closeWorkday,
  correctAttendance,
  recordPresence,
  registerEmployee,
  registerTenant,
  registerUnit,
  TenantCache,
  type ApplicationDependencies,
  type Principal,
} from '@fleksi/domain';
import { PostgresEventStore } from '@fleksi/event-store';
import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { compareAsOf, historyAsJsonLines, queryHistory, recordCheckpoint, verifyLog } from '../src/index.ts';

const TENANT = 'mamuju-tengah';
const NIP = '198609262015051001';
const OTHER = '199104112019032003';
const OFFICE = { latitude: -1.8796, longitude: 119.4665 };
const verifier = fileURLToPath(new URL('../tools/verify-export.mjs', import.meta.url));

let database: TestDatabase;
let dependencies: ApplicationDependencies;
let tenants: TenantCache;
let now = '2026-01-05T00:00:00.000Z';
const admin: Principal = { tenantId: TENANT, subject: 'bkpsdm', roles: ['tenant_admin', 'system'], nip: null, unitId: null };
const request = { correlationId: 'audit-test' };

function at(date: string, time: string): void {
  now = DateTime.fromISO(`${date}T${time}`, { zone: 'Asia/Makassar' }).toUTC().toISO() ?? '';
}

async function checkIn(nip: string, date: string, time: string, kind: 'CheckIn' | 'CheckOut' = 'CheckIn', meters = 20): Promise<void> {
  at(date, time);
  const employee: Principal = { tenantId: TENANT, subject: nip, roles: ['employee'], nip, unitId: null };
  const location = { latitude: OFFICE.latitude + meters / 111_195, longitude: OFFICE.longitude, accuracyMeters: 10 };
  await recordPresence(dependencies, tenants, employee, kind, CheckInBody.parse({ mode: 'WFO', source: 'mobile', location }), request).catch(() => undefined);
}

beforeAll(async () => {
  database = await createTestDatabase();
  const store = new PostgresEventStore(database.pool, { registry: createFleksiEventRegistry() });
  dependencies = { store, registry: createFleksiEventRegistry(), clock: () => now };
  tenants = new TenantCache(store);

  await registerTenant(dependencies, admin, RegisterTenantBody.parse({ tenantId: TENANT, name: 'Kabupaten Mamuju Tengah' }), request);
  await registerUnit(dependencies, admin, { unitId: 'setda', name: 'Sekretariat Daerah', geofences: [{ id: 'kantor', name: 'Kantor', ...OFFICE, radiusMeters: 150 }] }, request);
  for (const nip of [NIP, OTHER]) {
    await registerEmployee(dependencies, admin, { nip, kind: 'PNS', name: `Pegawai ${nip.slice(-1)}`, unitId: 'setda', supervisorNip: null, roles: ['employee'], domicile: null }, request);
  }

  // January: Andi is 40 minutes late on the 22nd, tries once from far away on the 23rd.
  await checkIn(NIP, '2026-01-22', '08:10');
  await checkIn(NIP, '2026-01-22', '16:05', 'CheckOut');
  await checkIn(NIP, '2026-01-23', '07:20', 'CheckIn', 5_000);
  await checkIn(NIP, '2026-01-23', '07:25');
  await checkIn(OTHER, '2026-01-22', '07:15');
  for (const date of ['2026-01-22', '2026-01-23']) {
    at(DateTime.fromISO(date).plus({ days: 1 }).toISODate() ?? date, '00:10');
    await closeWorkday(dependencies, tenants, admin, { date }, request);
  }

  // 10 February, after the January allowance was computed: a correction.
  at('2026-02-10', '09:00');
  await correctAttendance(
    dependencies,
    admin,
    { nip: NIP, date: '2026-01-22', checkInAt: '2026-01-22T07:28:00+08:00', reason: 'Mesin presensi rusak, ada surat keterangan', reference: 'ND-45/2026' },
    request,
  );
}, 60_000);

afterAll(async () => {
  await database.drop();
});

async function tamper(...statements: Array<[string, unknown[]]>): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('BEGIN');
    // An intruder with database rights would switch the append-only triggers off.
    await client.query('SET LOCAL session_replication_role = replica');
    for (const [sql, parameters] of statements) {
      await client.query(sql, parameters);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

describe('history', () => {
  it('lists every event of the employee in order, with actor, times and rejections', async () => {
    const history = await queryHistory(database.pool, { tenantId: TENANT, nip: NIP, from: '2026-01-22', to: '2026-01-23' });

    expect(history.map((entry) => entry.type)).toEqual(['EmployeeRegistered', 'CheckedIn', 'CheckedOut', 'AttendanceAttemptRejected', 'CheckedIn', 'AttendanceCorrected']);
    const rejected = history.find((entry) => entry.rejected);
    expect(rejected).toMatchObject({ date: '2026-01-23', source: 'mobile', actor: { subject: NIP, role: 'employee' }, command: 'CheckInRejected' });
    expect((rejected?.data as { reason: string }).reason).toBe('OUTSIDE_GEOFENCE');
    const correction = history.at(-1);
    expect(correction).toMatchObject({ actor: { subject: 'bkpsdm' }, command: 'CorrectAttendance', source: 'admin', receivedAt: '2026-02-10T01:00:00.000Z' });
    expect(correction?.correlationId).toBe('audit-test');
    expect(correction?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps another employee out of the history', async () => {
    const history = await queryHistory(database.pool, { tenantId: TENANT, nip: NIP, from: '2026-01-22', to: '2026-01-23' });

    expect(history.every((entry) => !entry.streamId.includes(OTHER))).toBe(true);
  });
});

describe('state as known at a moment', () => {
  it('shows a correction made after the month closed', async () => {
    const comparison = await compareAsOf(database.pool, { tenantId: TENANT, nip: NIP, date: '2026-01-22', asOf: '2026-02-01T00:00:00+08:00' });

    expect(comparison.then.attendance).toMatchObject({ status: 'terlambat', minutesLate: 40, lateBand: 2, cutPercent: 1 });
    expect(comparison.now.attendance).toMatchObject({ status: 'hadir', minutesLate: 0, lateBand: null });
    expect(comparison.now.attendance?.facts.corrected).toBe(true);
    expect(comparison.changed).toBe(true);
    expect(comparison.laterEvents.map((event) => event.type)).toEqual(['AttendanceCorrected']);
    expect(comparison.laterEvents[0]?.actor).toEqual({ subject: 'bkpsdm', role: 'tenant_admin' });
  });

  it('finds no difference for a day nobody changed', async () => {
    const comparison = await compareAsOf(database.pool, { tenantId: TENANT, nip: OTHER, date: '2026-01-22', asOf: '2026-02-01T00:00:00+08:00' });

    expect(comparison.changed).toBe(false);
    expect(comparison.then.attendance).toMatchObject({ status: 'pulang_cepat', missingCheckOut: true });
  });
});

describe('tamper evidence', () => {
  it('verifies an untouched log', async () => {
    const report = await verifyLog(database.pool);

    expect(report.ok).toBe(true);
    expect(report.eventsChecked).toBeGreaterThan(30);
  });

  it('re-verifies an exported history with the independent script', async () => {
    const history = await queryHistory(database.pool, { tenantId: TENANT, nip: NIP, from: '2026-01-22', to: '2026-01-23', wholeStreams: true });
    const folder = await mkdtemp(path.join(tmpdir(), 'fleksi-export-'));
    const file = path.join(folder, 'history.jsonl');
    await writeFile(file, historyAsJsonLines(history));

    const clean = spawnSync(process.execPath, [verifier, file], { encoding: 'utf8' });
    const lines = historyAsJsonLines(history).trim().split('\n');
    const edited = JSON.parse(lines[1] ?? '{}') as { dataText: string };
    edited.dataText = edited.dataText.replace('"mode": "WFO"', '"mode": "WFA"');
    await writeFile(file, [lines[0], JSON.stringify(edited), ...lines.slice(2)].join('\n'));
    const tampered = spawnSync(process.execPath, [verifier, file], { encoding: 'utf8' });

    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain('verified');
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain('content does not match its hash');
  });

  it('records a checkpoint that later proves the log', async () => {
    const checkpoint = await recordCheckpoint(database.pool);

    expect(checkpoint?.root).toMatch(/^[0-9a-f]{64}$/);
    expect((await verifyLog(database.pool)).checkpointsChecked).toBe(1);
    expect((await verifyLog(database.pool)).ok).toBe(true);
  });

  it('locates an edited event', async () => {
    const stream = `attendance-${TENANT}-${NIP}-2026-01-22`;
    await tamper([`UPDATE events SET data = jsonb_set(data, '{effectiveAt}', '"2026-01-21T23:29:00.000Z"') WHERE stream_id = $1 AND stream_version = 1`, [stream]]);

    const report = await verifyLog(database.pool, { tenantId: TENANT });

    expect(report.ok).toBe(false);
    expect(report.breaks).toContainEqual(expect.objectContaining({ kind: 'content', streamId: stream, streamVersion: 1 }));
  });

  it('locates a deleted event and swapped events', async () => {
    const dayStream = `attendance-${TENANT}-${NIP}-2026-01-23`;
    const reportStream = `attempts-${TENANT}-${NIP}`;
    await tamper(['DELETE FROM events WHERE stream_id = $1 AND stream_version = 1', [dayStream]]);
    // Swap two calendar events of the tenant stream: each now sits at the other's version.
    const tenantStream = `tenant-${TENANT}`;
    await tamper(
      ['UPDATE events SET stream_version = 1000 WHERE stream_id = $1 AND stream_version = 2', [tenantStream]],
      ['UPDATE events SET stream_version = 2 WHERE stream_id = $1 AND stream_version = 3', [tenantStream]],
      ['UPDATE events SET stream_version = 3 WHERE stream_id = $1 AND stream_version = 1000', [tenantStream]],
    );

    const report = await verifyLog(database.pool);

    expect(report.breaks).toContainEqual(expect.objectContaining({ kind: 'missing-tail', streamId: dayStream }));
    expect(report.breaks).toContainEqual(expect.objectContaining({ kind: 'content', streamId: `tenant-${TENANT}`, streamVersion: 2 }));
    expect(report.breaks).toContainEqual(expect.objectContaining({ kind: 'content', streamId: `tenant-${TENANT}`, streamVersion: 3 }));
    expect(report.breaks.filter((entry) => entry.streamId === reportStream)).toEqual([]);
  });

  it('catches a whole stream deleted with its head through the checkpoint', async () => {
    const stream = `attendance-${TENANT}-${OTHER}-2026-01-22`;
    await tamper(['DELETE FROM events WHERE stream_id = $1', [stream]], ['DELETE FROM event_streams WHERE stream_id = $1', [stream]]);

    const report = await verifyLog(database.pool);

    expect(report.breaks).toContainEqual(expect.objectContaining({ kind: 'checkpoint' }));
    expect(report.breaks.find((entry) => entry.kind === 'checkpoint')?.detail).toContain('first differing segment 0');
  });
});
