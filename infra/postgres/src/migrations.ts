import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type pg from 'pg';
import type { Logger } from 'pino';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

// Any constant works as long as every Fleksi process uses the same one.
const MIGRATION_LOCK_KEY = 0x464c454b5349n; // "FLEKSI"

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads the numbered `NNNN_name.sql` files, in order. */
export async function loadMigrations(directory: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const migrations: Migration[] = [];
  for (const file of (await readdir(directory)).sort()) {
    const match = FILE_NAME.exec(file);
    if (match === null) {
      continue;
    }
    migrations.push({
      version: Number(match[1]),
      name: match[2] ?? file,
      sql: await readFile(path.join(directory, file), 'utf8'),
    });
  }
  return migrations;
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own
 * transaction. An advisory lock makes processes that start together wait for each
 * other instead of applying the same file twice.
 */
export async function migrate(
  pool: pg.Pool,
  options: { readonly logger?: Logger; readonly migrations?: readonly Migration[]; readonly upTo?: number } = {},
): Promise<number[]> {
  const migrations = options.migrations ?? (await loadMigrations());
  const client = await pool.connect();
  const applied: number[] = [];

  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const done = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const doneVersions = new Set(done.rows.map((row) => row.version));

    for (const migration of migrations) {
      if (doneVersions.has(migration.version) || (options.upTo !== undefined && migration.version > options.upTo)) {
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.version}_${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      options.logger?.info({ version: migration.version, name: migration.name }, 'migration applied');
      applied.push(migration.version);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]).catch(() => undefined);
    client.release();
  }
  return applied;
}
