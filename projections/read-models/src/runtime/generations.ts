import type { LogPosition } from '@fleksi/contracts';
import type pg from 'pg';

import { quoteIdentifier, schemaName, type Projection } from './projection.ts';

export type GenerationStatus = 'building' | 'active' | 'retired' | 'failed';

export interface Generation {
  readonly projection: string;
  readonly generation: number;
  readonly codeVersion: number;
  readonly schema: string;
  readonly status: GenerationStatus;
  readonly position: LogPosition;
  readonly eventsApplied: number;
  readonly lastEventRecordedAt: string | null;
  readonly lastError: string | null;
}

interface GenerationRow {
  projection: string;
  generation: number;
  code_version: number;
  schema_name: string;
  status: GenerationStatus;
  commit_position: string;
  prepare_position: string;
  events_applied: string;
  last_event_recorded_at: Date | null;
  last_error: string | null;
}

const COLUMNS = `projection, generation, code_version, schema_name, status, commit_position::text AS commit_position,
  prepare_position, events_applied, last_event_recorded_at, last_error`;

function toGeneration(row: GenerationRow): Generation {
  return {
    projection: row.projection,
    generation: row.generation,
    codeVersion: row.code_version,
    schema: row.schema_name,
    status: row.status,
    position: { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) },
    eventsApplied: Number(row.events_applied),
    lastEventRecordedAt: row.last_event_recorded_at?.toISOString() ?? null,
    lastError: row.last_error,
  };
}

export async function listGenerations(db: Pick<pg.Pool, 'query'>, projection?: string): Promise<Generation[]> {
  const result = await db.query<GenerationRow>(
    `SELECT ${COLUMNS} FROM projection_generations ${projection === undefined ? '' : 'WHERE projection = $1'} ORDER BY projection, generation`,
    projection === undefined ? [] : [projection],
  );
  return result.rows.map(toGeneration);
}

export async function activeGeneration(db: Pick<pg.Pool, 'query'>, projection: string): Promise<Generation | undefined> {
  const result = await db.query<GenerationRow>(`SELECT ${COLUMNS} FROM projection_generations WHERE projection = $1 AND status = 'active'`, [projection]);
  const row = result.rows[0];
  return row === undefined ? undefined : toGeneration(row);
}

export async function buildingGeneration(db: Pick<pg.Pool, 'query'>, projection: string): Promise<Generation | undefined> {
  const result = await db.query<GenerationRow>(
    `SELECT ${COLUMNS} FROM projection_generations WHERE projection = $1 AND status = 'building' ORDER BY generation DESC LIMIT 1`,
    [projection],
  );
  const row = result.rows[0];
  return row === undefined ? undefined : toGeneration(row);
}

/**
 * Creates the next generation of a projection: a fresh schema with the projection's
 * tables and a checkpoint at the start of the log. It is `active` at once when the
 * projection has no active generation yet, else `building` until it catches up.
 */
export async function createGeneration(pool: pg.Pool, projection: Projection): Promise<Generation> {
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`fleksi-projection-generations:${projection.name}`]);
    const next = await client.query<{ next: number; has_active: boolean }>(
      `SELECT coalesce(max(generation), 0) + 1 AS next, bool_or(status = 'active') IS TRUE AS has_active
       FROM projection_generations WHERE projection = $1`,
      [projection.name],
    );
    const generation = next.rows[0]?.next ?? 1;
    const schema = schemaName(projection.name, generation);
    const status: GenerationStatus = next.rows[0]?.has_active === true ? 'building' : 'active';

    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
    await client.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
    await client.query(
      `CREATE TABLE ${quoteIdentifier(schema)}.stream_versions (stream_id text PRIMARY KEY, version bigint NOT NULL)`,
    );
    await projection.setup(client, quoteIdentifier(schema));
    await client.query(
      `INSERT INTO projection_generations (projection, generation, code_version, schema_name, status, activated_at)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $5 = 'active' THEN now() END)`,
      [projection.name, generation, projection.version, schema, status],
    );
    await client.query('COMMIT');
    const created = (await listGenerations(pool, projection.name)).find((candidate) => candidate.generation === generation);
    if (created === undefined) {
      throw new Error(`generation ${generation} of ${projection.name} vanished after creation`);
    }
    return created;
  } catch (error) {
    failed = true;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A failed query may have timed out with the connection still busy: close it.
    client.release(failed);
  }
}

/** Makes a building generation the active one and retires the previous; returns the retired schema, if any. */
export async function activateGeneration(pool: pg.Pool, projection: string, generation: number): Promise<string | undefined> {
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('BEGIN');
    const retired = await client.query<{ schema_name: string }>(
      `UPDATE projection_generations SET status = 'retired', updated_at = now()
       WHERE projection = $1 AND status = 'active' RETURNING schema_name`,
      [projection],
    );
    await client.query(
      `UPDATE projection_generations SET status = 'active', activated_at = now(), updated_at = now()
       WHERE projection = $1 AND generation = $2`,
      [projection, generation],
    );
    await client.query('COMMIT');
    return retired.rows[0]?.schema_name;
  } catch (error) {
    failed = true;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A failed query may have timed out with the connection still busy: close it.
    client.release(failed);
  }
}

/** Drops the schemas of generations retired longer than `graceSeconds` ago; their rows stay as history. */
export async function dropRetiredSchemas(pool: pg.Pool, projection: string, graceSeconds = 0): Promise<string[]> {
  const retired = await pool.query<{ schema_name: string }>(
    `SELECT schema_name FROM projection_generations p
     WHERE projection = $1 AND status IN ('retired', 'failed') AND updated_at <= now() - make_interval(secs => $2)
       AND EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = p.schema_name)`,
    [projection, graceSeconds],
  );
  for (const { schema_name: schema } of retired.rows) {
    await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  }
  return retired.rows.map((row) => row.schema_name);
}
