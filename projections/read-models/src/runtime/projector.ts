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
  options: {
    readonly beforeCommit?: (client: pg.PoolClient) => Promise<void>;
    /**
     * The checkpoint this batch starts from. When given, the batch commits only if the
     * generation is still there, so a writer that lost its lock to another process
     * cannot apply a batch twice or out of order.
     */
    readonly expectedPosition?: LogPosition;
    /** Passed on to the projection as `catchingUp`; see ProjectionContext. */
    readonly catchingUp?: boolean;
  } = {},
): Promise<number> {
  const schema = quoteIdentifier(generation.schema);
  const relevant = events.filter((event) => projection.eventTypes.has(event.type));
  const client = await pool.connect();
  let failed = false;

  try {
    await client.query('BEGIN');

    // 1. Skip events whose stream version this generation already applied.
    const fresh = await freshEvents(client, schema, relevant);

    // 2. The projection's own changes.
    if (fresh.length > 0) {
      await projection.apply({ client, schema, catchingUp: options.catchingUp === true }, fresh);
      await recordStreamVersions(client, schema, fresh);
    }

    // 3. The checkpoint, in the same transaction.
    const expected = options.expectedPosition;
    const moved = await client.query(
      `UPDATE projection_generations
       SET commit_position = $3::xid8, prepare_position = $4, events_applied = events_applied + $5,
           last_event_recorded_at = coalesce($6::timestamptz, last_event_recorded_at), last_error = NULL, updated_at = now()
       WHERE projection = $1 AND generation = $2
         AND ($7::xid8 IS NULL OR (commit_position = $7::xid8 AND prepare_position = $8))`,
      [
        projection.name,
        generation.generation,
        progress.position.commit.toString(),
        progress.position.prepare.toString(),
        fresh.length,
        progress.recordedAt,
        expected?.commit.toString() ?? null,
        expected?.prepare.toString() ?? null,
      ],
    );
    if (expected !== undefined && moved.rowCount !== 1) {
      throw new ProjectorOwnershipLostError(projection.name, generation.generation);
    }
    await options.beforeCommit?.(client);
    await client.query('COMMIT');
    return fresh.length;
  } catch (error) {
    failed = true;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A failed query may have timed out with the connection still busy: close it.
    client.release(failed);
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

/** The generation's checkpoint moved under this writer: another process applies it now. */
export class ProjectorOwnershipLostError extends Error {
  constructor(projection: string, generation: number) {
    super(`the checkpoint of ${projection} generation ${generation} moved under this projector; another process is applying it`);
    this.name = 'ProjectorOwnershipLostError';
  }
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
  const context = { projection: projection.name, generation: generation.generation };
  let stopped = false;
  let subscription: Subscription | undefined;
  let lockClient: pg.PoolClient | undefined;
  let lockLost: (() => void) | undefined;
  let markCaughtUp: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => {
    markCaughtUp = resolve;
  });

  // pg-pool removes its own error listener from a checked-out client, and the lock
  // connection stays checked out. A dropped connection also drops the session lock,
  // so it ends this holding and the loop below waits for the lock again.
  const onLockError = (error: Error): void => {
    logger.warn({ err: error, ...context }, 'projector lock connection lost');
    lockLost?.();
  };

  function releaseLockClient(destroy: boolean): void {
    lockClient?.off('error', onLockError);
    lockClient?.release(destroy);
    lockClient = undefined;
  }

  async function acquireLock(): Promise<boolean> {
    while (!stopped) {
      try {
        if (lockClient === undefined) {
          lockClient = await pool.connect();
          lockClient.on('error', onLockError);
        }
        const result = await lockClient.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [lockKey]);
        if (result.rows[0]?.locked === true) {
          return true;
        }
      } catch (error) {
        logger.warn({ err: error, ...context }, 'projector lock check failed');
        releaseLockClient(true);
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    return false;
  }

  /** Applies the log while this process holds the lock; resolves when it stops or loses it. */
  async function applyWhileHolding(): Promise<void> {
    const checkpoint = (await pool.query<{ commit_position: string; prepare_position: string }>(
      `SELECT commit_position::text AS commit_position, prepare_position FROM projection_generations WHERE projection = $1 AND generation = $2`,
      [projection.name, generation.generation],
    )).rows[0];
    let position: LogPosition = { commit: BigInt(checkpoint?.commit_position ?? '0'), prepare: BigInt(checkpoint?.prepare_position ?? '0') };
    logger.info({ ...context, after: `${position.commit}-${position.prepare}` }, 'projector started');

    const lost = new Promise<void>((resolve) => {
      lockLost = resolve;
    });
    if (stopped) {
      // stop() ran while the checkpoint was being read.
      lockLost?.();
    }
    const current = store.subscribeToAll({
      after: position,
      batchSize: options.batchSize ?? 1_000,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      onEvents: async (events) => {
        const last = events[events.length - 1];
        if (last === undefined) {
          return;
        }
        await applyBatch(pool, projection, generation, events, { position: last.position, recordedAt: last.recordedAt }, {
          expectedPosition: position,
          ...(options.beforeCommit === undefined ? {} : { beforeCommit: options.beforeCommit }),
        });
        position = last.position;
      },
      onError: (error) => {
        if (error instanceof ProjectorOwnershipLostError) {
          logger.error({ err: error, ...context }, 'projector lost its generation to another process; standing by');
          lockLost?.();
          return;
        }
        logger.error({ err: error, ...context }, 'projector batch failed; retrying');
        void pool
          .query('UPDATE projection_generations SET last_error = $3, updated_at = now() WHERE projection = $1 AND generation = $2', [
            projection.name,
            generation.generation,
            String((error as Error).message ?? error).slice(0, 2_000),
          ])
          .catch(() => undefined);
      },
    });
    subscription = current;
    void current.caughtUp.then(markCaughtUp);

    await lost;
    lockLost = undefined;
    subscription = undefined;
    await current.stop();
    if (!stopped) {
      // The session lock went with the connection, or another process holds the
      // generation: drop the connection and queue for the lock again.
      releaseLockClient(true);
    }
  }

  const started = (async () => {
    while (await acquireLock()) {
      await applyWhileHolding();
    }
  })().catch((error: unknown) => {
    logger.error({ err: error, projection: projection.name }, 'projector failed to start');
  });

  return {
    caughtUp,
    stop: async () => {
      stopped = true;
      lockLost?.();
      await started;
      if (lockClient !== undefined) {
        await lockClient.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
        releaseLockClient(false);
      }
      logger.info(context, 'projector stopped');
    },
  };
}
