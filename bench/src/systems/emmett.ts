import { isExpectedVersionConflictError } from '@event-driven-io/emmett';
import {
  getPostgreSQLEventStore,
  messagesTable,
  readMessagesBatch,
  streamsTable,
  type PostgresEventStore,
} from '@event-driven-io/emmett-postgresql';
import pg from 'pg';

import { ignoreIdleClientErrors, STATEMENT_TIMEOUT_MS } from './fleksi.ts';

/*
 * Loaded only by trials of the Emmett system. Creating an Emmett store makes
 * emmett-postgresql 0.42.0 replace node-postgres's global type parsers (int8 becomes
 * BigInt, json and jsonb are parsed with a BigInt-aware reviver), which would also
 * slow down every other store in the same process. The CLI therefore runs each trial
 * in its own child process.
 */

export const EMMETT_MESSAGES_TABLE = messagesTable.name;
export const EMMETT_STREAMS_TABLE = streamsTable.name;

export interface EmmettStore {
  readonly store: PostgresEventStore;
  readonly pool: pg.Pool;
  /** Emmett's SQL executor over the same pool, for its standalone read functions. */
  readonly executor: EmmettExecutor;
  close(): Promise<void>;
}

type EmmettExecutor = Parameters<typeof readMessagesBatch>[0];

/**
 * Opens Emmett's PostgreSQL event store on `url` with a pool of `poolSize`
 * connections, and creates its schema before anything is timed (Emmett would
 * otherwise create it on the first append).
 */
export async function openEmmettStore(url: string, poolSize: number): Promise<EmmettStore> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: 'fleksi-bench-emmett',
    statement_timeout: STATEMENT_TIMEOUT_MS,
  });
  ignoreIdleClientErrors(pool);
  const store = getPostgreSQLEventStore(url, { connectionOptions: { connectionString: url, pool } });
  await store.schema.migrate();
  return {
    store,
    pool,
    executor: poolExecutor(pool),
    close: async () => {
      await store.close();
      await pool.end();
    },
  };
}

/**
 * An executor that runs each statement on a pooled connection, as the pool-backed
 * executor of Emmett's `dumbo` library does: it checks out a client, sends the SQL
 * text and returns the row count and rows.
 */
function poolExecutor(pool: pg.Pool): EmmettExecutor {
  const run = async (sql: string): Promise<{ rowCount: number | null; rows: pg.QueryResultRow[] }> => {
    const result = await pool.query(sql);
    return { rowCount: result.rowCount, rows: result.rows };
  };
  const runInOrder = async (sqls: string[]): Promise<Awaited<ReturnType<typeof run>>[]> => {
    const results = [];
    for (const sql of sqls) {
      results.push(await run(sql));
    }
    return results;
  };
  const executor = { query: run, command: run, batchQuery: runInOrder, batchCommand: runInOrder };
  return executor as unknown as EmmettExecutor;
}

export function isEmmettConflict(error: unknown): boolean {
  return isExpectedVersionConflictError(error);
}

export { readMessagesBatch };
