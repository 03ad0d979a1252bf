import { listCheckpoints, recordCheckpoint } from '@fleksi/audit';
import { compareLogPositions, parseLogPosition } from '@fleksi/contracts';
import type { EventStore } from '@fleksi/event-store';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';

/**
 * Records a Merkle checkpoint of the global log at an interval, when the log has grown
 * since the last one, so tampering after that point can be proven against it.
 */
export function startCheckpointScheduler(options: {
  readonly pool: pg.Pool;
  readonly store: EventStore;
  readonly logger: FastifyBaseLogger;
  readonly intervalMs: number;
}): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();

  const runOnce = async (): Promise<void> => {
    const head = await options.store.headPosition();
    const latest = (await listCheckpoints(options.pool)).at(-1);
    const latestPosition = latest === undefined ? undefined : parseLogPosition(latest.position);
    if (head === undefined || (latestPosition !== undefined && compareLogPositions(head, latestPosition) <= 0)) {
      return;
    }
    const checkpoint = await recordCheckpoint(options.pool);
    options.logger.info({ checkpointId: checkpoint?.checkpointId, position: checkpoint?.position, events: checkpoint?.eventCount, root: checkpoint?.root }, 'log checkpoint recorded');
  };

  const timer = setInterval(() => {
    running = running.then(runOnce).catch((error: unknown) => options.logger.error({ err: error }, 'log checkpoint failed'));
  }, options.intervalMs);
  timer.unref();

  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
