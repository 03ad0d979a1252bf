import { compareLogPositions, START_OF_LOG } from '@fleksi/contracts';
import { activateGeneration, catchUp, createGeneration, listGenerations, workdaysProjection } from '@fleksi/read-models';
import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Registry } from 'prom-client';

import {
  createKafkajsClient,
  decodeEvent,
  EVENT_HEADERS,
  kafkaLag,
  loadCheckpoint,
  registerKafkaMetrics,
  startKafkaProjections,
  startRelay,
  type KafkaClient,
} from '../src/index.ts';
import { queryDigest, tableDigests } from './support/digest.ts';
import { kafkaBrokers, testLogger, uniqueTopic, waitForWatermark } from './support/kafka.ts';
import { Workload } from './support/workload.ts';

let database: TestDatabase;
let workload: Workload;
let kafka: KafkaClient;
const logger = testLogger();

beforeAll(async () => {
  kafka = createKafkajsClient({ brokers: kafkaBrokers(), clientId: 'fleksi-test', logger });
  database = await createTestDatabase();
  workload = new Workload(database, 2, 5);
  await workload.seed();
  await workload.playDays(2, 6);
  await workload.visible();
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

describe('relay', () => {
  it('publishes every event once, keyed by stream, with headers', async () => {
    const topic = uniqueTopic('relay');
    const relay = startRelay({ pool: database.pool, store: workload.store, kafka, topic, partitions: 3, logger, batchSize: 100, pollIntervalMs: 100 });
    await relay.caughtUp;
    await relay.stop();

    const events = await workload.store.readAll({ after: START_OF_LOG, maxCount: 100_000 });
    const checkpoint = await loadCheckpoint(database.pool, topic);
    expect(compareLogPositions(checkpoint, events[events.length - 1]!.position)).toBe(0);

    const admin = await kafka.admin();
    const offsets = await admin.partitionOffsets(topic);
    await admin.disconnect();
    expect(offsets).toHaveLength(3);
    expect(offsets.reduce((sum, partition) => sum + partition.high, 0n)).toBe(BigInt(events.length));

    const marks = await database.pool.query<{ end_offsets: string[] }>('SELECT end_offsets FROM kafka_relay_marks WHERE topic = $1 ORDER BY commit_position DESC, prepare_position DESC LIMIT 1', [topic]);
    expect(marks.rows[0]?.end_offsets.map(BigInt)).toEqual(offsets.map((partition) => partition.high));

    const first = events[0]!;
    const consumer = kafka.consumer({ groupId: `${topic}.reader`, sessionTimeoutMs: 6_000 });
    const seen = await new Promise<{ key: string | null; headers: Record<string, string>; eventId: string }>((resolve, reject) => {
      consumer
        .start(topic, {
          onAssigned: async () => undefined,
          onBatch: async (batch) => {
            for (const message of batch.messages) {
              const event = decodeEvent(message, batch.partition);
              if (event.eventId === first.eventId) {
                resolve({ key: message.key, headers: { ...message.headers }, eventId: event.eventId });
              }
            }
          },
        })
        .catch(reject);
    });
    await consumer.stop();
    expect(seen.key).toBe(first.streamId);
    expect(seen.headers[EVENT_HEADERS.eventType]).toBe(first.type);
    expect(seen.headers[EVENT_HEADERS.schemaVersion]).toBe(String(first.schemaVersion));
    expect(seen.headers[EVENT_HEADERS.tenantId]).toBe(first.metadata.tenantId);
    expect(seen.headers[EVENT_HEADERS.position]).toBe(`${first.position.commit}-${first.position.prepare}`);
  });

  it('feeds a projector that equals the log-fed one', async () => {
    const topic = uniqueTopic('single');
    const generation = await createGeneration(database.pool, workdaysProjection);
    const relay = startRelay({ pool: database.pool, store: workload.store, kafka, topic, partitions: 4, logger, batchSize: 100, pollIntervalMs: 100 });
    const projections = startKafkaProjections({
      pool: database.pool,
      store: workload.store,
      kafka,
      topic,
      group: topic,
      projections: [workdaysProjection],
      logger,
      sessionTimeoutMs: 6_000,
      watchIntervalMs: 200,
    });
    try {
      await projections.ready;
      await waitForWatermark(database.pool, workdaysProjection.name, workload.position, 60_000);
    } finally {
      await projections.stop();
      await relay.stop();
    }

    const reference = await createGeneration(database.pool, workdaysProjection);
    await catchUp(database.pool, workload.store, workdaysProjection, reference, { batchSize: 250 });

    expect(await tableDigests(database.pool, generation)).toEqual(await tableDigests(database.pool, reference));
    expect(await queryDigest(database.pool, generation, workload.tenantIds)).toBe(await queryDigest(database.pool, reference, workload.tenantIds));

    // Caught up: no relay lag, no consumer lag, and every gauge reports 0.
    const registry = new Registry();
    const metrics = registerKafkaMetrics({ registry, pool: database.pool, kafka, topic, logger });
    try {
      const text = await registry.metrics();
      expect(text).toContain(`fleksi_kafka_relay_lag_events{topic="${topic}"} 0`);
      expect(text).toContain(`fleksi_kafka_relay_lag_seconds{topic="${topic}"} 0`);
      for (let partition = 0; partition < 4; partition += 1) {
        expect(text).toContain(`fleksi_kafka_consumer_lag_messages{topic="${topic}",projection="workdays",generation="${generation.generation}",partition="${partition}"} 0`);
      }
    } finally {
      await metrics.close();
    }
  });

  it('applies events sent twice once', async () => {
    const topic = uniqueTopic('resend');
    const events = await workload.store.readAll({ after: START_OF_LOG, maxCount: 100_000 });
    const options = { pool: database.pool, store: workload.store, kafka, topic, partitions: 3, logger, batchSize: 100, pollIntervalMs: 100 };
    const first = startRelay(options);
    await first.caughtUp;
    await first.stop();

    // As after a crash between Kafka's acknowledgement and the checkpoint update: the
    // checkpoint lags, so the next relay sends the second half again.
    const middle = events[Math.floor(events.length / 2)]!;
    await database.pool.query('UPDATE kafka_relay_checkpoints SET commit_position = $2::xid8, prepare_position = $3 WHERE topic = $1', [
      topic,
      middle.position.commit.toString(),
      middle.position.prepare.toString(),
    ]);
    const second = startRelay(options);
    await second.caughtUp;

    // An earlier test left an active generation; the workers feed the active one.
    const generation = await createGeneration(database.pool, workdaysProjection);
    await activateGeneration(database.pool, workdaysProjection.name, generation.generation);
    const projections = startKafkaProjections({ pool: database.pool, store: workload.store, kafka, topic, group: topic, projections: [workdaysProjection], logger, sessionTimeoutMs: 6_000, watchIntervalMs: 200 });
    try {
      await projections.ready;
      await waitForWatermark(database.pool, workdaysProjection.name, workload.position, 60_000);
    } finally {
      await projections.stop();
      await second.stop();
    }

    const admin = await kafka.admin();
    const published = (await admin.partitionOffsets(topic)).reduce((sum, partition) => sum + partition.high, 0n);
    await admin.disconnect();
    const reference = await createGeneration(database.pool, workdaysProjection);
    await catchUp(database.pool, workload.store, workdaysProjection, reference, { batchSize: 250 });
    const counts = new Map((await listGenerations(database.pool, workdaysProjection.name)).map((entry) => [entry.generation, entry.eventsApplied]));

    expect(published).toBe(BigInt(events.length + events.length - Math.floor(events.length / 2) - 1));
    expect(counts.get(generation.generation)).toBe(counts.get(reference.generation));
    expect(await tableDigests(database.pool, generation)).toEqual(await tableDigests(database.pool, reference));
  });

  it('reports lag of events not yet published or applied', async () => {
    const topic = uniqueTopic('lag');
    const generation = await createGeneration(database.pool, workdaysProjection);
    const relay = startRelay({ pool: database.pool, store: workload.store, kafka, topic, partitions: 2, logger, batchSize: 50, pollIntervalMs: 100 });
    await relay.caughtUp;
    await relay.stop();
    const events = await workload.store.readAll({ after: START_OF_LOG, maxCount: 100_000 });
    await database.pool.query('UPDATE kafka_relay_checkpoints SET commit_position = $2::xid8, prepare_position = $3 WHERE topic = $1', [
      topic,
      events[9]!.position.commit.toString(),
      events[9]!.position.prepare.toString(),
    ]);
    await database.pool.query(
      `INSERT INTO projection_kafka_watermarks (projection, generation, topic, commit_position, prepare_position) VALUES ('workdays', $1, $2, '0', 0)`,
      [generation.generation, topic],
    );
    await database.pool.query(`INSERT INTO projection_kafka_offsets (projection, generation, topic, partition, next_offset) VALUES ('workdays', $1, $2, 0, 3)`, [
      generation.generation,
      topic,
    ]);

    const admin = await kafka.admin();
    try {
      const lag = await kafkaLag(database.pool, admin, topic);
      const ends = await admin.partitionOffsets(topic);
      expect(lag.relay?.lagEvents).toBe(events.length - 10);
      expect(lag.relay?.lagSeconds).toBeGreaterThan(0);
      expect(lag.partitions.filter((entry) => entry.generation === generation.generation)).toEqual([
        { projection: 'workdays', generation: generation.generation, partition: 0, storedOffset: 3n, endOffset: ends[0]!.high, lag: ends[0]!.high - 3n },
        { projection: 'workdays', generation: generation.generation, partition: 1, storedOffset: null, endOffset: ends[1]!.high, lag: ends[1]!.high },
      ]);
    } finally {
      await admin.disconnect();
    }
  });
});
