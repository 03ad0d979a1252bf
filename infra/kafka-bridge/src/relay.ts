import { formatLogPosition, type LogPosition, type RecordedEvent } from '@fleksi/contracts';
import type { EventStore, Subscription } from '@fleksi/event-store';
import type pg from 'pg';
import type { Logger } from 'pino';

import { encodeEvent, type PartitionBy } from './codec.ts';
import type { KafkaAdmin, KafkaClient, KafkaProducer, PartitionOffsets } from './port.ts';

export interface RelayOptions {
  readonly pool: pg.Pool;
  readonly store: EventStore;
  readonly kafka: KafkaClient;
  readonly topic: string;
  /** Partitions of the topic when the relay has to create it. */
  readonly partitions: number;
  /** Default `tenant`; see `PartitionBy`. */
  readonly partitionBy?: PartitionBy;
  readonly logger: Logger;
  /** Events read and published per batch; default 500. */
  readonly batchSize?: number;
  /** Poll interval behind the log's notifications, in milliseconds; default 1000. */
  readonly pollIntervalMs?: number;
  /** Pause between attempts to become the active relay or to reach Kafka, in milliseconds; default 1000. */
  readonly retryIntervalMs?: number;
}

export interface RunningRelay {
  /** Resolves once this relay is the active one and has published the whole log once. */
  readonly caughtUp: Promise<void>;
  /** Stops after the batch in progress; its checkpoint stays where Kafka last acknowledged. */
  stop(): Promise<void>;
}

/** Marks older than this are deleted; projectors behind them only wait longer for their watermark. */
const MARK_RETENTION_SECONDS = 3_600;
const PRUNE_EVERY_BATCHES = 100;

export function relayLockKey(topic: string): string {
  return `fleksi-kafka-relay:${topic}`;
}

/**
 * Publishes the global event log to a Kafka topic, one message per event in log
 * order, keyed by stream id and partitioned by tenant (or by stream, see
 * `PartitionBy`).
 *
 * It reads with the store's no-skip reader from its own checkpoint in
 * `kafka_relay_checkpoints`, and moves that checkpoint only after Kafka acknowledged
 * the batch from every in-sync replica. A crash between the acknowledgement and the
 * checkpoint sends the batch again on restart, so events can reach Kafka twice but
 * never go missing. Projectors drop the copies by stream version. An advisory lock
 * keeps one relay per topic active, and other processes wait as standbys.
 */
export function startRelay(options: RelayOptions): RunningRelay {
  const { pool, store, kafka, topic, logger } = options;
  const retryIntervalMs = options.retryIntervalMs ?? 1_000;
  const lockKey = relayLockKey(topic);
  let stopped = false;
  let lockClient: pg.PoolClient | undefined;
  let producer: KafkaProducer | undefined;
  let admin: KafkaAdmin | undefined;
  let subscription: Subscription | undefined;
  let wake: (() => void) | undefined;
  let markCaughtUp: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => {
    markCaughtUp = resolve;
  });

  const pause = (milliseconds: number): Promise<void> =>
    new Promise((resolve) => {
      if (stopped) {
        resolve();
        return;
      }
      const timer = setTimeout(resolve, milliseconds);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  // NOTE: a relay does not notice when the connection holding its lock drops. A
  // standby may then publish too, which sends events twice but loses none.
  async function acquireLock(): Promise<boolean> {
    while (!stopped) {
      try {
        lockClient ??= await pool.connect();
        const result = await lockClient.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [lockKey]);
        if (result.rows[0]?.locked === true) {
          return true;
        }
      } catch (error) {
        logger.warn({ err: error, topic }, 'relay lock check failed');
        lockClient?.release(true);
        lockClient = undefined;
      }
      await pause(retryIntervalMs);
    }
    return false;
  }

  async function connectKafka(): Promise<boolean> {
    for (let attempt = 1; !stopped; attempt += 1) {
      try {
        admin ??= await kafka.admin();
        const partitions = await admin.ensureTopic(topic, options.partitions);
        if (partitions !== options.partitions) {
          logger.warn({ topic, partitions, configured: options.partitions }, 'topic exists with another partition count; keeping it');
        }
        producer ??= await kafka.producer();
        return true;
      } catch (error) {
        logger.error({ err: error, topic, attempt }, 'relay could not reach kafka; retrying');
        await pause(Math.min(30_000, retryIntervalMs * attempt));
      }
    }
    return false;
  }

  let batches = 0;
  async function publish(events: readonly RecordedEvent[]): Promise<void> {
    const last = events[events.length - 1];
    if (last === undefined || producer === undefined || admin === undefined) {
      return;
    }
    const partitionBy = options.partitionBy ?? 'tenant';
    await producer.send(topic, events.map((event) => encodeEvent(event, partitionBy)));
    // Every event up to `last` lies below the end offsets read now. Another writer
    // would only raise them, which makes the mark wait for more than it needs.
    const endOffsets = (await endOffsetsWithRetry(admin, topic)).map((offsets) => offsets.high.toString());
    await saveCheckpoint(pool, topic, last, events.length, endOffsets);

    batches += 1;
    if (batches % PRUNE_EVERY_BATCHES === 0) {
      await pruneMarks(pool, topic);
    }
  }

  const started = (async () => {
    if (!(await acquireLock()) || !(await connectKafka())) {
      return;
    }
    const after = await loadCheckpoint(pool, topic);
    logger.info({ topic, after: formatLogPosition(after) }, 'relay started');

    subscription = store.subscribeToAll({
      after,
      batchSize: options.batchSize ?? 500,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      onEvents: publish,
      onError: (error) => {
        logger.error({ err: error, topic }, 'relay batch failed; retrying from the checkpoint position');
      },
    });
    void subscription.caughtUp.then(markCaughtUp);
  })().catch((error: unknown) => {
    logger.error({ err: error, topic }, 'relay failed to start');
  });

  return {
    caughtUp,
    stop: async () => {
      stopped = true;
      wake?.();
      await started;
      await subscription?.stop();
      await producer?.disconnect().catch((error: unknown) => logger.warn({ err: error, topic }, 'producer disconnect failed'));
      await admin?.disconnect().catch((error: unknown) => logger.warn({ err: error, topic }, 'admin disconnect failed'));
      if (lockClient !== undefined) {
        await lockClient.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
        lockClient.release();
        lockClient = undefined;
      }
      logger.info({ topic }, 'relay stopped');
    },
  };
}

