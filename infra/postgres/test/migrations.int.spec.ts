import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadMigrations, migrate, type Migration } from '../src/index.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ migrated: false });
});

afterAll(async () => {
  await database.drop();
});

async function appliedVersions(): Promise<number[]> {
  const result = await database.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return result.rows.map((row) => row.version);
}

describe('migrate', () => {
  it('applies every numbered file once, even when started twice at the same time', async () => {
    const files = await loadMigrations();

    const [first, second] = await Promise.all([migrate(database.pool), migrate(database.pool)]);

    expect([...first, ...second].sort((a, b) => a - b)).toEqual(files.map((file) => file.version));
    expect(await appliedVersions()).toEqual(files.map((file) => file.version));
    expect(await migrate(database.pool)).toEqual([]);
  });

  it('upgrades a database from the previous schema version without losing rows', async () => {
    const upgraded = await createTestDatabase({ migrated: false });
    try {
      const files = await loadMigrations();
      const next: Migration = {
        version: Math.max(...files.map((file) => file.version)) + 1,
        name: 'test_add_column',
        sql: 'ALTER TABLE event_streams ADD COLUMN archived boolean NOT NULL DEFAULT false',
      };
      await migrate(upgraded.pool, { migrations: files });
      await upgraded.pool.query(`INSERT INTO event_streams (stream_id, tenant_id, version) VALUES ('s', 't', 3)`);

      await migrate(upgraded.pool, { migrations: [...files, next] });
      const row = await upgraded.pool.query('SELECT version, archived FROM event_streams');

      expect(row.rows).toEqual([{ version: '3', archived: false }]);
    } finally {
      await upgraded.drop();
    }
  });

  it('rolls back a failing migration and names it', async () => {
    const broken = await createTestDatabase({ migrated: false });
    try {
      const failing: Migration = { version: 9_999, name: 'broken', sql: 'CREATE TABLE half_done (id int); SELECT no_such_function()' };

      await expect(migrate(broken.pool, { migrations: [failing] })).rejects.toThrow(/9999_broken failed/);
      const table = await broken.pool.query(`SELECT to_regclass('half_done') AS found`);

      expect(table.rows[0]).toEqual({ found: null });
    } finally {
      await broken.drop();
    }
  });
});
