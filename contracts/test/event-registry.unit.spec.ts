import { randomUUID } from 'node:crypto';

import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { defineEvent, EventRegistry, MissingUpcasterError, type RecordedEvent, UnknownEventTypeError } from '../src/index.ts';

// Version 3 of a check-in event: version 1 had `lat`/`lon`, version 2 renamed them
// into a `location` object, version 3 added `accuracyMeters`.
const CheckedInV3 = defineEvent(
  'CheckedIn',
  3,
  z.object({
    location: z.object({ latitude: z.number(), longitude: z.number(), accuracyMeters: z.number().nullable() }),
  }),
);

function stored(schemaVersion: number, data: unknown): RecordedEvent {
  return {
    eventId: randomUUID(),
    type: 'CheckedIn',
    schemaVersion,
    data,
    streamId: 'attendance-1',
    streamVersion: 1,
    position: { commit: 1n, prepare: 1n },
    recordedAt: '2026-01-22T00:00:00.000000Z',
    metadata: { tenantId: 't', actor: { subject: 's', role: 'employee' }, correlationId: 'c', causationId: 'c' },
  };
}

function registry(): EventRegistry {
  return new EventRegistry()
    .register(CheckedInV3)
    .registerUpcaster('CheckedIn', 1, (data) => {
      const old = data as { lat: number; lon: number };
      return { location: { latitude: old.lat, longitude: old.lon } };
    })
    .registerUpcaster('CheckedIn', 2, (data) => {
      const old = data as { location: { latitude: number; longitude: number } };
      return { location: { ...old.location, accuracyMeters: null } };
    });
}

describe('EventRegistry.upcast', () => {
  it('walks a version 1 event to the current version', () => {
    const current = registry().upcast(stored(1, { lat: -2.06, lon: 119.29 }));

    expect(current.schemaVersion).toBe(3);
    expect(current.data).toEqual({ location: { latitude: -2.06, longitude: 119.29, accuracyMeters: null } });
  });

  it('leaves a current event as it is', () => {
    const data = { location: { latitude: -2.06, longitude: 119.29, accuracyMeters: 12 } };

    expect(registry().upcast(stored(3, data)).data).toEqual(data);
  });

  it('does not change the stored event object', () => {
    const original = stored(1, { lat: 1, lon: 2 });

    registry().upcast(original);

    expect(original.schemaVersion).toBe(1);
    expect(original.data).toEqual({ lat: 1, lon: 2 });
  });

  it('rejects a missing upcaster step', () => {
    const incomplete = new EventRegistry().register(CheckedInV3);

    expect(() => incomplete.upcast(stored(2, {}))).toThrow(MissingUpcasterError);
  });

  it('rejects an unknown event type', () => {
    expect(() => new EventRegistry().upcast(stored(1, {}))).toThrow(UnknownEventTypeError);
  });

  it('validates the upcast data against the current schema', () => {
    const broken = new EventRegistry().register(CheckedInV3).registerUpcaster('CheckedIn', 2, () => ({ location: 'nowhere' }));

    expect(() => broken.upcast(stored(2, {}))).toThrow();
  });
});
