import { compareLogPositions, START_OF_LOG } from '@fleksi/contracts';
import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  DuplicateEventIdError,
  InvalidAppendError,
  PostgresEventStore,
  StreamTenantMismatchError,
  WrongExpectedVersionError,
} from '../src/index.ts';
import { testEvent, testEvents } from './fixtures.ts';

let database: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  database = await createTestDatabase();
  store = new PostgresEventStore(database.pool);
});

afterAll(async () => {
  await database.drop();
});

describe('appendToStream', () => {
  it('stores events and reads them back in stream order', async () => {
    const events = testEvents(3);

    const result = await store.appendToStream('attendance-a', events, { expectedVersion: 'no_stream' });
    const read = await store.readStream('attendance-a');

    expect(result.nextExpectedVersion).toBe(3);
    expect(result.alreadyAppended).toBe(false);
    expect(read.currentVersion).toBe(3);
    expect(read.events.map((event) => event.eventId)).toEqual(events.map((event) => event.eventId));
    expect(read.events.map((event) => event.streamVersion)).toEqual([1, 2, 3]);
    expect(read.events[0]?.data).toEqual({ index: 0 });
    expect(read.events[0]?.metadata.tenantId).toBe('mamuju-tengah');
    expect(compareLogPositions(read.events[2]!.position, result.position)).toBe(0);
  });

  it('reads a stream from a version', async () => {
    await store.appendToStream('attendance-from', testEvents(5), { expectedVersion: 'no_stream' });

    const read = await store.readStream('attendance-from', { fromVersion: 4 });

    expect(read.events.map((event) => event.streamVersion)).toEqual([4, 5]);
    expect(read.currentVersion).toBe(5);
  });

  it('reads an unknown stream as empty at version 0', async () => {
    const read = await store.readStream('attendance-none');

    expect(read.events).toEqual([]);
    expect(read.currentVersion).toBe(0);
  });

  it('appends at the exact expected version', async () => {
    await store.appendToStream('attendance-exact', testEvents(2), { expectedVersion: 'no_stream' });

    const result = await store.appendToStream('attendance-exact', testEvents(1), { expectedVersion: 2 });

    expect(result.nextExpectedVersion).toBe(3);
  });

  it('rejects a stale expected version and writes nothing', async () => {
    await store.appendToStream('attendance-stale', testEvents(2), { expectedVersion: 'no_stream' });

    const append = store.appendToStream('attendance-stale', testEvents(2), { expectedVersion: 1 });

    await expect(append).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(append).rejects.toMatchObject({ streamId: 'attendance-stale', expectedVersion: 1, actualVersion: 2 });
    expect((await store.readStream('attendance-stale')).currentVersion).toBe(2);
  });

  it('rejects no_stream when the stream exists', async () => {
    await store.appendToStream('attendance-exists', testEvents(1), { expectedVersion: 'no_stream' });

    const append = store.appendToStream('attendance-exists', testEvents(1), { expectedVersion: 'no_stream' });

    await expect(append).rejects.toMatchObject({ code: 'STREAM_VERSION_CONFLICT', actualVersion: 1 });
  });

  it('rejects stream_exists for a missing stream', async () => {
    const append = store.appendToStream('attendance-missing', testEvents(1), { expectedVersion: 'stream_exists' });

    await expect(append).rejects.toMatchObject({ code: 'STREAM_VERSION_CONFLICT', actualVersion: 0 });
    expect((await store.readStream('attendance-missing')).events).toEqual([]);
  });

  it('appends with any whether or not the stream exists', async () => {
    const first = await store.appendToStream('attendance-any', testEvents(1), { expectedVersion: 'any' });
    const second = await store.appendToStream('attendance-any', testEvents(2), { expectedVersion: 'any' });

    expect(first.nextExpectedVersion).toBe(1);
    expect(second.nextExpectedVersion).toBe(3);
  });

  it('rejects an empty batch and a non-UUID event id', async () => {
    await expect(store.appendToStream('attendance-empty', [], { expectedVersion: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
    await expect(
      store.appendToStream('attendance-empty', [{ ...testEvent(), eventId: 'not-a-uuid' }], { expectedVersion: 'any' }),
    ).rejects.toBeInstanceOf(InvalidAppendError);
  });

  it('keeps a stream within its tenant', async () => {
    await store.appendToStream('attendance-tenant', [testEvent('TestHappened', {}, 'sulbar')], { expectedVersion: 'no_stream' });

    const append = store.appendToStream('attendance-tenant', [testEvent('TestHappened', {}, 'mamuju-tengah')], {
      expectedVersion: 1,
    });

    await expect(append).rejects.toBeInstanceOf(StreamTenantMismatchError);
    expect((await store.readStream('attendance-tenant')).currentVersion).toBe(1);
  });
});

describe('atomic and idempotent appends', () => {
  it('writes all events of a batch or none', async () => {
    const taken = testEvent();
    await store.appendToStream('attendance-atomic-1', [taken], { expectedVersion: 'no_stream' });

    const batch = [testEvent(), testEvent(), taken];
    await expect(store.appendToStream('attendance-atomic-2', batch, { expectedVersion: 'no_stream' })).rejects.toBeInstanceOf(
      DuplicateEventIdError,
    );

    expect((await store.readStream('attendance-atomic-2')).events).toEqual([]);
    expect(await store.findEvent(batch[0]!.eventId)).toBeUndefined();
  });

  it('recognises a retried append with the same event ids', async () => {
    const events = testEvents(2);
    const first = await store.appendToStream('attendance-retry', events, { expectedVersion: 'no_stream' });

    const retry = await store.appendToStream('attendance-retry', events, { expectedVersion: 'no_stream' });

    expect(retry.alreadyAppended).toBe(true);
    expect(retry.nextExpectedVersion).toBe(first.nextExpectedVersion);
    expect(compareLogPositions(retry.position, first.position)).toBe(0);
    expect((await store.readStream('attendance-retry')).events).toHaveLength(2);
  });

  it('recognises a retry sent with expected version any', async () => {
    const events = testEvents(1);
    await store.appendToStream('attendance-retry-any', events, { expectedVersion: 'any' });

    const retry = await store.appendToStream('attendance-retry-any', events, { expectedVersion: 'any' });

    expect(retry.alreadyAppended).toBe(true);
    expect((await store.readStream('attendance-retry-any')).currentVersion).toBe(1);
  });

  it('rejects reused event ids in another stream', async () => {
    const events = testEvents(1);
    await store.appendToStream('attendance-reuse-1', events, { expectedVersion: 'no_stream' });

    const append = store.appendToStream('attendance-reuse-2', events, { expectedVersion: 'no_stream' });

    await expect(append).rejects.toBeInstanceOf(DuplicateEventIdError);
  });
});

describe('concurrent appends', () => {
  it('lets exactly one of 50 appends with one expected version succeed', async () => {
    await store.appendToStream('attendance-race', testEvents(1), { expectedVersion: 'no_stream' });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () => store.appendToStream('attendance-race', testEvents(1), { expectedVersion: 1 })),
    );

    const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const conflicts = outcomes.filter(
      (outcome) => outcome.status === 'rejected' && outcome.reason instanceof WrongExpectedVersionError,
    );
    expect(succeeded).toHaveLength(1);
    expect(conflicts).toHaveLength(49);
    expect((await store.readStream('attendance-race')).currentVersion).toBe(2);
  });

  it('lets exactly one of 50 appends to a new stream succeed', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () => store.appendToStream('attendance-race-new', testEvents(1), { expectedVersion: 'no_stream' })),
    );

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof WrongExpectedVersionError)).toHaveLength(49);
  });

  it('serialises 50 appends with any without losing one', async () => {
    await Promise.all(Array.from({ length: 50 }, () => store.appendToStream('attendance-any-race', testEvents(1), { expectedVersion: 'any' })));

    const read = await store.readStream('attendance-any-race');

    expect(read.currentVersion).toBe(50);
    expect(read.events.map((event) => event.streamVersion)).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
  });
});

