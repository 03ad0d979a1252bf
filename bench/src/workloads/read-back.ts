import { performance } from 'node:perf_hooks';

import { compareLogPositions, START_OF_LOG, type LogPosition, type NewEvent } from '@fleksi/contracts';

import { CHECKED_IN, checkInEvent, type CheckInData } from '../check-in.ts';
import { assertDurableCommits, withFreshDatabase } from '../postgres.ts';
import type { ReadBackSettings } from '../settings.ts';
import { LatencyRecorder, latencyPercentiles } from '../stats.ts';
import { openFleksiStore } from '../systems/fleksi.ts';
import { openPlainTable } from '../systems/plain.ts';
import { check, publicSpec, type SystemName, type TrialResult, type TrialSpec } from '../trial.ts';
import type { WorkloadDefinition } from './workload.ts';

/*
 * Each trial appends N events through the system's own append API (untimed) and
 * runs VACUUM (ANALYZE). It reads the first tenth of the log once to warm caches and
 * code, then times one read of the whole global log from its start in fixed-size
 * batches.
 */

type CheckInEvent = NewEvent<typeof CHECKED_IN, CheckInData>;

interface ReadBackTarget {
  /** Appends `events` as a new stream. */
  appendNewStream(streamId: string, events: readonly CheckInEvent[]): Promise<void>;
  /** Returns a function that reads the next batch each call, starting at the log's start. */
  openReader(batchSize: number): () => Promise<BatchSummary>;
  vacuum(): Promise<void>;
  close(): Promise<void>;
}

/** Digest of one batch, enough to prove that every event came back once and in order. */
interface BatchSummary {
  readonly count: number;
  /** Sum of the events' `data.sequence`, which the seeding numbers 0 to N-1. */
  readonly sequenceSum: number;
  /** False when a position did not follow the previous one. */
  readonly inOrder: boolean;
}

export const readBackWorkload: WorkloadDefinition = {
  name: 'read-back',
  title: 'Reading the global log from the start',
  description:
    'N CheckedIn events are appended in batches through each system\'s own append API (untimed), then VACUUM (ANALYZE) ' +
    'runs and the first tenth of the log is read once as a warm-up. The figure is one timed read of the whole log ' +
    'in commit order, batch after batch, by a single reader. Fleksi reads with readAll (xid8 snapshot filter, ' +
    'ordered by transaction id and position). Emmett 0.42.0 reads with its exported readMessagesBatch, the function ' +
    'its consumers poll, which filters and orders the same way. The ceiling is keyset pagination on the primary key ' +
    'of a plain table holding the same rows.',
  variants: (settings) => [
    {
      name: 'full-log',
      description: `${settings.readBack.events} events, ${settings.readBack.batchSize} per read request`,
    },
  ],
  metrics: [
    { key: 'eventsPerSecond', label: 'events/s', decimals: 0 },
    { key: 'batchP50Ms', label: 'batch p50 ms', decimals: 2 },
    { key: 'batchP99Ms', label: 'batch p99 ms', decimals: 2 },
  ],
  throughputMetric: 'eventsPerSecond',
  describeSettings: (settings) => ({
    events: settings.readBack.events,
    'batch size': settings.readBack.batchSize,
    'events per seeding append': settings.readBack.eventsPerAppend,
    'seeding writers': settings.readBack.seedConcurrency,
  }),
  // Seeding dominates; 2 ms per event is far above any speed seen so far.
  trialTimeoutMs: (settings) => settings.readBack.events * 2 + 300_000,
  runTrial: runReadBackTrial,
};

