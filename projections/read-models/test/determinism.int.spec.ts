import { START_OF_LOG } from '@fleksi/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  activateGeneration,
  applyBatch,
  catchUp,
  createGeneration,
  listGenerations,
  quoteIdentifier,
  workdaysProjection,
  type Generation,
} from '../src/index.ts';
import { readModelDigest } from './digest.ts';
import { playScriptedMonth } from './month-script.ts';
import { Scenario } from './scenario.ts';

let scenario: Scenario;
let first: Generation;
let firstDigest: string;

beforeAll(async () => {
  scenario = await Scenario.create();
  await playScriptedMonth(scenario);
  first = await createGeneration(scenario.database.pool, workdaysProjection);
  await catchUp(scenario.database.pool, scenario.store, workdaysProjection, first, { batchSize: 100 });
  firstDigest = await readModelDigest(scenario.database.pool, first);
}, 120_000);

afterAll(async () => {
  await scenario.database.drop();
});

async function freshGeneration(): Promise<Generation> {
  const generation = await createGeneration(scenario.database.pool, workdaysProjection);
  expect(generation.status).toBe('building');
  return generation;
}

describe('workdays read model determinism', () => {
  it('covers a realistic month', async () => {
    const rows = await scenario.database.pool.query(
      `SELECT status, count(*)::int AS days FROM ${quoteIdentifier(first.schema)}.daily_attendance GROUP BY status ORDER BY status`,
    );
    const statuses = Object.fromEntries(rows.rows.map((row) => [row.status, row.days]));

    expect(Object.keys(statuses)).toEqual(expect.arrayContaining(['hadir', 'terlambat', 'tanpa_keterangan', 'sakit']));
    expect(Object.values(statuses).reduce((sum: number, days) => sum + (days as number), 0)).toBeGreaterThanOrEqual(4 * 18);
  });

  it('rebuilds byte-identical after dropping the read model', async () => {
    await scenario.database.pool.query(`DROP SCHEMA ${quoteIdentifier(first.schema)} CASCADE`);
    const rebuilt = await freshGeneration();

    await catchUp(scenario.database.pool, scenario.store, workdaysProjection, rebuilt, { batchSize: 7 });
    await activateGeneration(scenario.database.pool, workdaysProjection.name, rebuilt.generation);

    expect(await readModelDigest(scenario.database.pool, rebuilt)).toBe(firstDigest);
  });

  it('gives the same result when every event is delivered twice', async () => {
    const twice = await freshGeneration();
    const events = await scenario.store.readAll({ after: START_OF_LOG, maxCount: 1_000_000 });

    for (let start = 0; start < events.length; start += 40) {
      const batch = events.slice(start, start + 40);
      const doubled = batch.flatMap((event) => [event, event]);
      const last = batch[batch.length - 1]!;
      await applyBatch(scenario.database.pool, workdaysProjection, twice, doubled, { position: last.position, recordedAt: last.recordedAt });
      // The same batch again, as a consumer would see after a crash before its commit was acknowledged.
      await applyBatch(scenario.database.pool, workdaysProjection, twice, batch, { position: last.position, recordedAt: last.recordedAt });
    }

    expect(await readModelDigest(scenario.database.pool, twice)).toBe(firstDigest);
  });

  it('finishes days a stopped rebuild postponed', async () => {
    const resumed = await freshGeneration();
    const schema = quoteIdentifier(resumed.schema);
    const events = await scenario.store.readAll({ after: START_OF_LOG, maxCount: 1_000_000 });
    const half = events.slice(0, Math.floor(events.length / 2));
    for (let start = 0; start < half.length; start += 50) {
      const batch = half.slice(start, start + 50);
      const last = batch[batch.length - 1]!;
      await applyBatch(scenario.database.pool, workdaysProjection, resumed, batch, { position: last.position, recordedAt: last.recordedAt }, { catchingUp: true });
    }
    const count = async (table: string) => (await scenario.database.pool.query<{ rows: number }>(`SELECT count(*)::int AS rows FROM ${schema}.${table}`)).rows[0]?.rows;
    expect(await count('postponed_days')).toBeGreaterThan(0);
    expect(await count('daily_attendance')).toBe(0);

    // The process stopped here. Whatever picks the generation up next finishes it.
    await catchUp(scenario.database.pool, scenario.store, workdaysProjection, resumed, { batchSize: 1_000_000 });

    expect(await count('postponed_days')).toBe(0);
    expect(await readModelDigest(scenario.database.pool, resumed)).toBe(firstDigest);
  });

  it('counts each applied event once in the checkpoint', async () => {
    const generations = await listGenerations(scenario.database.pool, workdaysProjection.name);
    const counts = new Set(generations.filter((generation) => generation.generation > 1).map((generation) => generation.eventsApplied));

    expect(counts.size).toBe(1);
  });
});
