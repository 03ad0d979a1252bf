import { START_OF_LOG } from '@fleksi/contracts';
import { activateGeneration, catchUp, createGeneration, workdaysProjection, type Projection } from '@fleksi/read-models';
import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createKafkajsClient, startKafkaProjections, startRelay, type KafkaClient } from '../src/index.ts';
import { queryDigest, tableDigests } from './support/digest.ts';
import { kafkaBrokers, testLogger, uniqueTopic, waitForWatermark } from './support/kafka.ts';
import { orderFreeWorkdaysProjection } from './support/order-free-workdays.ts';
import { Workload } from './support/workload.ts';

/*
 * Partitioned by stream, a tenant's streams spread over partitions, and a worker may
 * apply an employee's leave or a closed workday before the employee's registration.
 * The workdays projection as committed derives some days only in log order. The
 * order-free copy in support/ contains the change that makes it converge in any order.
 */

let database: TestDatabase;
let workload: Workload;
let kafka: KafkaClient;
const logger = testLogger();

beforeAll(async () => {
  kafka = createKafkajsClient({ brokers: kafkaBrokers(), clientId: 'fleksi-test', logger });
  database = await createTestDatabase();
  workload = new Workload(database, 3, 6);
  // The whole month is in the log before the relay starts, so partitions are applied
  // far apart in log order: the hardest case for order between streams.
  await workload.seed();
  await workload.playDays(2, 13);
  await workload.visible();
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

async function fromLog(projection: Projection): Promise<{ schema: string }> {
  const generation = await createGeneration(database.pool, projection);
  await catchUp(database.pool, workload.store, projection, generation, { batchSize: 300 });
  return generation;
}

describe('stream partitioning', () => {
  it('order-free workdays answer queries like the committed projection', async () => {
    const committed = await fromLog(workdaysProjection);
    const orderFree = await fromLog(orderFreeWorkdaysProjection);

    const committedTables = await tableDigests(database.pool, committed);
    const orderFreeTables = await tableDigests(database.pool, orderFree);
    expect(orderFreeTables['daily_attendance']).toBe(committedTables['daily_attendance']);
    expect(orderFreeTables['daily_compliance']).toBe(committedTables['daily_compliance']);
    expect(await queryDigest(database.pool, orderFree, workload.tenantIds)).toBe(await queryDigest(database.pool, committed, workload.tenantIds));
  });

  it('order-free workdays fed by two workers equal the log-fed ones', async () => {
    const topic = uniqueTopic('stream');
    // The workers feed the active generation, and the other test left one active.
    const fedByKafka = await createGeneration(database.pool, orderFreeWorkdaysProjection);
    await activateGeneration(database.pool, orderFreeWorkdaysProjection.name, fedByKafka.generation);
    const relay = startRelay({ pool: database.pool, store: workload.store, kafka, topic, partitions: 6, partitionBy: 'stream', logger, batchSize: 200, pollIntervalMs: 100 });
    const workers = [1, 2].map(() =>
      startKafkaProjections({
        pool: database.pool,
        store: workload.store,
        kafka,
        topic,
        group: topic,
        projections: [orderFreeWorkdaysProjection],
        logger,
        batchSize: 50,
        sessionTimeoutMs: 6_000,
        watchIntervalMs: 200,
      }),
    );
    try {
      await Promise.all(workers.map((worker) => worker.ready));
      await waitForWatermark(database.pool, orderFreeWorkdaysProjection.name, workload.position, 90_000);
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
      await relay.stop();
    }

    const offsets = await database.pool.query<{ applied: string }>(
      'SELECT sum(next_offset)::text AS applied FROM projection_kafka_offsets WHERE generation = $1 AND topic = $2',
      [fedByKafka.generation, topic],
    );
    const events = await workload.store.readAll({ after: START_OF_LOG, maxCount: 100_000 });
    expect(offsets.rows[0]?.applied).toBe(String(events.length));

    const reference = await fromLog(orderFreeWorkdaysProjection);
    expect(await tableDigests(database.pool, fedByKafka)).toEqual(await tableDigests(database.pool, reference));
    expect(await queryDigest(database.pool, fedByKafka, workload.tenantIds)).toBe(await queryDigest(database.pool, reference, workload.tenantIds));
  });
});