export async function runReadBackTrial(spec: TrialSpec): Promise<TrialResult> {
  const settings = spec.settings.readBack;

  return withFreshDatabase(spec.adminUrl, `read_back_${spec.system}`, async (database) => {
    await assertDurableCommits(database.url);
    const target = await openTarget(spec.system, database.url, settings);
    try {
      const seedStarted = performance.now();
      await seed(target, settings);
      const seedSeconds = (performance.now() - seedStarted) / 1000;
      await target.vacuum();

      const warmupEvents = Math.max(settings.batchSize, Math.floor(settings.events / 10));
      await readLog(target.openReader(settings.batchSize), settings.batchSize, warmupEvents);

      const read = await readLog(target.openReader(settings.batchSize), settings.batchSize, Number.POSITIVE_INFINITY);
      const batchLatency = latencyPercentiles(read.batchLatencies);
      const expectedSum = (settings.events * (settings.events - 1)) / 2;

      return {
        spec: publicSpec(spec),
        metrics: {
          eventsPerSecond: read.events / read.seconds,
          seconds: read.seconds,
          batchP50Ms: batchLatency.p50Ms,
          batchP99Ms: batchLatency.p99Ms,
          batches: read.batches,
        },
        checks: [
          check('throughput above zero', read.events > 0 && read.seconds > 0, `${read.events} events in ${read.seconds.toFixed(3)} s`),
          check('every event read back', read.events === settings.events, `${read.events} of ${settings.events} events read`),
          check('each event read once', read.sequenceSum === expectedSum, `sequence numbers sum to ${read.sequenceSum}, expected ${expectedSum}`),
          check('log order kept', read.inOrder, read.inOrder ? 'positions strictly increasing' : 'a position went backwards'),
        ],
        details: { seedSeconds, warmupEvents, eventsRead: read.events },
      };
    } finally {
      await target.close();
    }
  });
}

interface LogRead {
  readonly events: number;
  readonly batches: number;
  readonly seconds: number;
  readonly sequenceSum: number;
  readonly inOrder: boolean;
  readonly batchLatencies: LatencyRecorder;
}

