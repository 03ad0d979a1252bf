import type { RecordedEvent } from '@fleksi/contracts';
import { streams } from '@fleksi/domain';
import type pg from 'pg';

import { historyStreams, type HistoryEntry } from './history.ts';
import { replayDay, type ReplayedDay } from './replay.ts';

export interface AsOfComparison {
  readonly nip: string;
  readonly date: string;
  /** The instant the "then" state is taken at: only events received up to it count. */
  readonly asOf: string;
  readonly then: ReplayedDay;
  readonly now: ReplayedDay;
  /** Whether anything an inspector would see differs between the two. */
  readonly changed: boolean;
  /** The events received after `asOf` that concern this day, in log order. */
  readonly laterEvents: readonly Pick<HistoryEntry, 'position' | 'type' | 'recordedAt' | 'actor' | 'command' | 'data'>[];
}

interface EventRow {
  event_id: string;
  event_type: string;
  schema_version: number;
  stream_id: string;
  stream_version: string;
  commit_position: string;
  global_position: string;
  data: Record<string, unknown>;
  metadata: RecordedEvent['metadata'];
  recorded_at: string;
}

/**
 * Replays the attendance and daily report of one employee-day as the system knew them at an
 * instant in the past, beside today's, and the events that made the difference: "what
 * did the record say when the allowance was computed, and who changed it afterwards?"
 */
export async function compareAsOf(db: Pick<pg.Pool, 'query'>, query: { tenantId: string; nip: string; date: string; asOf: string }): Promise<AsOfComparison> {
  const unitStreams = await db.query<{ stream_id: string }>(
    `SELECT DISTINCT 'unit-' || $1 || '-' || (data->>'unitId') AS stream_id FROM events WHERE stream_id = $2 AND event_type = 'RosterPublished'`,
    [query.tenantId, streams.roster(query.tenantId, query.nip, query.date)],
  );
  const streamIds = [
    ...historyStreams(query.tenantId, query.nip, query.date, query.date),
    streams.tenant(query.tenantId),
    streams.workday(query.tenantId, query.date),
    streams.roster(query.tenantId, query.nip, query.date),
    ...unitStreams.rows.map((row) => row.stream_id),
  ];
  const result = await db.query<EventRow>(
    `SELECT event_id, event_type, schema_version, stream_id, stream_version, transaction_id::text AS commit_position, global_position, data, metadata,
            to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at
     FROM events WHERE stream_id = ANY($1::text[]) AND tenant_id = $2
     ORDER BY transaction_id, global_position`,
    [streamIds, query.tenantId],
  );
  const events = result.rows.map(
    (row): RecordedEvent => ({
      eventId: row.event_id,
      type: row.event_type,
      schemaVersion: row.schema_version,
      streamId: row.stream_id,
      streamVersion: Number(row.stream_version),
      position: { commit: BigInt(row.commit_position), prepare: BigInt(row.global_position) },
      recordedAt: row.recorded_at,
      data: row.data,
      metadata: row.metadata,
    }),
  );

  // "Known at" is the server's receipt time of the command, which the metadata stores
  // and the hash covers. Events without it fall back to the database's recording time.
  const cutoff = Date.parse(query.asOf);
  const knownAt = (event: RecordedEvent): number => Date.parse(event.metadata.receivedAt ?? event.recordedAt);
  const known = events.filter((event) => knownAt(event) <= cutoff);
  const then = replayDay(known, query.nip, query.date);
  const now = replayDay(events, query.nip, query.date);
  const laterEvents = events
    .filter((event) => knownAt(event) > cutoff && concernsDay(event, query.date))
    .map((event) => ({
      position: `${event.position.commit}-${event.position.prepare}`,
      type: event.type,
      recordedAt: event.recordedAt,
      actor: event.metadata.actor,
      command: event.metadata.command ?? null,
      data: event.data,
    }));

  return { nip: query.nip, date: query.date, asOf: new Date(cutoff).toISOString(), then, now, changed: JSON.stringify(then) !== JSON.stringify(now), laterEvents };
}

function concernsDay(event: RecordedEvent, date: string): boolean {
  const data = event.data as Record<string, unknown>;
  if (typeof data['date'] === 'string') {
    return data['date'] === date;
  }
  if (typeof data['from'] === 'string' && typeof data['to'] === 'string') {
    return data['from'] <= date && date <= data['to'];
  }
  // Calendar, schedule and settings changes apply to every day.
  return event.streamId.startsWith('tenant-');
}
