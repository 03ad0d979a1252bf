import { createHash } from 'node:crypto';

import type pg from 'pg';

import {
  queryActivities,
  queryDailyAttendance,
  queryDailyCompliance,
  queryEmployees,
  queryMonthlyRecap,
  quoteIdentifier,
  readModelConfiguration,
} from '@fleksi/read-models';

export interface ReadModelDigest {
  /** SHA-256 over every part, in order. */
  readonly digest: string;
  /** SHA-256 of each part, so a mismatch names the query that differs. */
  readonly parts: Record<string, string>;
  /** Rows the daily attendance query returned, to show the digest covers data. */
  readonly dailyRows: number;
  readonly activityRows: number;
}

const sha256 = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * Hashes what the query API returns from one generation of the workdays read model
 * for a tenant: employees, daily attendance over `dates`, the monthly recap of each
 * month they touch, and compliance and activities of every date.
 */
export async function readModelDigest(pool: pg.Pool, generationSchema: string, tenantId: string, dates: readonly string[]): Promise<ReadModelDigest> {
  const schema = quoteIdentifier(generationSchema);
  const scopes = [{ kind: 'tenant' as const }];
  const sorted = [...dates].sort();
  const from = sorted[0];
  const to = sorted[sorted.length - 1];
  if (from === undefined || to === undefined) {
    throw new Error('a read model digest needs at least one date');
  }
  const configuration = await readModelConfiguration(pool, schema, tenantId);
  if (configuration === undefined) {
    throw new Error(`read model ${generationSchema} has no configuration for tenant ${tenantId}`);
  }

  const parts: Record<string, string> = {};
  parts['employees'] = sha256(await queryEmployees(pool, schema, { tenantId, scopes }));
  const daily = await queryDailyAttendance(pool, schema, { tenantId, scopes, from, to, limit: 100_000, offset: 0 });
  parts['daily attendance'] = sha256(daily);
  for (const month of new Set(sorted.map((date) => date.slice(0, 7)))) {
    parts[`monthly recap ${month}`] = sha256(await queryMonthlyRecap(pool, schema, configuration, { tenantId, scopes, month }));
  }
  let activityRows = 0;
  for (const date of sorted) {
    parts[`compliance ${date}`] = sha256(await queryDailyCompliance(pool, schema, { tenantId, scopes, date }));
    const activities = await queryActivities(pool, schema, { tenantId, scopes, date });
    activityRows += activities.length;
    parts[`activities ${date}`] = sha256(activities);
  }
  return { digest: sha256(parts), parts, dailyRows: daily.rows.length, activityRows };
}