describe('append-only log', () => {
  it('rejects updates and deletes of stored events', async () => {
    await store.appendToStream('attendance-immutable', testEvents(1), { expectedVersion: 'no_stream' });

    await expect(database.pool.query(`UPDATE events SET data = '{}' WHERE stream_id = 'attendance-immutable'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(database.pool.query(`DELETE FROM events WHERE stream_id = 'attendance-immutable'`)).rejects.toThrow(/append-only/);
    await expect(database.pool.query('TRUNCATE events')).rejects.toThrow(/append-only/);
  });
});

/**
 * Repeats a read until the commit is visible. A commit becomes visible to readers only
 * once every older transaction in the cluster has ended, and other suites share the server.
 */
async function untilVisible<T>(read: () => Promise<T>, visible: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (visible(value) || Date.now() > deadline) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('readAll', () => {
  it('reads the global log in batches from a position', async () => {
    const all = await store.readAll({ after: START_OF_LOG, maxCount: 1_000_000 });
    const firstBatch = await store.readAll({ after: START_OF_LOG, maxCount: 5 });
    const secondBatch = await store.readAll({ after: firstBatch[4]!.position, maxCount: 5 });

    expect(firstBatch).toHaveLength(5);
    expect([...firstBatch, ...secondBatch].map((event) => event.eventId)).toEqual(all.slice(0, 10).map((event) => event.eventId));
  });

  it('filters the log by tenant', async () => {
    await store.appendToStream('attendance-sulbar', [testEvent('TestHappened', {}, 'sulbar-only')], { expectedVersion: 'no_stream' });

    const read = await untilVisible(() => store.readAll({ after: START_OF_LOG, maxCount: 1_000, tenantId: 'sulbar-only' }), (events) => events.length > 0);

    expect(read.map((event) => event.streamId)).toEqual(['attendance-sulbar']);
  });

  it('reports the head position of the log', async () => {
    const result = await store.appendToStream('attendance-head', testEvents(1), { expectedVersion: 'no_stream' });

    const head = await untilVisible(() => store.headPosition(), (position) => position !== undefined && compareLogPositions(position, result.position) >= 0);

    expect(head).toEqual(result.position);
  });
});
