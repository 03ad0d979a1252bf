import { compareLogPositions, type LogPosition } from '@fleksi/contracts';
import type { EventStore } from '@fleksi/event-store';
import type pg from 'pg';

import { listGenerations, type Generation } from './generations.ts';
import type { Projection } from './projection.ts';
import { applyBatch } from './projector.ts';

/**
 * Applies every event after a generation's checkpoint, batch by batch, until the log
 * head seen at the start is reached. Used by rebuilds from the command line and by
 * tests; the long-running projector follows the log with a subscription instead.
 */
export async function catchUp(
  pool: pg.Pool,
  store: EventStore,
  projection: Projection,
  generation: Generation,
  options: { readonly batchSize?: number; readonly onBatch?: (applied: number, position: LogPosition) => void } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 1_000;
  const current = (await listGenerations(pool, projection.name)).find((candidate) => candidate.generation === generation.generation) ?? generation;
  const head = await store.headPosition();
  let position = current.position;
  let total = 0;

  while (head !== undefined && compareLogPositions(position, head) < 0) {
    const events = await store.readAll({ after: position, maxCount: batchSize });
    const last = events[events.length - 1];
    if (last === undefined) {
      break;
    }
    // A building generation has no readers yet: every batch short of the head may
    // postpone derived work, and the batch that reaches the head finishes it.
    const catchingUp = current.status === 'building' && compareLogPositions(last.position, head) < 0;
    total += await applyBatch(pool, projection, generation, events, { position: last.position, recordedAt: last.recordedAt }, { catchingUp });
    position = last.position;
    options.onBatch?.(total, position);
  }
  return total;
}
