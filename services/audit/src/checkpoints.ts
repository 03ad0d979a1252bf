import { formatLogPosition, type LogPosition } from '@fleksi/contracts';
import type pg from 'pg';

import { SegmentedMerkle } from './merkle.ts';

export interface LogCheckpoint {
  readonly checkpointId: number;
  readonly position: string;
  readonly eventCount: number;
  /** Hex Merkle root over every event hash up to `position`, in log order. */
  readonly root: string;
  readonly recordedAt: string;
}

/**
 * Records a digest of the whole global log as far as readers can see it now: the
 * Merkle root over event hashes in commit order, with each 1,024-event segment's root.
 * Printed in an official report, the root later proves the log up to that position
 * was not rewritten. Reads every event hash once, so run it hourly or daily, not per
 * request. Returns undefined for an empty log.
 */
export async function recordCheckpoint(db: Pick<pg.Pool, 'query'>): Promise<LogCheckpoint | undefined> {
  const merkle = new SegmentedMerkle();
  let after: LogPosition = { commit: 0n, prepare: 0n };
  let last: LogPosition | undefined;

  for (;;) {
    const batch = await db.query<{ commit_position: string; global_position: string; hash: Buffer }>(
      `SELECT transaction_id::text AS commit_position, global_position, hash FROM events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id, global_position LIMIT 10000`,
      [after.commit.toString(), after.prepare.toString()],
    );
    for (const row of batch.rows) {
      merkle.add(row.hash);
      last = { commit: BigInt(row.commit_position), prepare: BigInt(row.global_position) };
    }
    if (last !== undefined) {
      after = last;
    }
    if (batch.rows.length < 10_000) {
      break;
    }
  }
  if (last === undefined) {
    return undefined;
  }

  const root = merkle.root();
  const inserted = await db.query<{ checkpoint_id: string; recorded_at: Date }>(
    `INSERT INTO log_checkpoints (commit_position, prepare_position, event_count, root, segment_roots)
     VALUES ($1::xid8, $2, $3, $4, $5) RETURNING checkpoint_id, recorded_at`,
    [last.commit.toString(), last.prepare.toString(), merkle.count, root, merkle.segmentRoots()],
  );
  const row = inserted.rows[0];
  return {
    checkpointId: Number(row?.checkpoint_id),
    position: formatLogPosition(last),
    eventCount: merkle.count,
    root: root.toString('hex'),
    recordedAt: row?.recorded_at.toISOString() ?? '',
  };
}

export async function listCheckpoints(db: Pick<pg.Pool, 'query'>): Promise<LogCheckpoint[]> {
  const result = await db.query<{ checkpoint_id: string; commit_position: string; prepare_position: string; event_count: string; root: Buffer; recorded_at: Date }>(
    `SELECT checkpoint_id, commit_position::text AS commit_position, prepare_position, event_count, root, recorded_at
     FROM log_checkpoints ORDER BY checkpoint_id`,
  );
  return result.rows.map((row) => ({
    checkpointId: Number(row.checkpoint_id),
    position: `${row.commit_position}-${row.prepare_position}`,
    eventCount: Number(row.event_count),
    root: row.root.toString('hex'),
    recordedAt: row.recorded_at.toISOString(),
  }));
}
