import { compareLogPositions, START_OF_LOG, type LogPosition, type RecordedEvent } from '@fleksi/contracts';
import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { appendToStreamWith, PostgresEventStore } from '../src/index.ts';
import { testEvent, testEvents } from './fixtures.ts';

let database: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 40 });
  store = new PostgresEventStore(database.pool);
});

afterAll(async () => {
  await database.drop();
});

async function readEverything(after = START_OF_LOG): Promise<RecordedEvent[]> {
  return store.readAll({ after, maxCount: 10_000_000 });
}

/**
 * Reads until `done` holds. Readers see a commit only once every older transaction in
 * the cluster has ended, and other test files share the server, so a commit made a
 * moment ago may take a little while to appear.
 */
async function readUntil(after: LogPosition, done: (events: RecordedEvent[]) => boolean): Promise<RecordedEvent[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const events = await readEverything(after);
    if (done(events) || Date.now() > deadline) {
      return events;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('global log reader', () => {
  it('never skips an event committed late with a lower sequence number', async () => {
    const slow = await database.pool.connect();
    try {
      // 1. A slow transaction takes a sequence number and stays open.
      await slow.query('BEGIN');
      const late = testEvent('LateCommitted');
      await appendToStreamWith(slow, 'gap-slow', [late], 'no_stream');

      // 2. A quick append takes a higher number and commits first.
      const quick = testEvent('QuickCommitted');
      await store.appendToStream('gap-quick', [quick], { expectedVersion: 'no_stream' });

      // 3. A reader polling now must not move past the slow transaction's number.
      const whileOpen = await readEverything();
      expect(whileOpen.map((event) => event.eventId)).not.toContain(quick.eventId);
      const checkpoint = whileOpen.at(-1)?.position ?? START_OF_LOG;

      // 4. Once the slow transaction commits, both appear after the checkpoint.
      await slow.query('COMMIT');
      const afterCommit = await readUntil(checkpoint, (events) => events.some((event) => event.eventId === quick.eventId));
      const ours = afterCommit.filter((event) => event.streamId.startsWith('gap-'));
      expect(ours.map((event) => event.eventId)).toEqual([late.eventId, quick.eventId]);
    } finally {
      slow.release();
    }
  });

  it('ignores events of a rolled-back transaction', async () => {
    const client = await database.pool.connect();
    const before = (await store.headPosition()) ?? START_OF_LOG;
    try {
      await client.query('BEGIN');
      await appendToStreamWith(client, 'gap-rollback', testEvents(3), 'no_stream');
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    await store.appendToStream('gap-after-rollback', testEvents(1), { expectedVersion: 'no_stream' });

    const read = await readUntil(before, (events) => events.some((event) => event.streamId === 'gap-after-rollback'));

    expect(read.map((event) => event.streamId)).toContain('gap-after-rollback');
    expect(read.map((event) => event.streamId)).not.toContain('gap-rollback');
  });

  it('sees every event of 8 concurrent writers exactly once, in order', async () => {
    const writers = 8;
    const eventsPerWriter = 2_500;
    const eventsPerTransaction = 10;
    const start = (await store.headPosition()) ?? START_OF_LOG;
    const seen: RecordedEvent[] = [];

    // A live reader runs the whole time, as a projector would.
    const subscription = store.subscribeToAll({
      after: start,
      batchSize: 300,
      pollIntervalMs: 20,
      onEvents: async (events) => {
        // Events of earlier tests may become visible only now; count the writers' only.
        seen.push(...events.filter((event) => event.streamId.startsWith('writer-')));
      },
    });

    // Each writer appends in explicit transactions that pause before COMMIT, so
    // transactions overlap and commit out of sequence order.
    const written = await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        const ids: string[] = [];
        const client = await database.pool.connect();
        try {
          for (let batch = 0; batch < eventsPerWriter / eventsPerTransaction; batch += 1) {
            const events = testEvents(eventsPerTransaction);
            await client.query('BEGIN');
            await appendToStreamWith(client, `writer-${writer}-${batch % 5}`, events, 'any');
            if (batch % 3 === writer % 3) {
              await client.query('SELECT pg_sleep(0.002)');
            }
            await client.query('COMMIT');
            ids.push(...events.map((event) => event.eventId));
          }
        } finally {
          client.release();
        }
        return ids;
      }),
    );
    const expectedIds = new Set(written.flat());

    const deadline = Date.now() + 30_000;
    while (seen.length < expectedIds.size && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await subscription.stop();

    const seenIds = seen.map((event) => event.eventId);
    expect(seenIds).toHaveLength(writers * eventsPerWriter);
    expect(new Set(seenIds).size).toBe(seenIds.length);
    expect(seenIds.every((id) => expectedIds.has(id))).toBe(true);
    for (let index = 1; index < seen.length; index += 1) {
      expect(compareLogPositions(seen[index - 1]!.position, seen[index]!.position)).toBe(-1);
    }
    const lastVersionByStream = new Map<string, number>();
    for (const event of seen) {
      expect(event.streamVersion).toBe((lastVersionByStream.get(event.streamId) ?? 0) + 1);
      lastVersionByStream.set(event.streamId, event.streamVersion);
    }
    // A second reader from the same start reads the same order.
    const again = (await readEverything(start)).filter((event) => event.streamId.startsWith('writer-'));
    expect(again.map((event) => event.eventId)).toEqual(seenIds);
  });
});

describe('subscribeToAll', () => {
  it('wakes on a notification without waiting for the poll', async () => {
    const start = (await store.headPosition()) ?? START_OF_LOG;
    const received: RecordedEvent[] = [];
    let arrived: (() => void) | undefined;
    const arrival = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const subscription = store.subscribeToAll({
      after: start,
      pollIntervalMs: 60_000,
      onEvents: async (events) => {
        received.push(...events.filter((recorded) => recorded.streamId === 'notified'));
        if (received.length > 0) {
          arrived?.();
        }
      },
    });
    await subscription.caughtUp;

    const event = testEvent('Notified');
    const sentAt = Date.now();
    await store.appendToStream('notified', [event], { expectedVersion: 'no_stream' });
    await arrival;
    const latencyMs = Date.now() - sentAt;
    await subscription.stop();

    expect(received.map((recorded) => recorded.eventId)).toEqual([event.eventId]);
    expect(latencyMs).toBeLessThan(10_000);
  });

  it('retries a failed handler from the same position', async () => {
    const start = (await store.headPosition()) ?? START_OF_LOG;
    await store.appendToStream('retry-handler', testEvents(3), { expectedVersion: 'no_stream' });
    const errors: unknown[] = [];
    const delivered: string[] = [];
    let failNext = true;

    const subscription = store.subscribeToAll({
      after: start,
      pollIntervalMs: 20,
      onEvents: async (events) => {
        if (failNext) {
          failNext = false;
          throw new Error('handler failed once');
        }
        delivered.push(...events.filter((event) => event.streamId === 'retry-handler').map((event) => event.eventId));
      },
      onError: (error) => errors.push(error),
    });
    const deadline = Date.now() + 10_000;
    while (delivered.length < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await subscription.stop();

    expect(errors).toHaveLength(1);
    expect(delivered).toHaveLength(3);
  });
});
