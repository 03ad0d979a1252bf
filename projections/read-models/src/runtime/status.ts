import type pg from 'pg';

import { listGenerations, type GenerationStatus } from './generations.ts';

export interface ProjectionStatus {
  readonly projection: string;
  readonly generation: number;
  readonly codeVersion: number;
  readonly status: GenerationStatus;
  readonly position: string;
  readonly eventsApplied: number;
  /** Events in the log after the checkpoint, counted up to `LAG_COUNT_LIMIT`. */
  readonly lagEvents: number;
  /** Age of the oldest event not yet applied, in seconds; 0 when caught up. */
  readonly lagSeconds: number;
  readonly lastError: string | null;
}

/** Counting stops here so a status call stays fast on a log of many millions of events. */
export const LAG_COUNT_LIMIT = 1_000_000;

/** Reports every generation that is active or building, with its lag behind the log. */
export async function projectionStatus(pool: pg.Pool): Promise<ProjectionStatus[]> {
  const generations = (await listGenerations(pool)).filter((generation) => generation.status === 'active' || generation.status === 'building');
  const statuses: ProjectionStatus[] = [];

  for (const generation of generations) {
    const lag = await pool.query<{ events: string; oldest: Date | null }>(
      `SELECT count(*) AS events, min(recorded_at) AS oldest FROM (
         SELECT recorded_at FROM events
         WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
           AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY transaction_id, global_position
         LIMIT $3
       ) AS pending`,
      [generation.position.commit.toString(), generation.position.prepare.toString(), LAG_COUNT_LIMIT],
    );
    const row = lag.rows[0];
    statuses.push({
      projection: generation.projection,
      generation: generation.generation,
      codeVersion: generation.codeVersion,
      status: generation.status,
      position: `${generation.position.commit}-${generation.position.prepare}`,
      eventsApplied: generation.eventsApplied,
      lagEvents: Number(row?.events ?? 0),
      lagSeconds: row?.oldest === null || row?.oldest === undefined ? 0 : Math.max(0, Math.round((Date.now() - row.oldest.getTime()) / 1000)),
      lastError: generation.lastError,
    });
  }
  return statuses;
}
