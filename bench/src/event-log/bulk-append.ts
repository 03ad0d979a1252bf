import type { NewEvent } from '@fleksi/contracts';
import type pg from 'pg';

/*
 * Writes many appends of many streams in one transaction: one INSERT of all their
 * events in append order, then one upsert of the stream heads. The result in the
 * tables is what the same appends made one by one through appendToStream would
 * leave: the same rows in events and event_streams, with the hash chain built by
 * the events_chain trigger. Only the transaction ids differ, because many appends
 * share one transaction.
 */

const INSERT_EVENTS = `
  INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, tenant_id, data, metadata)
  SELECT e.event_id, e.stream_id, e.stream_version, e.event_type, e.schema_version, e.tenant_id, e.data, e.metadata
  FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::int[], $6::text[], $7::jsonb[], $8::jsonb[])
    WITH ORDINALITY AS e(event_id, stream_id, stream_version, event_type, schema_version, tenant_id, data, metadata, ordinal)
  -- In append order, so each event's hash chains onto the one before it in its stream.
  ORDER BY e.ordinal`;

const UPSERT_HEADS = `
  INSERT INTO event_streams (stream_id, tenant_id, version)
  SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
  ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version`;

/** Events gathered for one transaction, in the order they are to be stored. */
export class AppendBatch {
  private readonly eventIds: string[] = [];
  private readonly streamIds: string[] = [];
  private readonly versions: number[] = [];
  private readonly types: string[] = [];
  private readonly schemaVersions: number[] = [];
  private readonly tenantIds: string[] = [];
  private readonly data: string[] = [];
  private readonly metadata: string[] = [];
  private readonly heads = new Map<string, { tenantId: string; version: number }>();

  get size(): number {
    return this.eventIds.length;
  }

  /** Adds events of one stream whose first one gets `firstVersion`. */
  add(streamId: string, firstVersion: number, events: readonly NewEvent[]): void {
    events.forEach((event, index) => {
      const version = firstVersion + index;
      this.eventIds.push(event.eventId);
      this.streamIds.push(streamId);
      this.versions.push(version);
      this.types.push(event.type);
      this.schemaVersions.push(event.schemaVersion);
      this.tenantIds.push(event.metadata.tenantId);
      this.data.push(JSON.stringify(event.data));
      this.metadata.push(JSON.stringify(event.metadata));
      this.heads.set(streamId, { tenantId: event.metadata.tenantId, version });
    });
  }

  /** Stores the batch in one transaction on `client`. */
  async write(client: pg.ClientBase): Promise<void> {
    if (this.size === 0) {
      return;
    }
    await client.query('BEGIN');
    try {
      await client.query(INSERT_EVENTS, [this.eventIds, this.streamIds, this.versions, this.types, this.schemaVersions, this.tenantIds, this.data, this.metadata]);
      const heads = [...this.heads.entries()];
      await client.query(UPSERT_HEADS, [heads.map(([streamId]) => streamId), heads.map(([, head]) => head.tenantId), heads.map(([, head]) => head.version)]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}
