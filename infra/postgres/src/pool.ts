import pg from 'pg';
import type { Logger } from 'pino';

export interface PoolOptions {
  readonly max?: number;
  readonly applicationName?: string;
  /** Fails a query that waits longer than this for a connection, in milliseconds. */
  readonly connectionTimeoutMs?: number;
  /** Server-side limit per statement, in milliseconds; 0 means none. */
  readonly statementTimeoutMs?: number;
  /**
   * Client-side limit per query, in milliseconds; 0 means none. It also ends the wait on
   * a connection that went silent without a reset (a frozen server, a cut network
   * path), which no server-side limit can. A client whose query timed out must be
   * released with the error, so that the pool closes it.
   */
  readonly queryTimeoutMs?: number;
  readonly logger?: Logger;
}

export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 20,
    application_name: options.applicationName ?? 'fleksi',
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    statement_timeout: options.statementTimeoutMs ?? 0,
    ...(options.queryTimeoutMs === undefined || options.queryTimeoutMs === 0 ? {} : { query_timeout: options.queryTimeoutMs }),
    // TCP keepalive lets the kernel notice a dead server on an idle connection.
    keepAlive: true,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its server emits here; without a listener the
  // process would crash. The next checkout gets a fresh connection.
  // Only message and code: the error object carries the whole client, statements included.
  pool.on('error', (error: Error & { code?: string }) => options.logger?.warn({ error: error.message, code: error.code }, 'idle postgres connection failed'));
  return pool;
}

/** Returns `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
