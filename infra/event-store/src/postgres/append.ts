import type { NewEvent } from '@fleksi/contracts';
import type pg from 'pg';

/** A pool or a client inside a transaction the caller controls. */
export interface Queryable {
  query<Row extends pg.QueryResultRow>(query: string | pg.QueryConfig<unknown[]>, values?: unknown[]): Promise<pg.QueryResult<Row>>;
}

import { DuplicateEventIdError, InvalidAppendError, StreamTenantMismatchError, WrongExpectedVersionError } from '../errors.ts';
import type { AppendResult, ExpectedVersion } from '../port.ts';

/*
 * An append is one SQL statement, so one round trip and one implicit transaction.
 * The first CTE moves the stream head from the expected version; when the
 * expectation fails it returns no row and the second CTE inserts nothing.
 * Concurrent appends to one stream queue on the head row (or, for a new stream, on
 * its primary key) and re-check the expectation once the first one commits.
 */

const HEAD_BY_EXPECTATION = {
  any: `INSERT INTO event_streams (stream_id, tenant_id, version) VALUES ($1, $2, $3)
        ON CONFLICT (stream_id) DO UPDATE SET version = event_streams.version + $3
        WHERE event_streams.tenant_id = $2
        RETURNING version - $3 AS previous`,
  no_stream: `INSERT INTO event_streams (stream_id, tenant_id, version) VALUES ($1, $2, $3)
              ON CONFLICT (stream_id) DO NOTHING
              RETURNING version - $3 AS previous`,
  stream_exists: `UPDATE event_streams SET version = version + $3
                  WHERE stream_id = $1 AND tenant_id = $2
                  RETURNING version - $3 AS previous`,
  exact: `UPDATE event_streams SET version = version + $3
          WHERE stream_id = $1 AND tenant_id = $2 AND version = $9
          RETURNING version - $3 AS previous`,
} as const;

function appendStatement(head: string): string {
  return `
    WITH head AS (${head}),
    appended AS (
      INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, tenant_id, data, metadata)
      SELECT e.event_id, $1, head.previous + e.ordinal, e.event_type, e.schema_version, $2, e.data, e.metadata
      FROM head,
           unnest($4::uuid[], $5::text[], $6::int[], $7::jsonb[], $8::jsonb[])
             WITH ORDINALITY AS e(event_id, event_type, schema_version, data, metadata, ordinal)
      -- In stream order, so each event's hash chains onto the one before it.
      ORDER BY e.ordinal
      RETURNING stream_version, transaction_id, global_position
    )
    SELECT stream_version, transaction_id::text AS commit_position, global_position
    FROM appended ORDER BY stream_version DESC LIMIT 1`;
}

// Named, so each connection plans a statement once instead of on every append.
const STATEMENTS = {
  any: { name: 'fleksi_append_any', text: appendStatement(HEAD_BY_EXPECTATION.any) },
  no_stream: { name: 'fleksi_append_no_stream', text: appendStatement(HEAD_BY_EXPECTATION.no_stream) },
  stream_exists: { name: 'fleksi_append_stream_exists', text: appendStatement(HEAD_BY_EXPECTATION.stream_exists) },
  exact: { name: 'fleksi_append_exact', text: appendStatement(HEAD_BY_EXPECTATION.exact) },
};

interface AppendedRow {
  stream_version: string;
  commit_position: string;
  global_position: string;
}

export async function appendToStream(
  db: Queryable,
  streamId: string,
  events: readonly NewEvent[],
  expectedVersion: ExpectedVersion,
): Promise<AppendResult> {
  const tenantId = validateBatch(streamId, events, expectedVersion);
  const statement = chooseStatement(expectedVersion);
  const parameters: unknown[] = [
    streamId,
    tenantId,
    events.length,
    events.map((event) => event.eventId),
    events.map((event) => event.type),
    events.map((event) => event.schemaVersion),
    events.map((event) => JSON.stringify(event.data)),
    events.map((event) => JSON.stringify(event.metadata)),
  ];
  if (statement === STATEMENTS.exact) {
    parameters.push(expectedVersion);
  }

  let rows: AppendedRow[];
  try {
    rows = (await db.query<AppendedRow>({ name: statement.name, text: statement.text, values: parameters })).rows;
  } catch (error) {
    if (isUniqueViolation(error, 'events_event_id_key')) {
      return recognisePreviousAppend(db, streamId, events);
    }
    throw error;
  }

  const last = rows[0];
  if (last === undefined) {
    return explainRejectedAppend(db, streamId, tenantId, events, expectedVersion);
  }
  return {
    streamId,
    nextExpectedVersion: Number(last.stream_version),
    position: { commit: BigInt(last.commit_position), prepare: BigInt(last.global_position) },
    alreadyAppended: false,
  };
}

