import { randomBytes } from 'node:crypto';

import pg from 'pg';
import { pino } from 'pino';

import { findFreePort, startEmbeddedPostgres, startTestPostgres, withDatabase, type PostgresServer } from '@fleksi/postgres';

/**
 * Starts the server a benchmark run uses: the one named by DATABASE_URL, else an
 * embedded PostgreSQL 17 on a free port of 127.0.0.1. That cluster lives in
 * `pgDataDir` and is kept when given, so generated event logs are reused by later
 * runs; otherwise it is a throw-away cluster in a temporary folder (testcontainers
 * is tried first when a Docker engine responds).
 */
export async function startBenchPostgres(options: { readonly pgDataDir?: string } = {}): Promise<PostgresServer> {
  const logger = pino({ level: process.env['FLEKSI_LOG_LEVEL'] ?? 'warn' });
  const explicitUrl = process.env['DATABASE_URL'];
  if (options.pgDataDir === undefined || (explicitUrl !== undefined && explicitUrl !== '')) {
    return startTestPostgres({ environment: process.env, logger });
  }
  const embedded = await startEmbeddedPostgres({ dataDir: options.pgDataDir, port: await findFreePort(), logger });
  return { url: embedded.url, origin: 'embedded', stop: embedded.stop };
}

export interface FreshDatabase {
  readonly url: string;
  readonly name: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

/** Creates an empty database whose name starts with `bench_<label>_`. */
export async function createFreshDatabase(adminUrl: string, label: string): Promise<FreshDatabase> {
  const name = `bench_${label.replace(/[^a-z0-9]+/g, '_')}_${randomBytes(4).toString('hex')}`;
  await runAdminStatement(adminUrl, `CREATE DATABASE ${name}`);
  return {
    url: withDatabase(adminUrl, name),
    name,
    drop: () => runAdminStatement(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Creates a fresh database, runs `work` on it and drops it again, also when `work` fails. */
export async function withFreshDatabase<T>(adminUrl: string, label: string, work: (database: FreshDatabase) => Promise<T>): Promise<T> {
  const database = await createFreshDatabase(adminUrl, label);
  try {
    return await work(database);
  } finally {
    await database.drop();
  }
}

async function runAdminStatement(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Server settings that change what a benchmark measures. */
export interface ServerSettings {
  readonly serverVersion: string;
  readonly synchronousCommit: string;
  readonly fsync: string;
  readonly fullPageWrites: string;
  readonly walSyncMethod: string;
  readonly sharedBuffers: string;
  readonly maxConnections: string;
}

const SETTING_NAMES = {
  serverVersion: 'server_version',
  synchronousCommit: 'synchronous_commit',
  fsync: 'fsync',
  fullPageWrites: 'full_page_writes',
  walSyncMethod: 'wal_sync_method',
  sharedBuffers: 'shared_buffers',
  maxConnections: 'max_connections',
} as const satisfies Record<keyof ServerSettings, string>;

/** Reads the settings with `current_setting` in a session on `url`. */
export async function readServerSettings(url: string): Promise<ServerSettings> {
  const keys = Object.keys(SETTING_NAMES) as (keyof ServerSettings)[];
  const columns = keys.map((key, index) => `current_setting($${index + 1}) AS "${key}"`).join(', ');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<Record<keyof ServerSettings, string>>(`SELECT ${columns}`, keys.map((key) => SETTING_NAMES[key]));
    const row = result.rows[0];
    if (row === undefined) {
      throw new Error('reading the server settings returned no row');
    }
    return row;
  } finally {
    await client.end();
  }
}

/**
 * Throws unless commits wait for the WAL flush: with `synchronous_commit` off an
 * append returns before it is durable and the figures are not comparable.
 */
export async function assertDurableCommits(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    const value = result.rows[0]?.synchronous_commit;
    if (value !== 'on') {
      throw new Error(`synchronous_commit is ${String(value)} on ${new URL(url).pathname.slice(1)}; benchmarks need it on (ALTER SYSTEM SET synchronous_commit = on)`);
    }
  } finally {
    await client.end();
  }
}
