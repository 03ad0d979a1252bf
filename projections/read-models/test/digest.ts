import { createHash } from 'node:crypto';

import type pg from 'pg';

import {
  queryActivities,
  queryDailyAttendance,
  queryDailyCompliance,
  queryMonthlyRecap,
  quoteIdentifier,
  readModelConfiguration,
  type Generation,
} from '../src/index.ts';
import { TENANT } from './scenario.ts';

/**
 * Digest of everything the query API returns for February 2026 from one generation:
 * the daily rows, the monthly recap, and compliance and activities of every day.
 */
export async function readModelDigest(pool: pg.Pool, generation: Pick<Generation, 'schema'>): Promise<string> {
  const schema = quoteIdentifier(generation.schema);
  const scopes = [{ kind: 'tenant' as const }];
  const configuration = await readModelConfiguration(pool, schema, TENANT);
  if (configuration === undefined) {
    throw new Error('read model has no tenant configuration');
  }

  const parts: unknown[] = [];
  parts.push(await queryDailyAttendance(pool, schema, { tenantId: TENANT, scopes, from: '2026-02-01', to: '2026-02-28', limit: 100_000, offset: 0 }));
  parts.push(await queryMonthlyRecap(pool, schema, configuration, { tenantId: TENANT, scopes, month: '2026-02' }));
  for (let day = 1; day <= 28; day += 1) {
    const date = `2026-02-${String(day).padStart(2, '0')}`;
    parts.push(await queryDailyCompliance(pool, schema, { tenantId: TENANT, scopes, date }));
    parts.push(await queryActivities(pool, schema, { tenantId: TENANT, scopes, date }));
  }
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
