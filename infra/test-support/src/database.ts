import { randomBytes } from 'node:crypto';

import pg from 'pg';
import { inject } from 'vitest';

import { createPool, migrate, withDatabase } from '@fleksi/postgres';

import './provided-context.ts';

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  readonly pool: pg.Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/**
 * Creates an empty database on the run's server, with every migration applied
 * unless `migrated` is false. Each test file calls this once so files never share
 * state.
 */
export async function createTestDatabase(options: { readonly migrated?: boolean; readonly poolSize?: number } = {}): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `fleksi_test_${randomBytes(6).toString('hex')}`;

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }

  const url = withDatabase(adminUrl, name);
  const pool = createPool(url, { max: options.poolSize ?? 30, applicationName: 'fleksi-test' });
  if (options.migrated ?? true) {
    await migrate(pool);
  }

  return {
    url,
    name,
    pool,
    drop: async () => {
      await pool.end();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
