import type pg from 'pg';

import { compareLogPositions, type LogPosition } from '@fleksi/contracts';
import { activeGeneration, workdaysProjection } from '@fleksi/read-models';

export interface KeyedEvents {
  readonly count: number;
  readonly types: readonly string[];
  readonly streams: readonly string[];
}

/** Groups a tenant's events by the Idempotency-Key in their metadata. */
export async function eventsByIdempotencyKey(pool: pg.Pool, tenantId: string): Promise<Map<string, KeyedEvents>> {
  const result = await pool.query<{ key: string; count: number; types: string[]; streams: string[] }>(
    `SELECT metadata->>'idempotencyKey' AS key, count(*)::int AS count,
            array_agg(event_type ORDER BY global_position) AS types, array_agg(stream_id ORDER BY global_position) AS streams
     FROM events WHERE tenant_id = $1 AND metadata ? 'idempotencyKey'
     GROUP BY 1`,
    [tenantId],
  );
  return new Map(result.rows.map((row) => [row.key, { count: row.count, types: row.types, streams: row.streams }]));
}

/** Counts a tenant's events per type. */
export async function eventTypeCounts(pool: pg.Pool, tenantId: string): Promise<Record<string, number>> {
  const result = await pool.query<{ event_type: string; count: number }>(
    'SELECT event_type, count(*)::int AS count FROM events WHERE tenant_id = $1 GROUP BY event_type ORDER BY event_type',
    [tenantId],
  );
  return Object.fromEntries(result.rows.map((row) => [row.event_type, row.count]));
}

/** Returns the newest global position, or 0 for an empty log. It is cheap enough to call around every request. */
export async function lastGlobalPosition(pool: pg.Pool): Promise<number> {
  const result = await pool.query<{ last: string | null }>('SELECT max(global_position)::text AS last FROM events');
  return Number(result.rows[0]?.last ?? 0);
}

export interface AppendedEvent {
  readonly globalPosition: number;
  readonly streamId: string;
  readonly type: string;
  readonly tenantId: string;
}

/** Events stored after a global position, in order. */
export async function eventsAfter(pool: pg.Pool, globalPosition: number): Promise<AppendedEvent[]> {
  const result = await pool.query<{ global_position: string; stream_id: string; event_type: string; tenant_id: string }>(
    'SELECT global_position::text, stream_id, event_type, tenant_id FROM events WHERE global_position > $1 ORDER BY global_position',
    [globalPosition],
  );
  return result.rows.map((row) => ({ globalPosition: Number(row.global_position), streamId: row.stream_id, type: row.event_type, tenantId: row.tenant_id }));
}

/**
 * Waits until the active workdays generation has applied the whole log as `head`
 * returns it. A reader only sees a commit once every older transaction of the
 * cluster has ended, so this polls rather than reading once.
 */
export async function waitForReadModel(pool: pg.Pool, head: () => Promise<LogPosition | undefined>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const target = await head();
    const generation = await activeGeneration(pool, workdaysProjection.name);
    if (generation !== undefined && (target === undefined || compareLogPositions(generation.position, target) >= 0)) {
      return;
    }
    if (Date.now() > deadline) {
      const at = generation === undefined ? 'none' : `${generation.position.commit}-${generation.position.prepare}`;
      const wanted = target === undefined ? 'start' : `${target.commit}-${target.prepare}`;
      throw new Error(`the workdays read model did not reach ${wanted} within ${timeoutMs} ms; it is at ${at}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
