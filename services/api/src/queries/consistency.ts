import { compareLogPositions, parseLogPosition, type LogPosition } from '@fleksi/contracts';
import { DomainError } from '@fleksi/domain';
import { activeReadModel, workdaysProjection, type ActiveReadModel } from '@fleksi/read-models';
import type pg from 'pg';

/**
 * Returns the active workdays read model once it has reached `minPosition`
 * (read-your-writes), polling for up to `timeoutMs`. Throws READ_MODEL_NOT_CAUGHT_UP
 * (503) when it does not get there in time.
 */
export async function waitForReadModel(pool: pg.Pool, minPosition: string | LogPosition | undefined, timeoutMs: number): Promise<ActiveReadModel> {
  const wanted = typeof minPosition === 'string' ? parseLogPosition(minPosition) : minPosition;
  if (typeof minPosition === 'string' && wanted === undefined) {
    throw new DomainError('POSITION_INVALID', { position: minPosition });
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const model = await activeReadModel(pool, workdaysProjection.name);
    if (model !== undefined && (wanted === undefined || compareLogPositions(model.position, wanted) >= 0)) {
      return model;
    }
    if (Date.now() >= deadline) {
      const position = wanted === undefined ? 'start' : `${wanted.commit}-${wanted.prepare}`;
      throw new DomainError('READ_MODEL_NOT_CAUGHT_UP', { position });
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