function chooseStatement(expectedVersion: ExpectedVersion): { name: string; text: string } {
  if (expectedVersion === 0 || expectedVersion === 'no_stream') {
    return STATEMENTS.no_stream;
  }
  if (typeof expectedVersion === 'number') {
    return STATEMENTS.exact;
  }
  return STATEMENTS[expectedVersion];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validateBatch(streamId: string, events: readonly NewEvent[], expectedVersion: ExpectedVersion): string {
  if (streamId.length === 0 || streamId.length > 200) {
    throw new InvalidAppendError(`stream id must have 1 to 200 characters, got ${streamId.length}`);
  }
  if (typeof expectedVersion === 'number' && (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0)) {
    throw new InvalidAppendError(`expected version must be a non-negative integer, got ${expectedVersion}`);
  }
  const first = events[0];
  if (first === undefined) {
    throw new InvalidAppendError(`append to ${streamId} has no events`);
  }

  const tenantId = first.metadata.tenantId;
  const eventIds = new Set<string>();
  for (const event of events) {
    if (!UUID.test(event.eventId)) {
      throw new InvalidAppendError(`event id must be a UUID, got ${JSON.stringify(event.eventId)}`);
    }
    if (event.metadata.tenantId !== tenantId) {
      throw new InvalidAppendError(`append to ${streamId} mixes tenants ${tenantId} and ${event.metadata.tenantId}`);
    }
    if (eventIds.has(event.eventId)) {
      throw new InvalidAppendError(`append to ${streamId} repeats event id ${event.eventId}`);
    }
    eventIds.add(event.eventId);
  }
  return tenantId;
}

/**
 * Turns an append that matched no stream head into the right error, unless the
 * events were already stored. A retry of an append whose response was lost finds the
 * stream moved on by its own events, and gets the first append's result.
 */
async function explainRejectedAppend(
  db: Queryable,
  streamId: string,
  tenantId: string,
  events: readonly NewEvent[],
  expectedVersion: ExpectedVersion,
): Promise<AppendResult> {
  const previous = await findStoredAppend(db, streamId, events);
  if (previous !== undefined) {
    return previous;
  }

  const head = await db.query<{ tenant_id: string; version: string }>(
    'SELECT tenant_id, version FROM event_streams WHERE stream_id = $1',
    [streamId],
  );
  const row = head.rows[0];
  if (row !== undefined && row.tenant_id !== tenantId) {
    throw new StreamTenantMismatchError(streamId, row.tenant_id, tenantId);
  }
  throw new WrongExpectedVersionError(streamId, expectedVersion, row === undefined ? 0 : Number(row.version));
}

async function recognisePreviousAppend(db: Queryable, streamId: string, events: readonly NewEvent[]): Promise<AppendResult> {
  const previous = await findStoredAppend(db, streamId, events);
  if (previous === undefined) {
    throw new DuplicateEventIdError(events.map((event) => event.eventId));
  }
  return previous;
}

/** Returns the earlier append when every event id is stored, in this stream, in this order. */
async function findStoredAppend(db: Queryable, streamId: string, events: readonly NewEvent[]): Promise<AppendResult | undefined> {
  const stored = await db.query<{ event_id: string; stream_id: string; stream_version: string; commit_position: string; global_position: string }>(
    `SELECT event_id, stream_id, stream_version, transaction_id::text AS commit_position, global_position
     FROM events WHERE event_id = ANY($1::uuid[]) ORDER BY stream_version`,
    [events.map((event) => event.eventId)],
  );
  if (stored.rows.length === 0) {
    return undefined;
  }

  const sameAppend =
    stored.rows.length === events.length &&
    stored.rows.every((row, index) => row.stream_id === streamId && row.event_id === events[index]?.eventId.toLowerCase());
  if (!sameAppend) {
    throw new DuplicateEventIdError(stored.rows.map((row) => row.event_id));
  }

  const last = stored.rows[stored.rows.length - 1];
  if (last === undefined) {
    return undefined;
  }
  return {
    streamId,
    nextExpectedVersion: Number(last.stream_version),
    position: { commit: BigInt(last.commit_position), prepare: BigInt(last.global_position) },
    alreadyAppended: true,
  };
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === '23505' &&
    (error as { constraint?: unknown }).constraint === constraint
  );
}