/**
 * Reads the topic's end offsets, retrying a few times: just after the topic was
 * created the broker may answer that it is not yet the partitions' leader, and a
 * failure here would make the relay send the acknowledged batch again.
 */
async function endOffsetsWithRetry(admin: KafkaAdmin, topic: string): Promise<PartitionOffsets[]> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await admin.partitionOffsets(topic);
    } catch (error) {
      if (attempt >= 5) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/** Returns the relay checkpoint of a topic, creating it at the start of the log. */
export async function loadCheckpoint(pool: pg.Pool, topic: string): Promise<LogPosition> {
  await pool.query('INSERT INTO kafka_relay_checkpoints (topic) VALUES ($1) ON CONFLICT (topic) DO NOTHING', [topic]);
  const result = await pool.query<{ commit_position: string; prepare_position: string }>(
    'SELECT commit_position::text AS commit_position, prepare_position FROM kafka_relay_checkpoints WHERE topic = $1',
    [topic],
  );
  const row = result.rows[0];
  return { commit: BigInt(row?.commit_position ?? '0'), prepare: BigInt(row?.prepare_position ?? '0') };
}

async function saveCheckpoint(pool: pg.Pool, topic: string, last: RecordedEvent, published: number, endOffsets: readonly string[]): Promise<void> {
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('BEGIN');
    // The checkpoint only moves forward, even if a second relay slipped past the lock.
    await client.query(
      `UPDATE kafka_relay_checkpoints
       SET commit_position = $2::xid8, prepare_position = $3, events_published = events_published + $4,
           last_event_recorded_at = $5::timestamptz, updated_at = now()
       WHERE topic = $1 AND (commit_position, prepare_position) < ($2::xid8, $3::bigint)`,
      [topic, last.position.commit.toString(), last.position.prepare.toString(), published, last.recordedAt],
    );
    await client.query(
      `INSERT INTO kafka_relay_marks (topic, commit_position, prepare_position, end_offsets)
       VALUES ($1, $2::xid8, $3, $4::bigint[]) ON CONFLICT DO NOTHING`,
      [topic, last.position.commit.toString(), last.position.prepare.toString(), endOffsets],
    );
    await client.query('COMMIT');
  } catch (error) {
    failed = true;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A failed query may have timed out with the connection still busy: close it.
    client.release(failed);
  }
}

async function pruneMarks(pool: pg.Pool, topic: string): Promise<void> {
  // The newest mark stays, so an idle relay never leaves projectors without one.
  await pool.query(
    `DELETE FROM kafka_relay_marks m
     WHERE m.topic = $1 AND m.recorded_at < now() - make_interval(secs => $2)
       AND (m.commit_position, m.prepare_position) < (SELECT commit_position, prepare_position FROM kafka_relay_checkpoints WHERE topic = $1)`,
    [topic, MARK_RETENTION_SECONDS],
  );
}
