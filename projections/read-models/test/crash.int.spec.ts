import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { activateGeneration, catchUp, createGeneration, listGenerations, workdaysProjection } from '../src/index.ts';
import { readModelDigest } from './digest.ts';
import { playScriptedMonth } from './month-script.ts';
import { Scenario } from './scenario.ts';

let scenario: Scenario;
const child = fileURLToPath(new URL('./projector-child.ts', import.meta.url));

beforeAll(async () => {
  scenario = await Scenario.create();
  await playScriptedMonth(scenario, 11);
}, 120_000);

afterAll(async () => {
  await scenario.database.drop();
});

function runChild(generation: number, crashAtBatch: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const process_ = spawn(process.execPath, ['--import', 'tsx', child], {
      env: { ...process.env, PROJECTOR_DATABASE_URL: scenario.database.url, PROJECTOR_GENERATION: String(generation), CRASH_AT_BATCH: String(crashAtBatch) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    process_.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

describe('projector crash', () => {
  it('equals a clean rebuild after being killed in the middle of batches', async () => {
    const crashed = await createGeneration(scenario.database.pool, workdaysProjection);

    // 1. Kill the projector inside its 3rd, then (after restart) its 5th batch.
    const firstRun = await runChild(crashed.generation, 3);
    const afterFirstCrash = (await listGenerations(scenario.database.pool, workdaysProjection.name)).find((g) => g.generation === crashed.generation);
    const secondRun = await runChild(crashed.generation, 5);
    const finalRun = await runChild(crashed.generation, 0);

    expect(firstRun.signal).toBe('SIGKILL');
    expect(secondRun.signal).toBe('SIGKILL');
    expect(finalRun.code).toBe(0);
    expect(afterFirstCrash?.eventsApplied).toBeGreaterThan(0);

    // 2. A clean rebuild from the same log.
    const clean = await createGeneration(scenario.database.pool, workdaysProjection);
    await catchUp(scenario.database.pool, scenario.store, workdaysProjection, clean, { batchSize: 500 });
    await activateGeneration(scenario.database.pool, workdaysProjection.name, clean.generation);

    const generations = await listGenerations(scenario.database.pool, workdaysProjection.name);
    const crashedAfter = generations.find((g) => g.generation === crashed.generation);
    const cleanAfter = generations.find((g) => g.generation === clean.generation);
    expect(crashedAfter?.eventsApplied).toBe(cleanAfter?.eventsApplied);
    expect(await readModelDigest(scenario.database.pool, crashed)).toBe(await readModelDigest(scenario.database.pool, clean));
  }, 120_000);
});
