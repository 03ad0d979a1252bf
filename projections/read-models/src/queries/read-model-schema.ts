import type { LogPosition } from '@fleksi/contracts';
import type { TenantConfiguration } from '@fleksi/domain';
import type pg from 'pg';

import { activeGeneration } from '../runtime/generations.ts';
import { quoteIdentifier } from '../runtime/projection.ts';
import { deserialiseConfiguration } from '../workdays/tenant-state.ts';

export interface ActiveReadModel {
  /** Quoted schema of the active generation. */
  readonly schema: string;
  readonly position: LogPosition;
}

/**
 * Finds the schema readers should use for a projection. The lookup is one indexed
 * query; callers hold the answer for one request only, so a switch after a rebuild
 * shows up on the next request.
 */
export async function activeReadModel(pool: Pick<pg.Pool, 'query'>, projection: string): Promise<ActiveReadModel | undefined> {
  const generation = await activeGeneration(pool, projection);
  return generation === undefined ? undefined : { schema: quoteIdentifier(generation.schema), position: generation.position };
}

/** The tenant configuration as the read model knows it, for recaps that need the calendar. */
export async function readModelConfiguration(db: Pick<pg.Pool, 'query'>, schema: string, tenantId: string): Promise<TenantConfiguration | undefined> {
  const result = await db.query<{ configuration: Parameters<typeof deserialiseConfiguration>[0] }>(
    `SELECT configuration FROM ${schema}.tenants WHERE tenant_id = $1`,
    [tenantId],
  );
  const row = result.rows[0];
  return row === undefined ? undefined : deserialiseConfiguration(row.configuration);
}
