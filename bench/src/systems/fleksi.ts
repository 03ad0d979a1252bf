import type pg from 'pg';

import { PostgresEventStore } from '@fleksi/event-store';
import { createPool, migrate } from '@fleksi/postgres';

export interface FleksiStore {
  readonly store: PostgresEventStore;
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

/** Opens the project's event store on `url` after applying its migrations. */
export async function openFleksiStore(url: string, poolSize: number): Promise<FleksiStore> {
  const pool = createPool(url, { max: poolSize, applicationName: 'fleksi-bench', statementTimeoutMs: STATEMENT_TIMEOUT_MS });
  await migrate(pool);
  return { store: new PostgresEventStore(pool), pool, close: () => pool.end() };
}

/** Server-side bound on any one benchmark statement, so a stuck trial fails instead of hanging. */
export const STATEMENT_TIMEOUT_MS = 120_000;

/**
 * Keeps an idle client's failure from crashing the process. Dropping a trial's
 * database with FORCE can terminate a connection the pool is still closing, and a
 * pool without an 'error' listener rethrows that. The next checkout, if any, opens a
 * new connection, and the trial's own queries still fail loudly.
 */
export function ignoreIdleClientErrors(pool: pg.Pool): void {
  pool.on('error', () => undefined);
}
