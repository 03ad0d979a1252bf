import { compareLogPositions, formatLogPosition, type LogPosition } from '@fleksi/contracts';
import type pg from 'pg';

import { SEGMENT_SIZE, SegmentedMerkle } from './merkle.ts';

/**
 * A place where the stored log disagrees with its own hashes:
 * `content`: the event's data, metadata or identity changed after it was written;
 * `link`: its predecessor's hash changed or the predecessor was replaced;
 * `gap`: versions are missing before it, so events were deleted;
 * `missing-tail`: the stream head records more events than are stored;
 * `checkpoint`: a recorded digest of the global log no longer matches.
 */
export interface IntegrityBreak {
  readonly kind: 'content' | 'link' | 'gap' | 'missing-tail' | 'checkpoint';
  readonly streamId: string | null;
  readonly streamVersion: number | null;
  readonly position: string | null;
  readonly detail: string;
}

export interface VerificationReport {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly streamsChecked: number;
  readonly checkpointsChecked: number;
  readonly breaks: readonly IntegrityBreak[];
  readonly until: string | null;
}

/**
 * Walks the log and names every stream and position where content, order or a
 * deletion breaks the hash chains, then recomputes every recorded checkpoint digest.
 * With a tenant, only that tenant's streams are walked; checkpoints cover all tenants
 * but use hashes only, so they reveal nothing of other tenants' data.
 */
export async function verifyLog(db: Pick<pg.Pool, 'query'>, options: { tenantId?: string; until?: LogPosition } = {}): Promise<VerificationReport> {
  const breaks: IntegrityBreak[] = [];
  const { eventsChecked, streamsChecked } = await verifyChains(db, options, breaks);
  const checkpointsChecked = await verifyCheckpoints(db, options.until, breaks);
  return {
    ok: breaks.length === 0,
    eventsChecked,
    streamsChecked,
    checkpointsChecked,
    breaks,
    until: options.until === undefined ? null : formatLogPosition(options.until),
  };
}

async function verifyChains(
  db: Pick<pg.Pool, 'query'>,
  options: { tenantId?: string; until?: LogPosition },
  breaks: IntegrityBreak[],
): Promise<{ eventsChecked: number; streamsChecked: number }> {
  const parameters: unknown[] = [options.tenantId ?? null, options.until?.commit.toString() ?? null, options.until?.prepare.toString() ?? null];
  const scope = `($1::text IS NULL OR tenant_id = $1) AND ($2::xid8 IS NULL OR (transaction_id, global_position) <= ($2::xid8, $3::bigint))`;

  const broken = await db.query<{
    stream_id: string;
    stream_version: string;
    position: string;
    content_ok: boolean;
    link_ok: boolean;
    step: string;
  }>(
    `SELECT stream_id, stream_version, transaction_id::text || '-' || global_position AS position, content_ok, link_ok, step FROM (
       SELECT stream_id, stream_version, transaction_id, global_position,
              hash = fleksi_event_hash(stream_id, stream_version, event_id, event_type, schema_version, tenant_id, recorded_at, data, metadata, previous_hash) AS content_ok,
              previous_hash = coalesce(lag(hash) OVER stream_order, decode(repeat('0', 64), 'hex')) AS link_ok,
              stream_version - coalesce(lag(stream_version) OVER stream_order, 0) AS step
       FROM events WHERE ${scope}
       WINDOW stream_order AS (PARTITION BY stream_id ORDER BY stream_version)
     ) AS checked
     WHERE NOT content_ok OR NOT link_ok OR step <> 1
     ORDER BY stream_id, stream_version`,
    parameters,
  );
  for (const row of broken.rows) {
    const base = { streamId: row.stream_id, streamVersion: Number(row.stream_version), position: row.position };
    if (Number(row.step) !== 1) {
      const missing = Number(row.step) - 1;
      breaks.push({ ...base, kind: 'gap', detail: `${missing} event(s) before version ${row.stream_version} are missing` });
    }
    if (!row.content_ok) {
      breaks.push({ ...base, kind: 'content', detail: 'stored content no longer matches its hash' });
    }
    if (!row.link_ok && Number(row.step) === 1) {
      breaks.push({ ...base, kind: 'link', detail: 'previous hash does not match the event before it' });
    }
  }

  // Events deleted from the end of a stream leave no gap, but the stream head remembers them.
  const tails = await db.query<{ stream_id: string; head: string; stored: string }>(
    `SELECT s.stream_id, s.version AS head, coalesce(max(e.stream_version), 0) AS stored
     FROM event_streams s LEFT JOIN events e ON e.stream_id = s.stream_id
     WHERE ($1::text IS NULL OR s.tenant_id = $1) AND $2::xid8 IS NULL
     GROUP BY s.stream_id, s.version HAVING s.version <> coalesce(max(e.stream_version), 0)
     ORDER BY s.stream_id`,
    parameters.slice(0, 2),
  );
  for (const row of tails.rows) {
    breaks.push({
      kind: 'missing-tail',
      streamId: row.stream_id,
      streamVersion: Number(row.stored) + 1,
      position: null,
      detail: `stream head is at version ${row.head} but only ${row.stored} event(s) are stored`,
    });
  }

  const counts = await db.query<{ events: string; streams: string }>(`SELECT count(*) AS events, count(DISTINCT stream_id) AS streams FROM events WHERE ${scope}`, parameters);
  return { eventsChecked: Number(counts.rows[0]?.events ?? 0), streamsChecked: Number(counts.rows[0]?.streams ?? 0) };
}

