import type { LogPosition, RecordedEvent } from '@fleksi/contracts';
import type pg from 'pg';

import type { ReadAllOptions, Subscription, SubscriptionOptions } from '../port.ts';

export const EVENTS_CHANNEL = 'fleksi_events';

const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_POLL_INTERVAL_MS = 1_000;
const MAX_RETRY_DELAY_MS = 5_000;

type ReadAll = (options: ReadAllOptions) => Promise<RecordedEvent[]>;

/**
 * Follows the global log: reads batches until it has caught up, then sleeps until a
 * NOTIFY on `fleksi_events` or the poll interval wakes it.
 *
 * Polling stays on because a notification can arrive while the new event is still
 * hidden behind an older running transaction, and notifications are lost while the
 * listening connection is down. A failed read or handler is reported to `onError`
 * and retried from the same position after a growing pause, so nothing is skipped.
 */
export function subscribeToAll(pool: pg.Pool, readAll: ReadAll, options: SubscriptionOptions): Subscription {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;

  let stopped = false;
  let notified = false;
  let wake: (() => void) | undefined;
  let listener: pg.PoolClient | undefined;
  let releaseListener: ((destroy: boolean) => void) | undefined;
  let markCaughtUp: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => {
    markCaughtUp = resolve;
  });

  const onNotification = (): void => {
    notified = true;
    wake?.();
  };

  async function ensureListening(): Promise<void> {
    if (listener !== undefined) {
      return;
    }
    const client = await pool.connect();
    // pg-pool hands the same client object to the next caller after a release, so the
    // listeners added here go before it. A stale error listener would release the next
    // holder's client.
    let released = false;
    const release = (destroy: boolean): void => {
      if (released) {
        return;
      }
      released = true;
      client.removeListener('notification', onNotification);
      client.removeListener('error', onError);
      client.release(destroy);
    };
    const onError = (): void => {
      // The connection is gone; the poll keeps the subscription going until the
      // next loop round opens a new one.
      release(true);
      if (listener === client) {
        listener = undefined;
      }
    };
    client.on('notification', onNotification);
    client.on('error', onError);
    releaseListener = release;
    try {
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      release(true);
      throw error;
    }
    listener = client;
  }

  async function sleep(milliseconds: number): Promise<void> {
    if (notified || stopped) {
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, milliseconds);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wake = undefined;
  }

  async function run(): Promise<void> {
    let position: LogPosition = options.after;
    let failures = 0;

    while (!stopped) {
      try {
        await ensureListening();
        notified = false;
        const events = await readAll({
          after: position,
          maxCount: batchSize,
          ...(options.tenantId === undefined ? {} : { tenantId: options.tenantId }),
        });
        if (events.length > 0) {
          await options.onEvents(events);
          position = events[events.length - 1]?.position ?? position;
        }
        failures = 0;
        if (events.length === batchSize) {
          continue;
        }
        markCaughtUp();
        await sleep(pollIntervalMs);
      } catch (error) {
        failures += 1;
        options.onError?.(error);
        await sleep(Math.min(MAX_RETRY_DELAY_MS, 100 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  const running = run();

  return {
    caughtUp,
    stop: async () => {
      stopped = true;
      wake?.();
      await running;
      if (listener !== undefined) {
        const client = listener;
        listener = undefined;
        await client.query(`UNLISTEN ${EVENTS_CHANNEL}`).catch(() => undefined);
        releaseListener?.(false);
      }
    },
  };
}
