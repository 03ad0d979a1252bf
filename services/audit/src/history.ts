import type { RecordedEvent } from '@fleksi/contracts';
import { datesBetween, isoWeekOf, streams } from '@fleksi/domain';
import type pg from 'pg';

/** One event of an employee's history, with the actor, times, source and ids an inspector needs. */
export interface HistoryEntry {
  readonly position: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  /** The attendance or report date the event is about, when it has one. */
  readonly date: string | null;
  readonly actor: { readonly subject: string; readonly role: string };
  readonly command: string | null;
  readonly source: string | null;
  /** When the server received the command. */
  readonly receivedAt: string | null;
  /** When the device recorded it, for offline check-ins and fingerprint terminals. */
  readonly deviceTime: string | null;
  /** When the event was stored. */
  readonly recordedAt: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** A check-in or check-out the rules turned down, kept for fraud review. */
  readonly rejected: boolean;
  readonly data: unknown;
  /** Hex SHA-256 of the event and of its predecessor in the stream. */
  readonly hash: string;
  readonly previousHash: string;
  /** The exact texts the hash covers, so an outside tool can recompute it. */
  readonly dataText: string;
  readonly metadataText: string;
}

export interface HistoryQuery {
  readonly tenantId: string;
  readonly nip: string;
  readonly from: string;
  readonly to: string;
  /** Only events stored at or before this instant. */
  readonly asOf?: string | undefined;
  /**
   * Keep every event of the streams, even ones dated outside the range (rejected
   * attempts and WFA weeks hold several dates), so an export's hash chains are whole.
   */
  readonly wholeStreams?: boolean;
}

/** Maximum range of one history query, in days, so a request stays bounded. */
export const MAX_HISTORY_DAYS = 400;

/**
 * Lists the streams that shape an employee's attendance and daily reports between two dates:
 * the attendance days and daily reports of each date, the WFA weeks, leave, rejected
 * attempts, and the employee record itself.
 */
export function historyStreams(tenantId: string, nip: string, from: string, to: string): string[] {
  const dates = datesBetween(from, to);
  const weeks = new Set(dates.map((date) => isoWeekOf(date)));
  const months = new Set(dates.map((date) => date.slice(0, 7)));
  return [
    ...[...months].map((month) => streams.roster(tenantId, nip, `${month}-01`)),
    streams.employee(tenantId, nip),
    streams.absences(tenantId, nip),
    streams.attendanceAttempts(tenantId, nip),
    ...[...weeks].map((week) => `wfa-${tenantId}-${nip}-${week}`),
    ...dates.map((date) => streams.attendanceDay(tenantId, nip, date)),
    ...dates.map((date) => streams.dailyReport(tenantId, nip, date)),
  ];
}

interface HistoryRow {
  global_position: string;
  commit_position: string;
  stream_id: string;
  stream_version: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: RecordedEvent['metadata'];
  data_text: string;
  metadata_text: string;
  recorded_at: string;
  hash: string;
  previous_hash: string;
}

/** Returns every event that shaped an employee's attendance and reports in a date range, in log order. */
export async function queryHistory(db: Pick<pg.Pool, 'query'>, query: HistoryQuery): Promise<HistoryEntry[]> {
  const result = await db.query<HistoryRow>(
    `SELECT global_position, transaction_id::text AS commit_position, stream_id, stream_version, event_id, event_type, schema_version,
            data, metadata, data::text AS data_text, metadata::text AS metadata_text,
            to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at,
            encode(hash, 'hex') AS hash, encode(previous_hash, 'hex') AS previous_hash
     FROM events
     WHERE stream_id = ANY($1::text[]) AND tenant_id = $2 AND ($3::timestamptz IS NULL OR recorded_at <= $3::timestamptz)
     ORDER BY transaction_id, global_position`,
    [historyStreams(query.tenantId, query.nip, query.from, query.to), query.tenantId, query.asOf ?? null],
  );

  return result.rows
    .map((row): HistoryEntry => {
      const date = typeof row.data['date'] === 'string' ? row.data['date'] : null;
      return {
        position: `${row.commit_position}-${row.global_position}`,
        streamId: row.stream_id,
        streamVersion: Number(row.stream_version),
        eventId: row.event_id,
        type: row.event_type,
        schemaVersion: row.schema_version,
        date,
        actor: row.metadata.actor,
        command: row.metadata.command ?? null,
        source: row.metadata.source ?? (typeof row.data['source'] === 'string' ? row.data['source'] : null),
        receivedAt: row.metadata.receivedAt ?? null,
        deviceTime: typeof row.data['deviceTime'] === 'string' ? row.data['deviceTime'] : null,
        recordedAt: row.recorded_at,
        correlationId: row.metadata.correlationId,
        causationId: row.metadata.causationId,
        rejected: row.event_type === 'AttendanceAttemptRejected',
        data: row.data,
        hash: row.hash,
        previousHash: row.previous_hash,
        dataText: row.data_text,
        metadataText: row.metadata_text,
      };
    })
    .filter((entry) => query.wholeStreams === true || inRange(entry, query));
}

/** Keeps events dated in the range, leave overlapping it, and undated events such as the employee record. */
function inRange(entry: HistoryEntry, query: HistoryQuery): boolean {
  if (entry.date !== null) {
    return entry.date >= query.from && entry.date <= query.to;
  }
  const data = entry.data as { from?: unknown; to?: unknown };
  if (typeof data.from === 'string' && typeof data.to === 'string') {
    return data.from <= query.to && data.to >= query.from;
  }
  return true;
}

/** Converts a history entry back to the recorded event it came from, for replaying. */
export function toRecordedEvent(entry: HistoryEntry, tenantId: string): RecordedEvent {
  const [commit = '0', prepare = '0'] = entry.position.split('-');
  return {
    eventId: entry.eventId,
    type: entry.type,
    schemaVersion: entry.schemaVersion,
    streamId: entry.streamId,
    streamVersion: entry.streamVersion,
    position: { commit: BigInt(commit), prepare: BigInt(prepare) },
    recordedAt: entry.recordedAt,
    data: entry.data,
    metadata: { ...JSON.parse(entry.metadataText), tenantId },
  };
}