interface CheckpointRow {
  checkpoint_id: string;
  commit_position: string;
  prepare_position: string;
  event_count: string;
  root: Buffer;
  segment_roots: Buffer[];
}

async function verifyCheckpoints(db: Pick<pg.Pool, 'query'>, until: LogPosition | undefined, breaks: IntegrityBreak[]): Promise<number> {
  const checkpoints = (
    await db.query<CheckpointRow>(
      `SELECT checkpoint_id, commit_position::text AS commit_position, prepare_position, event_count, root, segment_roots
       FROM log_checkpoints ORDER BY commit_position, prepare_position`,
    )
  ).rows.filter((row) => until === undefined || compareLogPositions(positionOf(row), until) <= 0);
  if (checkpoints.length === 0) {
    return 0;
  }

  const merkle = new SegmentedMerkle();
  let after: LogPosition = { commit: 0n, prepare: 0n };
  let next = 0;
  let segmentStarts: string[] = [];

  // One pass over the log in commit order, checking each checkpoint as its position goes by.
  const last = positionOf(checkpoints[checkpoints.length - 1]!);
  for (;;) {
    const batch = await db.query<{ commit_position: string; global_position: string; hash: Buffer }>(
      `SELECT transaction_id::text AS commit_position, global_position, hash FROM events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) AND (transaction_id, global_position) <= ($3::xid8, $4::bigint)
       ORDER BY transaction_id, global_position LIMIT 10000`,
      [after.commit.toString(), after.prepare.toString(), last.commit.toString(), last.prepare.toString()],
    );
    for (const row of batch.rows) {
      const position = { commit: BigInt(row.commit_position), prepare: BigInt(row.global_position) };
      while (next < checkpoints.length && compareLogPositions(position, positionOf(checkpoints[next]!)) > 0) {
        compare(checkpoints[next]!, merkle, segmentStarts, breaks);
        next += 1;
      }
      if (merkle.count % SEGMENT_SIZE === 0) {
        segmentStarts = [...segmentStarts, formatLogPosition(position)];
      }
      merkle.add(row.hash);
      after = position;
    }
    if (batch.rows.length < 10_000) {
      break;
    }
  }
  while (next < checkpoints.length) {
    compare(checkpoints[next]!, merkle, segmentStarts, breaks);
    next += 1;
  }
  return checkpoints.length;
}

function compare(checkpoint: CheckpointRow, merkle: SegmentedMerkle, segmentStarts: readonly string[], breaks: IntegrityBreak[]): void {
  const position = formatLogPosition(positionOf(checkpoint));
  const expectedCount = Number(checkpoint.event_count);
  if (merkle.count === expectedCount && merkle.root().equals(checkpoint.root)) {
    return;
  }
  const actual = merkle.segmentRoots();
  const segment = checkpoint.segment_roots.findIndex((root, index) => actual[index] === undefined || !actual[index].equals(root));
  const firstSegment = segment < 0 ? actual.length : segment;
  breaks.push({
    kind: 'checkpoint',
    streamId: null,
    streamVersion: null,
    position: segmentStarts[firstSegment] ?? position,
    detail: `checkpoint ${checkpoint.checkpoint_id} at ${position} recorded ${expectedCount} events, the log now has ${merkle.count} up to it; first differing segment ${firstSegment} (events ${firstSegment * SEGMENT_SIZE + 1} to ${(firstSegment + 1) * SEGMENT_SIZE} in log order)`,
  });
}

function positionOf(row: Pick<CheckpointRow, 'commit_position' | 'prepare_position'>): LogPosition {
  return { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) };
}
