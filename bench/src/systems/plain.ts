import pg from 'pg';

import { ignoreIdleClientErrors, STATEMENT_TIMEOUT_MS } from './fleksi.ts';

/**
 * The ceiling: one table with no stream heads, triggers or secondary indexes,
 * written by single-row autocommit `INSERT`s and read by keyset pagination on `id`.
 * It carries the same stream id, type, data and metadata as an event.
 */
const CREATE_PLAIN_EVENTS = `
  CREATE TABLE plain_events (
    id bigserial PRIMARY KEY,
    event_id uuid NOT NULL,
    stream_id text NOT NULL,
    stream_version bigint NOT NULL,
    event_type text NOT NULL,
    data jsonb NOT NULL,
    metadata jsonb NOT NULL
  )`;

export async function openPlainTable(url: string, poolSize: number): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: 'fleksi-bench-ceiling',
    statement_timeout: STATEMENT_TIMEOUT_MS,
  });
  ignoreIdleClientErrors(pool);
  await pool.query(CREATE_PLAIN_EVENTS);
  return pool;
}
