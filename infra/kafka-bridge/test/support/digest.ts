import { createHash } from 'node:crypto';

import {
  queryActivities,
  queryDailyAttendance,
  queryDailyCompliance,
  queryMonthlyRecap,
  quoteIdentifier,
  readModelConfiguration,
  type Generation,
} from '@fleksi/read-models';
import type pg from 'pg';

import { MONTH } from './workload.ts';

/**
 * Digest of what the query API returns for the workload's month from one generation:
 * per tenant the daily rows, the monthly recap, and compliance and activities of
 * every day.
 */
export async function queryDigest(pool: pg.Pool, generation: Pick<Generation, 'schema'>, tenantIds: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const tenantId of tenantIds) {
    hash.update(JSON.stringify(await tenantParts(pool, generation, tenantId)));
  }
  return hash.digest('hex');
}

async function tenantParts(pool: pg.Pool, generation: Pick<Generation, 'schema'>, tenantId: string): Promise<unknown[]> {
  const schema = quoteIdentifier(generation.schema);
  const scopes = [{ kind: 'tenant' as const }];
  const configuration = await readModelConfiguration(pool, schema, tenantId);
  if (configuration === undefined) {
    throw new Error(`read model ${generation.schema} has no configuration of tenant ${tenantId}`);
  }

  const parts: unknown[] = [];
  parts.push(await queryDailyAttendance(pool, schema, { tenantId: tenantId, scopes, from: `${MONTH}-01`, to: `${MONTH}-28`, limit: 100_000, offset: 0 }));
  parts.push(await queryMonthlyRecap(pool, schema, configuration, { tenantId: tenantId, scopes, month: MONTH }));
  for (let day = 1; day <= 28; day += 1) {
    const date = `${MONTH}-${String(day).padStart(2, '0')}`;
    parts.push(await queryDailyCompliance(pool, schema, { tenantId: tenantId, scopes, date }));
    parts.push(await queryActivities(pool, schema, { tenantId: tenantId, scopes, date }));
  }
  return parts;
}

/**
 * Row counts and a digest of every table of a generation's schema, each table's rows
 * sorted as text, so two generations compare whole, beyond what the queries show.
 */
export async function tableDigests(pool: pg.Pool, generation: Pick<Generation, 'schema'>): Promise<Record<string, string>> {
  const tables = await pool.query<{ table_name: string }>(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
    [generation.schema],
  );
  const digests: Record<string, string> = {};
  for (const { table_name: table } of tables.rows) {
    const rows = await pool.query<{ row: string }>(`SELECT t::text AS row FROM ${quoteIdentifier(generation.schema)}.${quoteIdentifier(table)} t ORDER BY 1`);
    const hash = createHash('sha256');
    for (const { row } of rows.rows) {
      hash.update(row).update('\n');
    }
    digests[table] = `${rows.rows.length} rows ${hash.digest('hex').slice(0, 16)}`;
  }
  return digests;
}
