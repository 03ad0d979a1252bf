import type { z } from 'zod';

import type { RecordedEvent } from './envelope.ts';

/** One event type at its current schema version. */
export interface EventDefinition<Type extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly type: Type;
  readonly schemaVersion: number;
  readonly schema: Schema;
}

export function defineEvent<const Type extends string, Schema extends z.ZodType>(
  type: Type,
  schemaVersion: number,
  schema: Schema,
): EventDefinition<Type, Schema> {
  return { type, schemaVersion, schema };
}

/** Turns the data of `type` at `fromVersion` into the data of `fromVersion + 1`. */
export type Upcaster = (data: unknown, event: RecordedEvent) => unknown;

export class UnknownEventTypeError extends Error {
  readonly code = 'EVENT_TYPE_UNKNOWN';
  constructor(readonly eventType: string) {
    super(`event type ${eventType} is not registered; register its definition before reading it`);
  }
}

export class MissingUpcasterError extends Error {
  readonly code = 'EVENT_UPCASTER_MISSING';
  constructor(
    readonly eventType: string,
    readonly fromVersion: number,
  ) {
    super(`no upcaster for ${eventType} from schema version ${fromVersion}; register one to read stored events of that version`);
  }
}

/**
 * Event definitions and the upcasters between their schema versions.
 *
 * The log is never rewritten when a schema changes: a stored event keeps the
 * version it was written with, and `upcast` walks it step by step to the current
 * version each time it is read.
 */
export class EventRegistry {
  private readonly definitions = new Map<string, EventDefinition>();
  private readonly upcasters = new Map<string, Upcaster>();

  register(...definitions: EventDefinition[]): this {
    for (const definition of definitions) {
      this.definitions.set(definition.type, definition);
    }
    return this;
  }

  registerUpcaster(type: string, fromVersion: number, upcaster: Upcaster): this {
    this.upcasters.set(upcasterKey(type, fromVersion), upcaster);
    return this;
  }

  definition(type: string): EventDefinition {
    const definition = this.definitions.get(type);
    if (definition === undefined) {
      throw new UnknownEventTypeError(type);
    }
    return definition;
  }

  has(type: string): boolean {
    return this.definitions.has(type);
  }

  /**
   * Returns the event in its current schema version. An upcast event is validated
   * against the current schema; a current one is returned as stored, because writers
   * validate on append and reads (rebuilds above all) should not pay for it twice.
   */
  upcast(event: RecordedEvent): RecordedEvent {
    const definition = this.definition(event.type);
    if (event.schemaVersion === definition.schemaVersion) {
      return event;
    }
    let data = event.data;

    for (let version = event.schemaVersion; version < definition.schemaVersion; version += 1) {
      const upcaster = this.upcasters.get(upcasterKey(event.type, version));
      if (upcaster === undefined) {
        throw new MissingUpcasterError(event.type, version);
      }
      data = upcaster(data, event);
    }

    return { ...event, schemaVersion: definition.schemaVersion, data: definition.schema.parse(data) };
  }
}

function upcasterKey(type: string, fromVersion: number): string {
  return `${type}@${fromVersion}`;
}
