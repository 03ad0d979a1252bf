import { createFleksiEventRegistry } from '@fleksi/contracts';
import { PostgresEventStore } from '@fleksi/event-store';
import { findFreePort } from '@fleksi/postgres';
import { activeGeneration, catchUp, createGeneration, listGenerations, workdaysProjection } from '@fleksi/read-models';
import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ApiProcess } from '../src/api-process.ts';
import { readModelDigest } from '../src/digest.ts';
import { eventsByIdempotencyKey, eventTypeCounts, waitForReadModel } from '../src/event-log.ts';
import { recordFigures } from '../src/figures.ts';
import { runLoad, runSeed, seededRandom } from '../src/load-generator.ts';
import { buildOrganisation, seedOrganisation } from '../src/organisation.ts';
import { findPersonalData } from '../src/personal-data.ts';
import { RELIABILITY_SECRET } from '../src/tokens.ts';
import { fetchTransport } from '../src/transport.ts';
import { planAttendanceLoad } from '../src/workload.ts';

/** Kills while the API serves. The load is large enough for each of them to land under load. */
const KILLS_UNDER_LOAD = 12;
/** Extra kills during start-up (migrations, projector start), before /health responds. */
const KILLS_DURING_START = 2;
const DAYS = 3;
const ACTIVITIES_PER_DAY = 2;

const seed = runSeed();
const random = seededRandom(seed);
const spec = buildOrganisation({
  tenantId: 'kab-crash',
  tenantName: 'Kabupaten Uji Ketahanan',
  unitIds: ['setda', 'bappeda'],
  employeesPerUnit: 4,
  nipOffset: 100,
  officeBase: { latitude: -2.674_81, longitude: 118.891_37 },
});

let database: TestDatabase;
let api: ApiProcess;

beforeAll(async () => {
  database = await createTestDatabase();
  api = new ApiProcess({
    databaseUrl: database.url,
    port: await findFreePort(),
    jwtSecret: RELIABILITY_SECRET,
    environment: { FLEKSI_RATE_LIMIT_PER_MINUTE: '100000' },
  });
  api.start();
  await api.waitUntilHealthy();
  await seedOrganisation(fetchTransport(api.baseUrl, 10_000), spec);
});

