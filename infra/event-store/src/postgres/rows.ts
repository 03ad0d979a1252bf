import type { RecordedEvent } from '@fleksi/contracts';

/** Columns every event query selects, in the shape `toRecordedEvent` maps. */
export const EVENT_COLUMNS = `
  event_id, event_type, schema_version, stream_id, stream_version,
  transaction_id::text AS commit_position, global_position, data, metadata,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at`;

export interface EventRow {
  event_id: string;
  event_type: string;
  schema_version: number;
  stream_id: string;
  stream_version: string;
  commit_position: string;
  global_position: string;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  recorded_at: string;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.event_type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    position: { commit: BigInt(row.commit_position), prepare: BigInt(row.global_position) },
    recordedAt: row.recorded_at,
    data: row.data,
    metadata: row.metadata,
  };
}
