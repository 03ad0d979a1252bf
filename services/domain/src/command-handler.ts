import { randomUUID } from 'node:crypto';

import {
  type Actor,
  type EventMetadata,
  type EventRegistry,
  type FleksiEvent,
  type LogPosition,
  type NewEvent,
  type RecordedEvent,
  START_OF_LOG,
} from '@fleksi/contracts';
import { WrongExpectedVersionError, type EventStore } from '@fleksi/event-store';
import { v5 as uuidv5 } from 'uuid';

import { fold, type Decider } from './decider.ts';
import { DomainError } from './errors.ts';

/** Sender, receipt time and retry identity of a command. */
export interface CommandMetadata {
  readonly tenantId: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId?: string;
  /** Command type, for example `CheckIn`. */
  readonly command: string;
  readonly receivedAt: string;
  readonly source?: EventMetadata['source'];
  readonly idempotency?: { readonly key: string; readonly requestHash: string };
}

export interface CommandResult<Event extends FleksiEvent = FleksiEvent> {
  readonly streamId: string;
  /** Stream version after the command. */
  readonly version: number;
  readonly position: LogPosition;
  readonly events: readonly Event[];
  /** True when an earlier request with the same Idempotency-Key already did the work. */
  readonly replayed: boolean;
}

export interface CommandHandlerDependencies {
  readonly store: EventStore;
  readonly registry: EventRegistry;
  /** How many times a command is re-decided after losing a race for its stream. */
  readonly maxAttempts?: number;
}

// Namespace of Fleksi's name-based (v5) event ids.
const EVENT_ID_NAMESPACE = 'a7d8c1e2-5b3f-4c6a-9e2d-1f0b8c7a6d54';

/**
 * Runs one command against one stream: read the stream, decide, append at the
 * version read, and start over when another writer got there first.
 *
 * With an Idempotency-Key the event ids are derived from the key, the stream and
 * the event's index, so a retry finds its own events in the stream and returns the
 * first result instead of deciding again.
 */
export async function handleCommand<Command, State, Event extends FleksiEvent>(
  dependencies: CommandHandlerDependencies,
  streamId: string,
  decider: Decider<Command, State, Event>,
  command: Command,
  metadata: CommandMetadata,
): Promise<CommandResult<Event>> {
  const maxAttempts = dependencies.maxAttempts ?? 5;

  for (let attempt = 1; ; attempt += 1) {
    // 1. Read the stream and fold its state.
    const { events: recorded, currentVersion } = await dependencies.store.readStream(streamId);
    const previous = findPreviousResult<Event>(streamId, recorded, metadata);
    if (previous !== undefined) {
      return previous;
    }
    const state = fold(decider, recorded as unknown as Event[]);

    // 2. Decide; a DomainError rejects the command and nothing is written.
    const decided = decider.decide(command, state);
    if (decided.length === 0) {
      // Nothing changes (for example a roster republished unchanged): nothing to append.
      const last = recorded[recorded.length - 1];
      return { streamId, version: currentVersion, position: last?.position ?? START_OF_LOG, events: [], replayed: false };
    }

    // 3. Append at the version read.
    const newEvents = decided.map((event, index) => toNewEvent(dependencies.registry, streamId, event, index, metadata));
    try {
      const appended = await dependencies.store.appendToStream(streamId, newEvents, {
        expectedVersion: currentVersion,
      });
      return { streamId, version: appended.nextExpectedVersion, position: appended.position, events: decided, replayed: appended.alreadyAppended };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) {
        throw error;
      }
      // 4. Another writer appended first: decide again on the newer state.
      if (attempt >= maxAttempts) {
        throw new DomainError('CONCURRENT_CHANGE', { streamId });
      }
    }
  }
}

/** Returns the id of the `index`-th event a command appends to a stream. */
export function eventIdFor(metadata: CommandMetadata, streamId: string, index: number): string {
  if (metadata.idempotency === undefined) {
    return randomUUID();
  }
  const name = [metadata.tenantId, metadata.actor.subject, metadata.command, metadata.idempotency.key, streamId, index].join('\u0000');
  return uuidv5(name, EVENT_ID_NAMESPACE);
}

/** Validates a decided event and wraps it with its id and metadata, ready to append. */
export function toNewEvent(registry: EventRegistry, streamId: string, event: FleksiEvent, index: number, metadata: CommandMetadata): NewEvent {
  const definition = registry.definition(event.type);
  // Deciders are trusted code, but the log is forever: validate before writing.
  const data: unknown = definition.schema.parse(event.data);

  const eventMetadata: EventMetadata = {
    tenantId: metadata.tenantId,
    actor: metadata.actor,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId ?? metadata.correlationId,
    command: metadata.command,
    receivedAt: metadata.receivedAt,
    ...(metadata.source === undefined ? {} : { source: metadata.source }),
    ...(metadata.idempotency === undefined
      ? {}
      : { idempotencyKey: metadata.idempotency.key, requestHash: metadata.idempotency.requestHash }),
  };
  return { eventId: eventIdFor(metadata, streamId, index), type: event.type, schemaVersion: definition.schemaVersion, data, metadata: eventMetadata };
}

function findPreviousResult<Event extends FleksiEvent>(
  streamId: string,
  recorded: readonly RecordedEvent[],
  metadata: CommandMetadata,
): CommandResult<Event> | undefined {
  if (metadata.idempotency === undefined) {
    return undefined;
  }
  const firstId = eventIdFor(metadata, streamId, 0);
  const start = recorded.findIndex((event) => event.eventId === firstId);
  if (start < 0) {
    return undefined;
  }

  const first = recorded[start];
  if (first?.metadata.requestHash !== metadata.idempotency.requestHash) {
    throw new DomainError('IDEMPOTENCY_KEY_REUSED');
  }

  let last = first;
  for (let index = 1; start + index < recorded.length; index += 1) {
    const next = recorded[start + index];
    if (next === undefined || next.eventId !== eventIdFor(metadata, streamId, index)) {
      break;
    }
    last = next;
  }
  const events = recorded.slice(start, recorded.indexOf(last) + 1).map((event) => ({ type: event.type, data: event.data }) as Event);
  return { streamId, version: last.streamVersion, position: last.position, events, replayed: true };
}
