import { formatLogPosition, parseLogPosition, RecordedEventJson, type RecordedEvent } from '@fleksi/contracts';

import type { ConsumedMessage, OutgoingMessage } from './port.ts';

/** Header names of every event message; values are UTF-8 strings. */
export const EVENT_HEADERS = {
  eventType: 'fleksi-event-type',
  schemaVersion: 'fleksi-schema-version',
  tenantId: 'fleksi-tenant-id',
  position: 'fleksi-log-position',
} as const;

/**
 * What decides an event's partition. `tenant` keeps all events of a tenant in one
 * partition, in log order; `stream` spreads a tenant over partitions and keeps only
 * each stream's order. Either way a stream's events share a partition, because every
 * stream id starts with its tenant.
 */
export type PartitionBy = 'tenant' | 'stream';

/**
 * Encodes a recorded event as a message keyed by its stream id. The value is the
 * event's JSON wire form (`RecordedEventJson`), where the log position is its
 * `<commit>-<prepare>` token because JSON numbers cannot carry 64-bit integers.
 */
export function encodeEvent(event: RecordedEvent, partitionBy: PartitionBy = 'tenant'): OutgoingMessage {
  const position = formatLogPosition(event.position);
  const wire: RecordedEventJson = {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    position,
    recordedAt: event.recordedAt,
    data: event.data,
    metadata: event.metadata,
  };
  return {
    key: event.streamId,
    ...(partitionBy === 'tenant' ? { partitionKey: event.metadata.tenantId } : {}),
    value: JSON.stringify(wire),
    headers: {
      [EVENT_HEADERS.eventType]: event.type,
      [EVENT_HEADERS.schemaVersion]: String(event.schemaVersion),
      [EVENT_HEADERS.tenantId]: event.metadata.tenantId,
      [EVENT_HEADERS.position]: position,
    },
  };
}

export class InvalidEventMessageError extends Error {
  constructor(
    readonly partition: number,
    readonly offset: bigint,
    reason: string,
  ) {
    super(`message at partition ${partition}, offset ${offset} is not a Fleksi event: ${reason}`);
    this.name = 'InvalidEventMessageError';
  }
}

/** Decodes a message written by `encodeEvent`; throws InvalidEventMessageError for anything else. */
export function decodeEvent(message: ConsumedMessage, partition: number): RecordedEvent {
  if (message.value === null) {
    throw new InvalidEventMessageError(partition, message.offset, 'the value is empty');
  }
  let json: unknown;
  try {
    json = JSON.parse(message.value);
  } catch (error) {
    throw new InvalidEventMessageError(partition, message.offset, `the value is not JSON (${(error as Error).message})`);
  }
  const parsed = RecordedEventJson.safeParse(json);
  if (!parsed.success) {
    throw new InvalidEventMessageError(partition, message.offset, parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  }
  const wire = parsed.data;
  const position = parseLogPosition(wire.position);
  if (position === undefined) {
    throw new InvalidEventMessageError(partition, message.offset, `invalid log position ${JSON.stringify(wire.position)}`);
  }
  if (message.key !== wire.streamId) {
    throw new InvalidEventMessageError(partition, message.offset, `the key ${JSON.stringify(message.key)} differs from the stream id ${JSON.stringify(wire.streamId)}`);
  }
  return {
    eventId: wire.eventId,
    type: wire.type,
    schemaVersion: wire.schemaVersion,
    streamId: wire.streamId,
    streamVersion: wire.streamVersion,
    position,
    recordedAt: wire.recordedAt,
    data: wire.data,
    // The schema check strips keys it does not know; the stored metadata keeps them.
    metadata: { ...wire.metadata, ...(json as { metadata: object }).metadata },
  };
}
