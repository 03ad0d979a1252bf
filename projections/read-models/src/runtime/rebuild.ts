import { compareLogPositions, type LogPosition } from '@fleksi/contracts';
import type { EventStore } from '@fleksi/event-store';
import type pg from 'pg';

import { catchUp } from './catch-up.ts';
import { activateGeneration, buildingGeneration, createGeneration, dropRetiredSchemas, listGenerations, type Generation } from './generations.ts';
import type { Projection } from './projection.ts';
import { projectorLockKey } from './projector.ts';

export interface RebuildProgress {
  readonly phase: 'building' | 'waiting' | 'switched';
  readonly generation: number;
  readonly eventsApplied: number;
  readonly position: LogPosition;
}

/**
 * Builds a new generation of a projection beside the live one and switches readers to
 * it once it has caught up with the log. When another process already builds that
 * generation (a running server's projection manager), this waits for it instead.
 */
export async function rebuildProjection(
  pool: pg.Pool,
  store: EventStore,
  projection: Projection,
  options: { readonly batchSize?: number; readonly onProgress?: (progress: RebuildProgress) => void; readonly timeoutMs?: number } = {},
): Promise<Generation> {
  const generation = (await buildingGeneration(pool, projection.name)) ?? (await createGeneration(pool, projection));
  if (generation.status === 'active') {
    // There was nothing live to rebuild beside: the new generation serves at once.
    await catchUp(pool, store, projection, generation, { ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }) });
    return generation;
  }

  const lockClient = await pool.connect();
  const lockKey = projectorLockKey(projection.name, generation.generation);
  try {
    const locked = (await lockClient.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [lockKey])).rows[0]?.locked === true;
    if (!locked) {
      return await waitForSwitch(pool, projection, generation, options);
    }

    // Keep catching up until the log head stays behind the checkpoint, then switch.
    for (;;) {
      const applied = await catchUp(pool, store, projection, generation, {
        ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
        onBatch: (eventsApplied, position) => options.onProgress?.({ phase: 'building', generation: generation.generation, eventsApplied, position }),
      });
      const current = (await listGenerations(pool, projection.name)).find((candidate) => candidate.generation === generation.generation) ?? generation;
      const head = await store.headPosition();
      if (applied === 0 || head === undefined || compareLogPositions(current.position, head) >= 0) {
        await activateGeneration(pool, projection.name, generation.generation);
        await dropRetiredSchemas(pool, projection.name, 60);
        options.onProgress?.({ phase: 'switched', generation: generation.generation, eventsApplied: current.eventsApplied, position: current.position });
        return current;
      }
    }
  } finally {
    await lockClient.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    lockClient.release();
  }
}

async function waitForSwitch(
  pool: pg.Pool,
  projection: Projection,
  generation: Generation,
  options: { readonly onProgress?: (progress: RebuildProgress) => void; readonly timeoutMs?: number },
): Promise<Generation> {
  const deadline = Date.now() + (options.timeoutMs ?? 24 * 3600_000);
  for (;;) {
    const current = (await listGenerations(pool, projection.name)).find((candidate) => candidate.generation === generation.generation);
    if (current === undefined || current.status === 'failed' || current.status === 'retired') {
      throw new Error(`generation ${generation.generation} of ${projection.name} is ${current?.status ?? 'gone'}`);
    }
    options.onProgress?.({ phase: current.status === 'active' ? 'switched' : 'waiting', generation: current.generation, eventsApplied: current.eventsApplied, position: current.position });
    if (current.status === 'active') {
      return current;
    }
    if (Date.now() > deadline) {
      throw new Error(`generation ${generation.generation} of ${projection.name} did not go live in time`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
