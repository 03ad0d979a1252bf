import type { RecordedEvent } from '@fleksi/contracts';
import { describe, expect, it } from 'vitest';

import { decodeEvent, encodeEvent, EVENT_HEADERS, InvalidEventMessageError, type ConsumedMessage } from '../src/index.ts';

const event: RecordedEvent = {
  eventId: '0b7c3f0e-8d7a-4a52-9a53-0c5d2f3e9a11',
  type: 'CheckedIn',
  schemaVersion: 2,
  streamId: 'attendance-mamuju-198609262015051001-2026-02-03',
  streamVersion: 1,
  // Beyond Number.MAX_SAFE_INTEGER, so a JSON number would lose digits.
  position: { commit: 9_007_199_254_740_993n, prepare: 42n },
  recordedAt: '2026-02-03T00:12:00.000000Z',
  data: { nip: '198609262015051001', date: '2026-02-03' },
  metadata: { tenantId: 'mamuju', actor: { subject: 'andi', role: 'employee' }, correlationId: 'c-1', causationId: 'c-1', futureField: 'kept' } as RecordedEvent['metadata'],
};

function received(message: ReturnType<typeof encodeEvent>, offset = 7n): ConsumedMessage {
  return { offset, key: message.key, value: message.value, headers: message.headers };
}

describe('event codec', () => {
  it('round-trips an event with 64-bit positions', () => {
    expect(decodeEvent(received(encodeEvent(event)), 0)).toEqual(event);
  });

  it('keys by stream and partitions by tenant', () => {
    const byTenant = encodeEvent(event);
    const byStream = encodeEvent(event, 'stream');

    expect(byTenant.key).toBe(event.streamId);
    expect(byTenant.partitionKey).toBe('mamuju');
    expect(byStream.key).toBe(event.streamId);
    expect(byStream.partitionKey).toBeUndefined();
  });

  it('writes type, schema version, tenant and position headers', () => {
    expect(encodeEvent(event).headers).toEqual({
      [EVENT_HEADERS.eventType]: 'CheckedIn',
      [EVENT_HEADERS.schemaVersion]: '2',
      [EVENT_HEADERS.tenantId]: 'mamuju',
      [EVENT_HEADERS.position]: '9007199254740993-42',
    });
  });

  it('rejects messages that are not events', () => {
    const encoded = encodeEvent(event);
    const cases: ConsumedMessage[] = [
      { offset: 1n, key: event.streamId, value: null, headers: {} },
      { offset: 2n, key: event.streamId, value: 'not json', headers: {} },
      { offset: 3n, key: event.streamId, value: JSON.stringify({ eventId: 'x' }), headers: {} },
      { offset: 4n, key: 'another-stream', value: encoded.value, headers: {} },
      { offset: 5n, key: event.streamId, value: encoded.value.replace('9007199254740993-42', '12'), headers: {} },
    ];
    for (const message of cases) {
      expect(() => decodeEvent(message, 3), `offset ${message.offset}`).toThrow(InvalidEventMessageError);
    }
  });
});
