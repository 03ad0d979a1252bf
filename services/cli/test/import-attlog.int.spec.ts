import { createFleksiEventRegistry } from '@fleksi/contracts';
import { TenantCache, type ApplicationDependencies } from '@fleksi/domain';
import { PostgresEventStore } from '@fleksi/event-store';
import { importAttlog, type AttlogImportOptions, type ImportReport } from '@fleksi/fingerprint/import';
import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fingerprintFixture, seedTenant, testDependencies, WEEK_LOG, WEEK_PIN_MAP } from './import-fixtures.ts';

let database: TestDatabase;
let store: PostgresEventStore;
// Saturday 10 January 2026, 10:00 WITA: the day after the week of the log.
let now = '2026-01-10T02:00:00.000Z';
let dependencies: ApplicationDependencies;

const UNIT = 'bkpsdm';
const WEEK_NIPS = [...new Set(WEEK_PIN_MAP.values())];

beforeAll(async () => {
  database = await createTestDatabase();
  store = new PostgresEventStore(database.pool, { registry: createFleksiEventRegistry() });
  dependencies = testDependencies(store, () => now);
});

afterAll(async () => {
  await database.drop();
});

function linesOf(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

function runImport(tenantId: string, text: string, options: Partial<AttlogImportOptions> = {}): Promise<ImportReport> {
  return importAttlog(
    linesOf(text),
    { dependencies, tenants: new TenantCache(store) },
    { tenantId, unitId: UNIT, actor: 'cli:test-operator', correlationId: `test-${tenantId}`, pinMap: WEEK_PIN_MAP, deviceId: 'CQZ7232460123', ...options },
  );
}

async function eventCount(tenantId: string, types?: readonly string[]): Promise<number> {
  const { rows } = await database.pool.query<{ count: string }>(
    'SELECT count(*) FROM events WHERE tenant_id = $1 AND ($2::text[] IS NULL OR event_type = ANY($2::text[]))',
    [tenantId, types ?? null],
  );
  return Number(rows[0]?.count);
}

async function typesOf(tenantId: string, nip: string, date: string): Promise<string[]> {
  return (await store.readStream(`attendance-${tenantId}-${nip}-${date}`)).events.map((event) => event.type);
}

describe('importAttlog on the week log', () => {
  const tenantId = 'kab-maros';
  let first: ImportReport;
  let eventsAfterFirst: number;

  beforeAll(async () => {
    now = '2026-01-10T02:00:00.000Z';
    await seedTenant(dependencies, { tenantId, unitId: UNIT, nips: WEEK_NIPS, offlineWindowHours: 720 });
    first = await runImport(tenantId, fingerprintFixture(WEEK_LOG));
    eventsAfterFirst = await eventCount(tenantId);
  });

  it('counts lines, records and malformed lines', () => {
    expect(first).toMatchObject({ dryRun: false, linesRead: 121, recordsAccepted: 113, malformedLines: 8, duplicatesDropped: 2 });
    expect(first.malformedByReason).toEqual({ MALFORMED_LINE: 1, INVALID_PIN: 1, INVALID_DATETIME: 4, INVALID_STATE: 1, INVALID_VERIFY_MODE: 1 });
    expect(first.malformedSamples.map((line) => line.lineNumber)).toEqual([41, 57, 62, 79, 84, 87, 125, 126]);
  });

  it('reports unknown PINs', () => {
    expect(first.unknownPins).toEqual(['11', '99', '4321']);
    expect(first.unknownPinRecords).toBe(10);
  });

  it('issues check-ins and check-outs', () => {
    expect(first.checkIns).toEqual({ issued: 49, alreadyPresent: 0 });
    expect(first.checkOuts).toEqual({ issued: 44, alreadyPresent: 0 });
  });

  it('reports a check-out without check-in as rejected', () => {
    expect(first.rejectedByCode).toEqual({ NOT_CHECKED_IN: 1 });
    expect(first.rejectedSamples).toEqual([
      expect.objectContaining({ lineNumber: 99, pin: '5', nip: '198811042012121001', date: '2026-01-08', kind: 'check-out', code: 'NOT_CHECKED_IN' }),
    ]);
  });

  it('records terminal time and the importing actor', async () => {
    const [checkIn] = (await store.readStream(`attendance-${tenantId}-198201152006041001-2026-01-05`)).events;

    expect(checkIn).toMatchObject({
      type: 'CheckedIn',
      data: { source: 'fingerprint', deviceId: 'CQZ7232460123', deviceTime: '2026-01-04T23:21:33.000Z', effectiveAt: '2026-01-04T23:21:33.000Z' },
      metadata: { actor: { subject: 'cli:test-operator', role: 'system' }, correlationId: `test-${tenantId}`, source: 'fingerprint' },
    });
  });

  it('changes nothing when imported again', async () => {
    const second = await runImport(tenantId, fingerprintFixture(WEEK_LOG));

    expect(await eventCount(tenantId)).toBe(eventsAfterFirst);
    expect(second.checkIns).toEqual({ issued: 0, alreadyPresent: 49 });
    expect(second.checkOuts).toEqual({ issued: 0, alreadyPresent: 44 });
    expect(second.rejectedByCode).toEqual({ NOT_CHECKED_IN: 1 });
  });

  it('finds records of another actor as present', async () => {
    const attendanceBefore = await eventCount(tenantId, ['CheckedIn', 'CheckedOut']);

    const byAnotherOperator = await runImport(tenantId, fingerprintFixture(WEEK_LOG), { actor: 'cli:second-operator', deviceId: null });

    expect(byAnotherOperator.checkIns).toEqual({ issued: 0, alreadyPresent: 49 });
    expect(byAnotherOperator.checkOuts).toEqual({ issued: 0, alreadyPresent: 44 });
    expect(await eventCount(tenantId, ['CheckedIn', 'CheckedOut'])).toBe(attendanceBefore);
    // Attempt ids derive from the actor, so the other operator's rejected check-out is a new attempt.
    expect(await eventCount(tenantId)).toBe(eventsAfterFirst + 1);
  });
});

describe('importAttlog rules and modes', () => {
  it('imports a baseline older than the offline window', async () => {
    const tenantId = 'kab-takalar';
    now = '2026-06-01T02:00:00.000Z';
    await seedTenant(dependencies, { tenantId, unitId: UNIT, nips: WEEK_NIPS });

    const report = await runImport(tenantId, fingerprintFixture(WEEK_LOG));

    expect(report.rejectedByCode).toEqual({ NOT_CHECKED_IN: 1 });
    expect(report.checkIns.issued).toBe(49);
  });

  it('records nothing in a dry run', async () => {
    const tenantId = 'kab-bone';
    now = '2026-01-10T02:00:00.000Z';
    const [missing, ...registered] = WEEK_NIPS;
    await seedTenant(dependencies, { tenantId, unitId: UNIT, nips: registered, offlineWindowHours: 720 });
    const before = await eventCount(tenantId);

    const report = await runImport(tenantId, fingerprintFixture(WEEK_LOG), { dryRun: true });

    expect(await eventCount(tenantId)).toBe(before);
    expect(report.dryRun).toBe(true);
    expect(report.rejectedByCode.EMPLOYEE_NOT_FOUND).toBeGreaterThan(0);
    expect(report.rejectedSamples.find((punch) => punch.code === 'EMPLOYEE_NOT_FOUND')).toMatchObject({ nip: missing });
    expect(report.checkIns.issued + (report.rejectedByCode.EMPLOYEE_NOT_FOUND ?? 0)).toBeGreaterThanOrEqual(49);
  });

  it('pairs a log sorted by PIN like one in time order', async () => {
    const tenantId = 'kab-wajo';
    now = '2026-01-10T02:00:00.000Z';
    await seedTenant(dependencies, { tenantId, unitId: UNIT, nips: WEEK_NIPS, offlineWindowHours: 720 });
    const lines = linesOf(fingerprintFixture(WEEK_LOG)).filter((line) => line.trim() !== '');
    const byPin = [...lines].sort((left, right) => Number(left.trim().split(/\s+/)[0]) - Number(right.trim().split(/\s+/)[0]));

    const report = await runImport(tenantId, byPin.join('\n'));

    expect(report.checkIns).toEqual({ issued: 49, alreadyPresent: 0 });
    expect(report.checkOuts).toEqual({ issued: 44, alreadyPresent: 0 });
    expect(await typesOf(tenantId, '199205192019022002', '2026-01-09')).toEqual(['CheckedIn', 'CheckedOut']);
  });

  it('throws UNIT_NOT_FOUND before reading', async () => {
    await expect(runImport('kab-maros', fingerprintFixture(WEEK_LOG), { unitId: 'dinas-tidak-ada' })).rejects.toMatchObject({ code: 'UNIT_NOT_FOUND' });
  });

  it('throws TENANT_NOT_FOUND for an unknown tenant', async () => {
    await expect(runImport('kab-tidak-ada', fingerprintFixture(WEEK_LOG))).rejects.toMatchObject({ code: 'TENANT_NOT_FOUND' });
  });
});
