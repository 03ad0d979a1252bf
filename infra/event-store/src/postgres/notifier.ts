import type pg from 'pg';

import { EVENTS_CHANNEL } from './subscription.ts';

/**
 * Wakes subscribers after appends with at most one NOTIFY per interval, sent after
 * the append committed. A NOTIFY inside the append's own transaction would make every
 * commit wait for PostgreSQL's notify queue lock in turn.
 */
export class DebouncedNotifier {
  private scheduled = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly delayMs: number,
  ) {}

  poke(): void {
    if (this.scheduled) {
      return;
    }
    this.scheduled = true;
    const timer = setTimeout(() => {
      this.scheduled = false;
      // A lost notification only delays subscribers until their next poll.
      this.pool.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, '']).catch(() => undefined);
    }, this.delayMs);
    timer.unref();
  }
}