/** Reads batches until one comes back short or `limit` events were read. */
async function readLog(readBatch: () => Promise<BatchSummary>, batchSize: number, limit: number): Promise<LogRead> {
  const batchLatencies = new LatencyRecorder();
  let events = 0;
  let batches = 0;
  let sequenceSum = 0;
  let inOrder = true;

  const started = performance.now();
  while (events < limit) {
    const batchStarted = performance.now();
    const batch = await readBatch();
    batchLatencies.record(performance.now() - batchStarted);
    batches += 1;
    events += batch.count;
    sequenceSum += batch.sequenceSum;
    inOrder &&= batch.inOrder;
    if (batch.count < batchSize) {
      break;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { events, batches, seconds, sequenceSum, inOrder, batchLatencies };
}

/** Appends `settings.events` events as streams of `eventsPerAppend`, numbering them 0 to N-1. */
async function seed(target: ReadBackTarget, settings: ReadBackSettings): Promise<void> {
  const appends = Math.ceil(settings.events / settings.eventsPerAppend);
  let next = 0;

  async function writer(): Promise<void> {
    while (next < appends) {
      const index = next;
      next += 1;
      const first = index * settings.eventsPerAppend;
      const count = Math.min(settings.eventsPerAppend, settings.events - first);
      const events = Array.from({ length: count }, (_, offset) => checkInEvent(index % 1_000, first + offset));
      await target.appendNewStream(`attendance-seed${index}`, events);
    }
  }

  await Promise.all(Array.from({ length: settings.seedConcurrency }, () => writer()));
}

/** One connection per seeding writer, with a floor of two in case a store step needs a second connection. */
function readBackPoolSize(settings: ReadBackSettings): number {
  return Math.max(2, settings.seedConcurrency);
}

function sequenceOf(data: unknown): number {
  return (data as CheckInData).sequence;
}

async function openTarget(system: SystemName, url: string, settings: ReadBackSettings): Promise<ReadBackTarget> {
  switch (system) {
    case 'fleksi':
      return openFleksiTarget(url, settings);
    case 'emmett':
      return openEmmettTarget(url, settings);
    case 'ceiling':
      return openCeilingTarget(url, settings);
  }
}

async function openFleksiTarget(url: string, settings: ReadBackSettings): Promise<ReadBackTarget> {
  const { store, pool, close } = await openFleksiStore(url, readBackPoolSize(settings));
  return {
    appendNewStream: async (streamId, events) => {
      await store.appendToStream(streamId, events, { expectedVersion: 'no_stream' });
    },
    openReader: (batchSize) => {
      let after: LogPosition = START_OF_LOG;
      return async () => {
        const events = await store.readAll({ after, maxCount: batchSize });
        let sequenceSum = 0;
        let inOrder = true;
        for (const event of events) {
          sequenceSum += sequenceOf(event.data);
          inOrder &&= compareLogPositions(event.position, after) > 0;
          after = event.position;
        }
        return { count: events.length, sequenceSum, inOrder };
      };
    },
    vacuum: async () => {
      await pool.query('VACUUM (ANALYZE)');
    },
    close,
  };
}

async function openEmmettTarget(url: string, settings: ReadBackSettings): Promise<ReadBackTarget> {
  const emmett = await import('../systems/emmett.ts');
  const { store, pool, executor, close } = await emmett.openEmmettStore(url, readBackPoolSize(settings));
  return {
    appendNewStream: async (streamId, events) => {
      const payloads = events.map(({ type, data, metadata }) => ({ type, data, metadata }));
      await store.appendToStream(streamId, payloads, { expectedStreamVersion: 0n });
    },
    openReader: (batchSize) => {
      let after = 0n;
      return async () => {
        const batch = await emmett.readMessagesBatch(executor, { after, batchSize });
        let sequenceSum = 0;
        let inOrder = true;
        for (const message of batch.messages) {
          sequenceSum += sequenceOf(message.data);
          inOrder &&= message.metadata.globalPosition > after;
          after = message.metadata.globalPosition;
        }
        return { count: batch.messages.length, sequenceSum, inOrder };
      };
    },
    vacuum: async () => {
      await pool.query('VACUUM (ANALYZE)');
    },
    close,
  };
}

interface PlainRow {
  id: string;
  event_id: string;
  stream_id: string;
  stream_version: string;
  event_type: string;
  data: unknown;
  metadata: unknown;
}

async function openCeilingTarget(url: string, settings: ReadBackSettings): Promise<ReadBackTarget> {
  const pool = await openPlainTable(url, readBackPoolSize(settings));
  return {
    appendNewStream: async (streamId, events) => {
      await pool.query(
        `INSERT INTO plain_events (event_id, stream_id, stream_version, event_type, data, metadata)
         SELECT e.event_id, $1, e.ordinal, $2, e.data, e.metadata
         FROM unnest($3::uuid[], $4::jsonb[], $5::jsonb[]) WITH ORDINALITY AS e(event_id, data, metadata, ordinal)`,
        [
          streamId,
          CHECKED_IN,
          events.map((event) => event.eventId),
          events.map((event) => JSON.stringify(event.data)),
          events.map((event) => JSON.stringify(event.metadata)),
        ],
      );
    },
    openReader: (batchSize) => {
      let after = 0n;
      return async () => {
        const result = await pool.query<PlainRow>(
          `SELECT id, event_id, stream_id, stream_version, event_type, data, metadata
           FROM plain_events WHERE id > $1 ORDER BY id LIMIT $2`,
          [after.toString(), batchSize],
        );
        let sequenceSum = 0;
        let inOrder = true;
        for (const row of result.rows) {
          const id = BigInt(row.id);
          sequenceSum += sequenceOf(row.data);
          inOrder &&= id > after;
          after = id;
        }
        return { count: result.rows.length, sequenceSum, inOrder };
      };
    },
    vacuum: async () => {
      await pool.query('VACUUM (ANALYZE)');
    },
    close: () => pool.end(),
  };
}
