import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { START_OF_LOG } from '@fleksi/contracts';
import { createPool, findFreePort, migrate, startEmbeddedPostgres } from '@fleksi/postgres';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';

import { PostgresEventStore } from '../src/index.ts';
import { testEvents } from './fixtures.ts';

// This suite owns its server because it must stop and start it; the embedded
// cluster is also what `npm start` runs by default.
const logger = pino({ level: 'warn' });
let dataDir: string | undefined;

afterAll(async () => {
  if (dataDir !== undefined) {
    await rm(dataDir, { recursive: true, force: true });
  }
});

describe('embedded PostgreSQL event store', () => {
  it('keeps appended events across a restart', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fleksi-restart-'));
    await chmod(dataDir, 0o711);
    const port = await findFreePort();
    const events = testEvents(3);

    const first = await startEmbeddedPostgres({ dataDir, port, logger });
    const firstPool = createPool(first.url);
    await migrate(firstPool);
    await new PostgresEventStore(firstPool).appendToStream('survivor', events, { expectedVersion: 'no_stream' });
    await firstPool.end();
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir, port, logger });
    const secondPool = createPool(second.url);
    try {
      const appliedAgain = await migrate(secondPool);
      const store = new PostgresEventStore(secondPool);
      const read = await store.readStream('survivor');
      const log = await store.readAll({ after: START_OF_LOG, maxCount: 100 });

      expect(appliedAgain).toEqual([]);
      expect(read.events.map((event) => event.eventId)).toEqual(events.map((event) => event.eventId));
      expect(log).toHaveLength(3);
    } finally {
      await secondPool.end();
      await second.stop();
    }
  });
});