afterAll(async () => {
  await api?.kill();
  await database?.drop();
});

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('crash safety under SIGKILL', () => {
  it('keeps every acknowledged command exactly once', async () => {
    const startedAt = Date.now();
    const runId = `crash${seed}`;
    const load = await planAttendanceLoad(spec, { days: DAYS, activitiesPerDay: ACTIVITIES_PER_DAY, now: new Date(), runId });
    const commandCount = load.chains.reduce((sum, chain) => sum + chain.length, 0);

    // 1. A killer that SIGKILLs the API after a random number of acknowledgements plus a
    //    random delay, so kills land while other requests are in flight, and restarts it.
    let acknowledgedSinceStart = 0;
    let loadFinished = false;
    const kills: Array<{ underLoad: boolean; afterMs: number; restartMs: number }> = [];
    const killer = (async () => {
      let startKillsLeft = KILLS_DURING_START;
      while (!loadFinished && kills.length < KILLS_UNDER_LOAD + KILLS_DURING_START) {
        const threshold = 2 + Math.floor(random() * 6);
        while (!loadFinished && acknowledgedSinceStart < threshold) {
          await sleep(2);
        }
        if (loadFinished) {
          break;
        }
        await sleep(random() * 40);
        const killedAt = Date.now();
        await api.kill();
        api.start();
        acknowledgedSinceStart = 0;

        // Now and then, kill the new process again while it is still starting.
        if (startKillsLeft > 0 && random() < 0.3) {
          startKillsLeft -= 1;
          await sleep(200 + random() * 1_200);
          await api.kill();
          kills.push({ underLoad: false, afterMs: killedAt - startedAt, restartMs: 0 });
          api.start();
        }
        const restartMs = await api.waitUntilHealthy();
        kills.push({ underLoad: true, afterMs: killedAt - startedAt, restartMs });
      }
    })();

    // 2. Clients that retry unanswered requests with the same Idempotency-Key.
    const ledger = await runLoad({
      transport: fetchTransport(api.baseUrl, 5_000),
      chains: load.chains,
      workers: 6,
      random,
      retryDelayMs: [50, 250],
      deadlineMs: 150_000,
      onAcknowledged: () => {
        acknowledgedSinceStart += 1;
      },
    });
    loadFinished = true;
    await killer;
    const loadMs = Date.now() - startedAt;

    expect(ledger.rejected, 'commands that got a 4xx').toEqual([]);
    expect(ledger.abandoned, 'commands without a final response before the deadline').toEqual([]);
    expect(ledger.acknowledged.size).toBe(commandCount);
    expect(kills.filter((kill) => kill.underLoad).length).toBeGreaterThanOrEqual(10);
    expect(ledger.retries, 'requests sent again after a kill').toBeGreaterThan(0);

    // 3. Let the last process apply the log to its read model, then stop it in order.
    const store = new PostgresEventStore(database.pool, { registry: createFleksiEventRegistry() });
    await waitForReadModel(database.pool, () => store.headPosition(), 30_000);
    const stopped = await api.stop();
    expect(stopped.code).toBe(0);

    // 4. Every acknowledged command is in the log exactly once, and nothing else is.
    const keyed = await eventsByIdempotencyKey(database.pool, spec.tenantId);
    const duplicates: string[] = [];
    const missing: string[] = [];
    for (const acknowledgement of ledger.acknowledged.values()) {
      const events = keyed.get(acknowledgement.key);
      if (events === undefined) {
        missing.push(acknowledgement.key);
      } else if (events.count !== 1 || events.types[0] !== acknowledgement.eventType) {
        duplicates.push(`${acknowledgement.key}: ${events.types.join(', ')}`);
      }
    }
    const unexpected = [...keyed.keys()].filter((key) => !ledger.acknowledged.has(key) && !key.startsWith('seed-'));
    expect(missing, 'acknowledged commands missing from the log').toEqual([]);
    expect(duplicates, 'acknowledged commands stored more than once').toEqual([]);
    expect(unexpected, 'events of commands never acknowledged').toEqual([]);

    const types = await eventTypeCounts(database.pool, spec.tenantId);
    const attendanceDays = spec.employees.length * DAYS;
    expect(types['CheckedIn']).toBe(attendanceDays);
    expect(types['CheckedOut']).toBe(attendanceDays);
    expect(types['ActivitySubmitted']).toBe(attendanceDays * ACTIVITIES_PER_DAY);
    expect(types['AttendanceAttemptRejected'] ?? 0).toBe(0);

    // 5. The read model the crashed processes built equals a clean rebuild from the log.
    const live = await activeGeneration(database.pool, workdaysProjection.name);
    if (live === undefined) {
      throw new Error('no active workdays generation after the run');
    }
    const clean = await createGeneration(database.pool, workdaysProjection);
    await catchUp(database.pool, store, workdaysProjection, clean, { batchSize: 97 });
    const liveDigest = await readModelDigest(database.pool, live.schema, spec.tenantId, load.dates);
    const cleanDigest = await readModelDigest(database.pool, clean.schema, spec.tenantId, load.dates);
    const generations = await listGenerations(database.pool, workdaysProjection.name);

    expect(liveDigest.dailyRows).toBe(attendanceDays);
    expect(liveDigest.activityRows).toBe(attendanceDays * ACTIVITIES_PER_DAY);
    expect(liveDigest.parts).toEqual(cleanDigest.parts);
    expect(liveDigest.digest).toBe(cleanDigest.digest);
    expect(generations.find((generation) => generation.generation === live.generation)?.eventsApplied).toBe(
      generations.find((generation) => generation.generation === clean.generation)?.eventsApplied,
    );

    // 6. The operators' log of all those processes carries no personal data.
    const findings = findPersonalData(api.logLines, {
      names: spec.employees.map((employee) => employee.name),
      coordinates: spec.units.flatMap((unit) => [unit.office.latitude, unit.office.longitude]),
      tokens: load.chains.flatMap((chain) => chain.map((command) => command.token)),
    });
    expect(findings).toEqual([]);

    const replayed = [...ledger.acknowledged.values()].filter((acknowledgement) => acknowledgement.replayed).length;
    await recordFigures('crash-safety', {
      seed,
      employees: spec.employees.length,
      days: DAYS,
      commands: commandCount,
      requests: ledger.attempts.length,
      retries: ledger.retries,
      withoutResponse: ledger.attempts.filter((attempt) => attempt.status === 'no response').length,
      got5xx: ledger.attempts.filter((attempt) => typeof attempt.status === 'number' && attempt.status >= 500).length,
      acknowledgedAsReplay: replayed,
      killsUnderLoad: kills.filter((kill) => kill.underLoad).length,
      killsDuringStart: kills.filter((kill) => !kill.underLoad).length,
      apiStarts: api.startCount,
      restartToHealthyMsMedian: median(kills.filter((kill) => kill.underLoad).map((kill) => kill.restartMs)),
      loadSeconds: Math.round(loadMs / 100) / 10,
      eventsByType: types,
      readModelDigest: liveDigest.digest.slice(0, 16),
    });
  }, 240_000);
});

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
