import { formatLogPosition } from '@fleksi/contracts';
import { LAG_COUNT_LIMIT } from '@fleksi/read-models';
import type pg from 'pg';

import type { KafkaAdmin } from './port.ts';

export interface RelayLag {
  readonly topic: string;
  /** Last position Kafka acknowledged, as a `<commit>-<prepare>` token. */
  readonly checkpoint: string;
  readonly eventsPublished: number;
  /** Events in the log after the checkpoint, counted up to `LAG_COUNT_LIMIT`. */
  readonly lagEvents: number;
  /** Age of the oldest event not yet published, in seconds; 0 when caught up. */
  readonly lagSeconds: number;
}

export interface PartitionLag {
  readonly projection: string;
  readonly generation: number;
  readonly partition: number;
  /** Next offset the generation applies; null before any worker read the partition. */
  readonly storedOffset: bigint | null;
  readonly endOffset: bigint;
  /** Messages not yet applied: end offset minus stored offset (minus the oldest offset when none is stored). */
  readonly lag: bigint;
}

export interface GenerationWatermark {
  readonly projection: string;
  readonly generation: number;
  /** Position up to which every event is applied, as a `<commit>-<prepare>` token. */
  readonly watermark: string;
}

export interface KafkaLagReport {
  readonly relay: RelayLag | undefined;
  readonly partitions: readonly PartitionLag[];
  readonly watermarks: readonly GenerationWatermark[];
}

/**
 * Reports how far Kafka lags behind: the relay behind the log (events and seconds),
 * and each active or building generation behind every partition's end offset.
 */
export async function kafkaLag(pool: pg.Pool, admin: KafkaAdmin, topic: string): Promise<KafkaLagReport> {
  const relay = await relayLag(pool, topic);
  const offsets = await admin.partitionOffsets(topic);

  const generations = await pool.query<{ projection: string; generation: number; commit_position: string | null; prepare_position: string | null }>(
    `SELECT g.projection, g.generation, w.commit_position::text AS commit_position, w.prepare_position
     FROM projection_generations g
     JOIN projection_kafka_watermarks w ON w.projection = g.projection AND w.generation = g.generation AND w.topic = $1
     WHERE g.status IN ('active', 'building')
     ORDER BY g.projection, g.generation`,
    [topic],
  );
  const stored = await pool.query<{ projection: string; generation: number; partition: number; next_offset: string }>(
    'SELECT projection, generation, partition, next_offset FROM projection_kafka_offsets WHERE topic = $1',
    [topic],
  );
  const storedBy = new Map(stored.rows.map((row) => [`${row.projection}/${row.generation}/${row.partition}`, BigInt(row.next_offset)]));

  const partitions: PartitionLag[] = [];
  const watermarks: GenerationWatermark[] = [];
  for (const generation of generations.rows) {
    watermarks.push({
      projection: generation.projection,
      generation: generation.generation,
      watermark: formatLogPosition({ commit: BigInt(generation.commit_position ?? '0'), prepare: BigInt(generation.prepare_position ?? '0') }),
    });
    for (const { partition, low, high } of offsets) {
      const storedOffset = storedBy.get(`${generation.projection}/${generation.generation}/${partition}`) ?? null;
      const lag = high - (storedOffset ?? low);
      partitions.push({ projection: generation.projection, generation: generation.generation, partition, storedOffset, endOffset: high, lag: lag > 0n ? lag : 0n });
    }
  }
  return { relay, partitions, watermarks };
}

async function relayLag(pool: pg.Pool, topic: string): Promise<RelayLag | undefined> {
  const checkpoint = await pool.query<{ commit_position: string; prepare_position: string; events_published: string }>(
    `SELECT commit_position::text AS commit_position, prepare_position, events_published FROM kafka_relay_checkpoints WHERE topic = $1`,
    [topic],
  );
  const row = checkpoint.rows[0];
  if (row === undefined) {
    return undefined;
  }
  // The same no-skip condition as the reader, so an event of a still-running
  // transaction does not count before the relay could read it.
  const pending = await pool.query<{ events: string; oldest: Date | null }>(
    `SELECT count(*) AS events, min(recorded_at) AS oldest FROM (
       SELECT recorded_at FROM events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id, global_position
       LIMIT $3
     ) AS pending`,
    [row.commit_position, row.prepare_position, LAG_COUNT_LIMIT],
  );
  const lag = pending.rows[0];
  return {
    topic,
    checkpoint: `${row.commit_position}-${row.prepare_position}`,
    eventsPublished: Number(row.events_published),
    lagEvents: Number(lag?.events ?? 0),
    lagSeconds: lag?.oldest === null || lag?.oldest === undefined ? 0 : Math.max(0, Math.round((Date.now() - lag.oldest.getTime()) / 1000)),
  };
}
