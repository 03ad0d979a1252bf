import type { LogPosition } from '@fleksi/contracts';
import type pg from 'pg';

/** Identifies the progress rows of one projection generation fed from one topic. */
export interface OffsetScope {
  readonly projection: string;
  readonly generation: number;
  readonly topic: string;
}

/** Raised in a batch's transaction when another worker already moved the partition's offset. */
export class OffsetConflictError extends Error {
  constructor(
    readonly scope: OffsetScope,
    readonly partition: number,
    readonly expected: bigint,
  ) {
    super(
      `offset of ${scope.topic}/${partition} for ${scope.projection} generation ${scope.generation} is no longer ${expected}: another worker applied the batch`,
    );
    this.name = 'OffsetConflictError';
  }
}

/** Returns the stored next offset of a partition, storing `initial` first when there is none. */
export async function loadOffset(pool: pg.Pool, scope: OffsetScope, partition: number, initial: bigint): Promise<bigint> {
  await pool.query(
    `INSERT INTO projection_kafka_offsets (projection, generation, topic, partition, next_offset)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [scope.projection, scope.generation, scope.topic, partition, initial.toString()],
  );
  const result = await pool.query<{ next_offset: string }>(
    'SELECT next_offset FROM projection_kafka_offsets WHERE projection = $1 AND generation = $2 AND topic = $3 AND partition = $4',
    [scope.projection, scope.generation, scope.topic, partition],
  );
  return BigInt(result.rows[0]?.next_offset ?? initial.toString());
}

/** Creates the watermark of a generation at `position` (its checkpoint when Kafka takes over) unless it exists. */
export async function initialiseWatermark(pool: pg.Pool, scope: OffsetScope, position: LogPosition): Promise<void> {
  await pool.query(
    `INSERT INTO projection_kafka_watermarks (projection, generation, topic, commit_position, prepare_position)
     VALUES ($1, $2, $3, $4::xid8, $5) ON CONFLICT DO NOTHING`,
    [scope.projection, scope.generation, scope.topic, position.commit.toString(), position.prepare.toString()],
  );
}

/**
 * Runs inside a batch's transaction, after `applyBatch` wrote the read model: moves
 * the partition's offset from `expected` to `next` and raises the watermark.
 *
 * When another worker moved the offset first it raises OffsetConflictError, which
 * rolls the whole batch back: a worker that lost its partition in a rebalance may
 * still be finishing a batch that the new owner has already applied.
 */
export async function advanceOffset(client: pg.PoolClient, scope: OffsetScope, partition: number, expected: bigint, next: bigint): Promise<void> {
  const moved = await client.query(
    `UPDATE projection_kafka_offsets SET next_offset = $5, updated_at = now()
     WHERE projection = $1 AND generation = $2 AND topic = $3 AND partition = $4 AND next_offset = $6`,
    [scope.projection, scope.generation, scope.topic, partition, next.toString(), expected.toString()],
  );
  if (moved.rowCount !== 1) {
    throw new OffsetConflictError(scope, partition, expected);
  }
  await raiseWatermark(client, scope);
}

/**
 * Raises the watermark in its own transaction. The relay writes a mark after the
 * projectors may already have applied its batch, so an idle projector calls this
 * now and then to reach the newest mark.
 */
export async function refreshWatermark(pool: pg.Pool, scope: OffsetScope): Promise<void> {
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('BEGIN');
    await client.query('SELECT 1 FROM projection_generations WHERE projection = $1 AND generation = $2 FOR UPDATE', [scope.projection, scope.generation]);
    await raiseWatermark(client, scope);
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

/**
 * Raises the generation's watermark to the newest relay mark that every partition's
 * stored offset has reached, and writes it into `projection_generations`, replacing
 * the position `applyBatch` stored, which with several partitions is not monotone.
 *
 * The caller holds the generation row's lock (`applyBatch` updated the row, or
 * `refreshWatermark` selected it FOR UPDATE), so these statements run for one batch
 * of the generation at a time and each sees the offsets the others committed.
 */
async function raiseWatermark(client: pg.PoolClient, scope: OffsetScope): Promise<void> {
  await client.query(
    `WITH reached AS (
       SELECT m.commit_position, m.prepare_position
       FROM kafka_relay_marks m
       JOIN projection_kafka_watermarks w ON w.projection = $1 AND w.generation = $2 AND w.topic = m.topic
       WHERE m.topic = $3
         AND (m.commit_position, m.prepare_position) > (w.commit_position, w.prepare_position)
         AND NOT EXISTS (
           SELECT 1 FROM unnest(m.end_offsets) WITH ORDINALITY AS e(end_offset, ordinal)
           LEFT JOIN projection_kafka_offsets o
             ON o.projection = $1 AND o.generation = $2 AND o.topic = $3 AND o.partition = e.ordinal - 1
           WHERE e.end_offset > coalesce(o.next_offset, 0)
         )
       ORDER BY m.commit_position DESC, m.prepare_position DESC
       LIMIT 1
     )
     UPDATE projection_kafka_watermarks w
     SET commit_position = reached.commit_position, prepare_position = reached.prepare_position, updated_at = now()
     FROM reached
     WHERE w.projection = $1 AND w.generation = $2 AND w.topic = $3`,
    [scope.projection, scope.generation, scope.topic],
  );

  await client.query(
    `UPDATE projection_generations g
     SET commit_position = w.commit_position, prepare_position = w.prepare_position
     FROM projection_kafka_watermarks w
     WHERE g.projection = $1 AND g.generation = $2 AND w.projection = g.projection AND w.generation = g.generation AND w.topic = $3
       AND (g.commit_position, g.prepare_position) IS DISTINCT FROM (w.commit_position, w.prepare_position)`,
    [scope.projection, scope.generation, scope.topic],
  );
}
