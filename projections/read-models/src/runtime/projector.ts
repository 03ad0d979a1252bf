import type { LogPosition, RecordedEvent } from '@fleksi/contracts';
import type { EventStore, Subscription } from '@fleksi/event-store';
import type pg from 'pg';
import type { Logger } from 'pino';

import type { Generation } from './generations.ts';
import { quoteIdentifier, type Projection } from './projection.ts';

/** Advisory lock that makes one process at a time write a projection generation. */
export function projectorLockKey(projection: string, generation: number): string {
  return `fleksi-projector:${projection}:${generation}`;
}

/**
 * Applies one batch to one generation: drops events already applied (by stream
 * version), lets the projection write its changes, and moves the checkpoint, all in
 * one transaction. `progress` is the position the batch reaches in the source, which
 * may lie beyond the last event the projection cares about.
 */
export async function applyBatch(
  pool: pg.Pool,
  projection: Projection,
  generation: Pick<Generation, 'generation' | 'schema'>,
  events: readonly RecordedEvent[],
  progress: { readonly position: LogPosition; readonly recordedAt: string | null },
  options: { readonly beforeCommit?: (client: pg.PoolClient) => Promise<void> } = {},
): Promise<number> {
  const schema = quoteIdentifier(generation.schema);
  const relevant = events.filter((event) => projection.eventTypes.has(event.type));
  const client = await pool.connect();

  try {
    await client.query('BEGIN');

    // 1. Skip events whose stream version this generation already applied.
    const fresh = await freshEvents(client, schema, relevant);

    // 2. The projection's own changes.
    if (fresh.length > 0) {
      await projection.apply({ client, schema }, fresh);
      await recordStreamVersions(client, schema, fresh);
    }

    // 3. The checkpoint, in the same transaction.
    await client.query(
      `UPDATE projection_generations
       SET commit_position = $3::xid8, prepare_position = $4, events_applied = events_applied + $5,
           last_event_recorded_at = coalesce($6::timestamptz, last_event_recorded_at), last_error = NULL, updated_at = now()
       WHERE projection = $1 AND generation = $2`,
      [projection.name, generation.generation, progress.position.commit.toString(), progress.position.prepare.toString(), fresh.length, progress.recordedAt],
    );
    await options.beforeCommit?.(client);
    await client.query('COMMIT');
    return fresh.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function freshEvents(client: pg.PoolClient, schema: string, events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
  if (events.length === 0) {
    return [];
  }
  const streamIds = [...new Set(events.map((event) => event.streamId))];
  const known = await client.query<{ stream_id: string; version: string }>(
    `SELECT stream_id, version FROM ${schema}.stream_versions WHERE stream_id = ANY($1::text[])`,
    [streamIds],
  );
  const applied = new Map(known.rows.map((row) => [row.stream_id, Number(row.version)]));

  const fresh: RecordedEvent[] = [];
  for (const event of events) {
    if (event.streamVersion > (applied.get(event.streamId) ?? 0)) {
      fresh.push(event);
      applied.set(event.streamId, event.streamVersion);
    }
  }
  return fresh;
}

async function recordStreamVersions(client: pg.PoolClient, schema: string, events: readonly RecordedEvent[]): Promise<void> {
  const latest = new Map<string, number>();
  for (const event of events) {
    latest.set(event.streamId, Math.max(latest.get(event.streamId) ?? 0, event.streamVersion));
  }
  await client.query(
    `INSERT INTO ${schema}.stream_versions (stream_id, version)
     SELECT * FROM unnest($1::text[], $2::bigint[])
     ON CONFLICT (stream_id) DO UPDATE SET version = greatest(${schema}.stream_versions.version, excluded.version)`,
    [[...latest.keys()], [...latest.values()]],
  );
}

export interface ProjectorOptions {
  readonly pool: pg.Pool;
  readonly store: EventStore;
  readonly projection: Projection;
  readonly generation: Generation;
  readonly logger: Logger;
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  /** Runs inside each batch's transaction just before COMMIT; fault-injection tests kill the process here. */
  readonly beforeCommit?: (client: pg.PoolClient) => Promise<void>;
}

export interface RunningProjector {
  /** Resolves once this projector holds the lock and has caught up with the log. */
  readonly caughtUp: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs one generation of a projection from the event log: waits for the advisory
 * lock that makes it the only active projector of that generation, then catches up
 * from its checkpoint and follows the log live. Other processes running the same
 * projection wait on the lock as standbys and take over when the holder stops.
 */
export function runProjector(options: ProjectorOptions): RunningProjector {
  const { pool, store, projection, generation, logger } = options;
  const lockKey = projectorLockKey(projection.name, generation.generation);
  let stopped = false;
  let subscription: Subscription | undefined;
  let lockClient: pg.PoolClient | undefined;
  let markCaughtUp: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => {
    markCaughtUp = resolve;
  });

  async function acquireLock(): Promise<boolean> {
    while (!stopped) {
      try {
        lockClient ??= await pool.connect();
        const result = await lockClient.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [lockKey]);
        if (result.rows[0]?.locked === true) {
          return true;
        }
      } catch (error) {
        logger.warn({ err: error, projection: projection.name }, 'projector lock check failed');
        lockClient?.release(true);
        lockClient = undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    return false;
  }

  const started = (async () => {
    if (!(await acquireLock())) {
      return;
    }
    const checkpoint = (await pool.query<{ commit_position: string; prepare_position: string }>(
      `SELECT commit_position::text AS commit_position, prepare_position FROM projection_generations WHERE projection = $1 AND generation = $2`,
      [projection.name, generation.generation],
    )).rows[0];
    const after: LogPosition = { commit: BigInt(checkpoint?.commit_position ?? '0'), prepare: BigInt(checkpoint?.prepare_position ?? '0') };
    logger.info({ projection: projection.name, generation: generation.generation, after: `${after.commit}-${after.prepare}` }, 'projector started');

    subscription = store.subscribeToAll({
      after,
      batchSize: options.batchSize ?? 1_000,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      onEvents: async (events) => {
        const last = events[events.length - 1];
        if (last === undefined) {
          return;
        }
        await applyBatch(pool, projection, generation, events, { position: last.position, recordedAt: last.recordedAt }, {
          ...(options.beforeCommit === undefined ? {} : { beforeCommit: options.beforeCommit }),
        });
      },
      onError: (error) => {
        logger.error({ err: error, projection: projection.name, generation: generation.generation }, 'projector batch failed; retrying');
        void pool
          .query('UPDATE projection_generations SET last_error = $3, updated_at = now() WHERE projection = $1 AND generation = $2', [
            projection.name,
            generation.generation,
            String((error as Error).message ?? error).slice(0, 2_000),
          ])
          .catch(() => undefined);
      },
    });
    void subscription.caughtUp.then(markCaughtUp);
  })().catch((error: unknown) => {
    logger.error({ err: error, projection: projection.name }, 'projector failed to start');
  });

  return {
    caughtUp,
    stop: async () => {
      stopped = true;
      await started;
      await subscription?.stop();
      if (lockClient !== undefined) {
        await lockClient.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
        lockClient.release();
        lockClient = undefined;
      }
      logger.info({ projection: projection.name, generation: generation.generation }, 'projector stopped');
    },
  };
}
