import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import { START_OF_LOG } from '@fleksi/contracts';
import { activeGeneration, catchUp, createGeneration, listGenerations, workdaysProjection, type Generation } from '@fleksi/read-models';
import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createKafkajsClient, kafkaLag } from '../src/index.ts';
import { queryDigest, tableDigests } from './support/digest.ts';
import { kafkaBrokers, testLogger, uniqueTopic, waitForWatermark } from './support/kafka.ts';
import { Workload } from './support/workload.ts';

const WORKER = fileURLToPath(new URL('../src/worker.ts', import.meta.url));
const PARTITIONS = 6;

let database: TestDatabase;
let workload: Workload;
const topic = uniqueTopic('e2e');
const children = new Set<ChildProcess>();

/** Starts `src/worker.ts` as its own process, as a deployment would. */
function startWorker(roles: 'relay' | 'projections'): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      FLEKSI_KAFKA_TOPIC: topic,
      FLEKSI_KAFKA_GROUP: topic,
      FLEKSI_KAFKA_PARTITIONS: String(PARTITIONS),
      FLEKSI_KAFKA_ROLES: roles,
      // The smallest the broker accepts, so a killed worker's partitions move on soon.
      FLEKSI_KAFKA_SESSION_TIMEOUT_MS: '6000',
      FLEKSI_LOG_LEVEL: process.env['FLEKSI_LOG_LEVEL'] ?? 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function kill(child: ChildProcess): Promise<NodeJS.Signals | null> {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  const [, signal] = (await exited) as [number | null, NodeJS.Signals | null];
  return signal;
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null, NodeJS.Signals | null];
  return code;
}

/** Sum of the offsets the generation stored, over all partitions. */
async function appliedMessages(generation: number): Promise<bigint> {
  const result = await database.pool.query<{ total: string | null }>(
    'SELECT sum(next_offset)::text AS total FROM projection_kafka_offsets WHERE projection = $1 AND generation = $2 AND topic = $3',
    [workdaysProjection.name, generation, topic],
  );
  return BigInt(result.rows[0]?.total ?? '0');
}

beforeAll(async () => {
  kafkaBrokers();
  database = await createTestDatabase();
  workload = new Workload(database, 6, 8);
}, 60_000);

afterAll(async () => {
  for (const child of children) {
    child.kill('SIGKILL');
  }
  await database?.drop();
});

describe('kafka bridge end to end', () => {
  it('equals the log-fed read model after a killed worker and relay', async () => {
    const kafkaGeneration: Generation = await createGeneration(database.pool, workdaysProjection);
    expect(kafkaGeneration.status).toBe('active');

    // 1. A relay and two projector workers in one group, while commands arrive.
    let relay = startWorker('relay');
    const first = startWorker('projections');
    const second = startWorker('projections');
    await workload.seed();
    await workload.playDays(2, 6);

    // 2. While commands keep arriving, kill one worker, then the relay: no graceful
    //    stop, so a batch in flight is neither committed nor acknowledged.
    const playing = workload.playDays(9, 13);
    await sleep(1_500);
    const appliedBeforeKill = await appliedMessages(kafkaGeneration.generation);
    expect(await kill(first)).toBe('SIGKILL');
    await sleep(1_000);
    expect(await kill(relay)).toBe('SIGKILL');
    await playing;

    // 3. More commands while no relay runs, then a new relay and a new worker.
    await workload.playDays(14, 19);
    relay = startWorker('relay');
    const third = startWorker('projections');
    await workload.playDays(23, 27);
    await workload.visible();

    await waitForWatermark(database.pool, workdaysProjection.name, workload.position, 90_000);
    expect(await stop(second)).toBe(0);
    expect(await stop(third)).toBe(0);
    expect(await stop(relay)).toBe(0);

    // 4. The same log projected directly.
    const reference = await createGeneration(database.pool, workdaysProjection);
    await catchUp(database.pool, workload.store, workdaysProjection, reference, { batchSize: 500 });

    const events = await workload.store.readAll({ after: START_OF_LOG, maxCount: 1_000_000 });
    const generations = await listGenerations(database.pool, workdaysProjection.name);
    const fromKafka = generations.find((generation) => generation.generation === kafkaGeneration.generation);
    const fromLog = generations.find((generation) => generation.generation === reference.generation);
    const active = await activeGeneration(database.pool, workdaysProjection.name);

    expect(workload.commands).toBeGreaterThan(2_000);
    expect(appliedBeforeKill).toBeGreaterThan(0n);
    expect(active?.generation).toBe(kafkaGeneration.generation);
    expect(fromKafka?.eventsApplied).toBe(fromLog?.eventsApplied);
    expect(await tableDigests(database.pool, kafkaGeneration)).toEqual(await tableDigests(database.pool, reference));
    expect(await queryDigest(database.pool, kafkaGeneration, workload.tenantIds)).toBe(await queryDigest(database.pool, reference, workload.tenantIds));

    // 5. Every event reached Kafka at least once, and every partition is applied to its end.
    const kafka = createKafkajsClient({ brokers: kafkaBrokers(), clientId: 'fleksi-test', logger: testLogger() });
    const admin = await kafka.admin();
    try {
      const lag = await kafkaLag(database.pool, admin, topic);
      const published = lag.partitions.reduce((sum, partition) => sum + partition.endOffset, 0n);
      expect(published).toBeGreaterThanOrEqual(BigInt(events.length));
      expect(lag.relay?.lagEvents).toBe(0);
      expect(lag.partitions.filter((partition) => partition.generation === kafkaGeneration.generation).map((partition) => partition.lag)).toEqual(
        Array.from({ length: PARTITIONS }, () => 0n),
      );
    } finally {
      await admin.disconnect();
    }
  }, 180_000);
});
