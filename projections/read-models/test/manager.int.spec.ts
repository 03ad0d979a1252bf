import { compareLogPositions } from '@fleksi/contracts';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { activeGeneration, applyBatch, listGenerations, ProjectionManager, ProjectorOwnershipLostError, projectionStatus, rebuildProjection, workdaysProjection } from '../src/index.ts';
import { NIP, Scenario } from './scenario.ts';

let scenario: Scenario;
const logger = pino({ level: process.env['TEST_LOG'] ?? 'silent' });

beforeAll(async () => {
  scenario = await Scenario.create();
  await scenario.checkIn(NIP.andi, '2026-01-05', '07:20');
});

afterAll(async () => {
  await scenario.database.drop();
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function caughtUp(): Promise<boolean> {
  await scenario.visible();
  const head = await scenario.store.headPosition();
  const active = await activeGeneration(scenario.database.pool, workdaysProjection.name);
  return head !== undefined && active !== undefined && compareLogPositions(active.position, head) >= 0;
}

describe('projection manager', () => {
  it('builds the first generation and follows the log live', async () => {
    const manager = new ProjectionManager({ pool: scenario.database.pool, store: scenario.store, projections: [workdaysProjection], logger, pollIntervalMs: 50 });
    await manager.start();
    await manager.caughtUp();

    await scenario.checkIn(NIP.nur, '2026-01-05', '07:40');
    await waitUntil(caughtUp);
    await manager.stop();

    expect((await scenario.attendance(NIP.nur, '2026-01-05'))?.['status']).toBe('terlambat');
  });

  it('keeps a second process on standby', async () => {
    const first = new ProjectionManager({ pool: scenario.database.pool, store: scenario.store, projections: [workdaysProjection], logger, pollIntervalMs: 50 });
    const second = new ProjectionManager({ pool: scenario.database.pool, store: scenario.store, projections: [workdaysProjection], logger, pollIntervalMs: 50 });
    await first.start();
    await second.start();
    await first.caughtUp();

    await first.stop();
    await scenario.checkIn(NIP.siti, '2026-01-05', '07:00');
    await waitUntil(caughtUp);
    await second.stop();

    expect((await scenario.attendance(NIP.siti, '2026-01-05'))?.['status']).toBe('hadir');
  });

  it('hands over when the lock connection drops', async () => {
    const first = new ProjectionManager({ pool: scenario.database.pool, store: scenario.store, projections: [workdaysProjection], logger, pollIntervalMs: 50 });
    const second = new ProjectionManager({ pool: scenario.database.pool, store: scenario.store, projections: [workdaysProjection], logger, pollIntervalMs: 50 });
    await first.start();
    await first.caughtUp();
    await second.start();

    // The session that holds the projector's advisory lock ends, as on a network cut.
    const holders = await scenario.database.pool.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(holders.rows).toHaveLength(1);
    await scenario.database.pool.query('SELECT pg_terminate_backend($1)', [holders.rows[0]?.pid]);

    await scenario.checkIn(NIP.andi, '2026-01-06', '07:15');
    await waitUntil(caughtUp);
    await first.stop();
    await second.stop();

    expect((await scenario.attendance(NIP.andi, '2026-01-06'))?.['status']).toBe('hadir');
  });

  it('refuses a batch whose checkpoint moved under it', async () => {
    const generation = await activeGeneration(scenario.database.pool, workdaysProjection.name);
    const events = await scenario.store.readAll({ after: { commit: 0n, prepare: 0n }, maxCount: 1 });
    const last = events[events.length - 1]!;

    const stale = applyBatch(scenario.database.pool, workdaysProjection, generation!, events, { position: last.position, recordedAt: last.recordedAt }, { expectedPosition: { commit: 0n, prepare: 0n } });

    await expect(stale).rejects.toBeInstanceOf(ProjectorOwnershipLostError);
    expect((await activeGeneration(scenario.database.pool, workdaysProjection.name))?.position).toEqual(generation?.position);
  });

  it('rebuilds beside the live model when the code version changes', async () => {
    const before = await activeGeneration(scenario.database.pool, workdaysProjection.name);
    const nextVersion = { ...workdaysProjection, version: workdaysProjection.version + 1 };
    const manager = new ProjectionManager({ pool: scenario.database.pool, store: scenario.store, projections: [nextVersion], logger, pollIntervalMs: 50, watchIntervalMs: 100 });

    await manager.start();
    await waitUntil(async () => (await activeGeneration(scenario.database.pool, workdaysProjection.name))?.codeVersion === nextVersion.version);
    await manager.stop();

    const generations = await listGenerations(scenario.database.pool, workdaysProjection.name);
    expect(generations.find((generation) => generation.generation === before?.generation)?.status).toBe('retired');
    expect((await scenario.attendance(NIP.andi, '2026-01-05'))?.['status']).toBe('hadir');
  });

  it('rebuilds on request while readers keep the old generation', async () => {
    const before = await activeGeneration(scenario.database.pool, workdaysProjection.name);

    const rebuilt = await rebuildProjection(scenario.database.pool, scenario.store, { ...workdaysProjection, version: workdaysProjection.version + 1 }, { batchSize: 3 });

    const after = await activeGeneration(scenario.database.pool, workdaysProjection.name);
    expect(after?.generation).toBe(rebuilt.generation);
    expect(after?.generation).toBeGreaterThan(before?.generation ?? 0);
    expect(after?.eventsApplied).toBe(before?.eventsApplied);
  });

  it('reports position and lag', async () => {
    await scenario.checkIn(NIP.rudi, '2026-01-05', '07:10');
    await scenario.visible();

    const [status] = await projectionStatus(scenario.database.pool);

    expect(status).toMatchObject({ projection: 'workdays', status: 'active', lagEvents: 1 });
    expect(status?.lagSeconds).toBeGreaterThanOrEqual(0);
  });
});
