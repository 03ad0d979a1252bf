import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { WrongExpectedVersionError, type ExpectedVersion } from '@fleksi/event-store';

import { CHECKED_IN, checkInEvent } from '../check-in.ts';
import { runClosedLoop, type OperationOutcome } from '../closed-loop.ts';
import { assertDurableCommits, withFreshDatabase } from '../postgres.ts';
import type { AppendSettings } from '../settings.ts';
import { openFleksiStore } from '../systems/fleksi.ts';
import { openPlainTable } from '../systems/plain.ts';
import { check, publicSpec, type SystemName, type TrialCheck, type TrialResult, type TrialSpec } from '../trial.ts';
import type { WorkloadDefinition } from './workload.ts';

/*
 * Concurrent writers append one check-in event per request, each waiting for its
 * previous append (a closed loop). Every system gets the same number of writers and
 * a connection pool of that size, on its own fresh database of the same server.
 */

export type AppendVariant = 'distinct' | 'contended-any' | 'contended-exact';

const VARIANTS: readonly AppendVariant[] = ['distinct', 'contended-any', 'contended-exact'];

/** Attempts per append before the writer abandons it and moves on. */
const MAX_ATTEMPTS = 100;
const MAX_BACKOFF_MS = 50;

interface AppendTarget {
  append(writer: number, sequence: number): Promise<OperationOutcome>;
  countStored(): Promise<StoredCounts>;
  close(): Promise<void>;
}

interface StoredCounts {
  readonly events: number;
  /** Sum of the stream heads' versions; undefined for the ceiling, which has none. */
  readonly sumOfStreamVersions?: number;
}

export const appendWorkload: WorkloadDefinition = {
  name: 'append',
  title: 'Append throughput and latency',
  description:
    'Concurrent writers each append one CheckedIn event (about 300 bytes of data JSON and 270 of metadata) per request ' +
    'and wait for it before sending the next. Events per second count appends that completed inside the measured ' +
    'window. Latency covers appends that started in it, conflict retries included. The ceiling is a single-row ' +
    'autocommit INSERT into a table with only a primary key, with the same writers and payload.',
  variants: (settings) => [
    { name: 'distinct', description: 'every append starts a new stream (Fleksi `no_stream`, Emmett expected version 0)' },
    {
      name: 'contended-any',
      description:
        `each append goes to one of ${settings.append.contendedStreams} shared streams, picked at random, with no version ` +
        'check (Fleksi `any`, Emmett without expectedStreamVersion), and an append Emmett reports as a conflict is retried',
    },
    {
      name: 'contended-exact',
      description:
        `each append goes to one of ${settings.append.contendedStreams} shared streams, picked at random, with the exact ` +
        'version from a cache all writers share. After a conflict the writer waits a random backoff, reads the stream ' +
        `from its cached version and retries. It abandons the append after ${MAX_ATTEMPTS} attempts`,
    },
  ],
  metrics: [
    { key: 'eventsPerSecond', label: 'events/s', decimals: 0 },
    { key: 'p50Ms', label: 'p50 ms', decimals: 2 },
    { key: 'p99Ms', label: 'p99 ms', decimals: 2 },
    { key: 'retriesPerAppend', label: 'retries/append', decimals: 3 },
    { key: 'abandonedAppends', label: 'abandoned', decimals: 0 },
  ],
  throughputMetric: 'eventsPerSecond',
  describeSettings: (settings) => ({
    writers: settings.append.concurrency,
    'pool size': settings.append.concurrency,
    'warm-up s': settings.append.warmupSeconds,
    'measured s': settings.append.durationSeconds,
    'contended streams': settings.append.contendedStreams,
  }),
  trialTimeoutMs: (settings) => (settings.append.warmupSeconds + settings.append.durationSeconds) * 1000 + 180_000,
  runTrial: runAppendTrial,
};

export async function runAppendTrial(spec: TrialSpec): Promise<TrialResult> {
  const variant = parseVariant(spec.variant);
  const settings = spec.settings.append;

  return withFreshDatabase(spec.adminUrl, `append_${spec.system}`, async (database) => {
    await assertDurableCommits(database.url);
    const target = await openTarget(spec.system, variant, database.url, settings);
    try {
      const loop = await runClosedLoop({
        concurrency: settings.concurrency,
        warmupMs: settings.warmupSeconds * 1000,
        durationMs: settings.durationSeconds * 1000,
        operation: (writer, sequence) => target.append(writer, sequence),
      });
      const stored = await target.countStored();
      const measuredStarts = loop.latency.count + loop.measuredAbandoned;

      const checks: TrialCheck[] = [
        check('appends completed', loop.error === undefined, loop.error ?? 'no append failed'),
        check('throughput above zero', loop.measuredOperations > 0, `${loop.measuredOperations} appends in the measured window`),
        check(
          'no append abandoned',
          loop.abandonedOperations === 0,
          `${loop.abandonedOperations} appends gave up after ${MAX_ATTEMPTS} conflicting attempts`,
        ),
        check(
          'every append stored',
          stored.events === loop.completedOperations,
          `${loop.completedOperations} appends acknowledged, ${stored.events} events stored`,
        ),
      ];
      if (stored.sumOfStreamVersions !== undefined) {
        checks.push(
          check(
            'stream versions add up',
            stored.sumOfStreamVersions === stored.events,
            `stream versions sum to ${stored.sumOfStreamVersions}, ${stored.events} events stored`,
          ),
        );
      }

      return {
        spec: publicSpec(spec),
        metrics: {
          eventsPerSecond: loop.operationsPerSecond,
          p50Ms: loop.latency.p50Ms,
          p90Ms: loop.latency.p90Ms,
          p99Ms: loop.latency.p99Ms,
          maxMs: loop.latency.maxMs,
          retriesPerAppend: measuredStarts === 0 ? 0 : loop.measuredConflicts / measuredStarts,
          abandonedAppends: loop.measuredAbandoned,
          measuredAppends: loop.measuredOperations,
        },
        checks,
        details: {
          acknowledgedAppends: loop.completedOperations,
          abandonedAppends: loop.abandonedOperations,
          storedEvents: stored.events,
          sumOfStreamVersions: stored.sumOfStreamVersions ?? null,
          latencySamples: loop.latency.count,
        },
      };
    } finally {
      await target.close();
    }
  });
}

function parseVariant(name: string): AppendVariant {
  const variant = VARIANTS.find((candidate) => candidate === name);
  if (variant === undefined) {
    throw new Error(`unknown append variant ${JSON.stringify(name)}; expected one of ${VARIANTS.join(', ')}`);
  }
  return variant;
}

/**
 * Picks the stream of one append. In the contended variants each append picks one
 * of the shared streams at random: a writer that kept to one stream would, right
 * after winning, append again before the losers had re-read, and starve them.
 */
function streamFor(variant: AppendVariant, settings: AppendSettings, writer: number, sequence: number): string {
  return variant === 'distinct' ? `attendance-w${writer}s${sequence}` : `attendance-shared${randomInt(settings.contendedStreams)}`;
}

async function openTarget(system: SystemName, variant: AppendVariant, url: string, settings: AppendSettings): Promise<AppendTarget> {
  switch (system) {
    case 'fleksi':
      return openFleksiTarget(variant, url, settings);
    case 'emmett':
      return openEmmettTarget(variant, url, settings);
    case 'ceiling':
      return openCeilingTarget(variant, url, settings);
  }
}

/**
 * Runs `attempt` until it succeeds. After the n-th conflict it waits a random 0 to
 * 2^(n-1) ms (at most MAX_BACKOFF_MS), calls `refresh` and tries again. After
 * MAX_ATTEMPTS attempts it gives up and reports the append as abandoned.
 */
async function retryOnConflict(
  attempt: () => Promise<void>,
  isConflict: (error: unknown) => boolean,
  refresh: () => Promise<void>,
): Promise<OperationOutcome> {
  for (let conflicts = 0; conflicts < MAX_ATTEMPTS; conflicts += 1) {
    try {
      await attempt();
      return { conflicts, abandoned: false };
    } catch (error) {
      if (!isConflict(error)) {
        throw error;
      }
    }
    await sleep(Math.random() * Math.min(2 ** conflicts, MAX_BACKOFF_MS));
    await refresh();
  }
  return { conflicts: MAX_ATTEMPTS, abandoned: true };
}

/** Stream versions the writers of one trial share, as command handlers with a cache would. */
class VersionCache<Version extends number | bigint> {
  private readonly versions = new Map<string, Version>();

  constructor(private readonly empty: Version) {}

  get(streamId: string): Version {
    return this.versions.get(streamId) ?? this.empty;
  }

  /** Keeps the higher version, because results of concurrent appends arrive in any order. */
  remember(streamId: string, version: Version): void {
    if (version > this.get(streamId)) {
      this.versions.set(streamId, version);
    }
  }
}

async function openFleksiTarget(variant: AppendVariant, url: string, settings: AppendSettings): Promise<AppendTarget> {
  const { store, pool, close } = await openFleksiStore(url, settings.concurrency);
  const versions = new VersionCache<number>(0);
  const isConflict = (error: unknown): boolean => error instanceof WrongExpectedVersionError;

  return {
    append: (writer, sequence) => {
      const streamId = streamFor(variant, settings, writer, sequence);
      const event = checkInEvent(writer, sequence);
      return retryOnConflict(
        async () => {
          const result = await store.appendToStream(streamId, [event], { expectedVersion: fleksiExpectedVersion(variant, versions.get(streamId)) });
          versions.remember(streamId, result.nextExpectedVersion);
        },
        isConflict,
        async () => {
          const result = await store.readStream(streamId, { fromVersion: versions.get(streamId) + 1 });
          versions.remember(streamId, result.currentVersion);
        },
      );
    },
    countStored: async () => {
      const result = await pool.query<{ events: string; versions: string }>(
        'SELECT (SELECT count(*) FROM events) AS events, (SELECT coalesce(sum(version), 0) FROM event_streams) AS versions',
      );
      return { events: Number(result.rows[0]?.events), sumOfStreamVersions: Number(result.rows[0]?.versions) };
    },
    close,
  };
}

function fleksiExpectedVersion(variant: AppendVariant, cachedVersion: number): ExpectedVersion {
  switch (variant) {
    case 'distinct':
      return 'no_stream';
    case 'contended-any':
      return 'any';
    case 'contended-exact':
      return cachedVersion;
  }
}

async function openEmmettTarget(variant: AppendVariant, url: string, settings: AppendSettings): Promise<AppendTarget> {
  const emmett = await import('../systems/emmett.ts');
  const { store, pool, close } = await emmett.openEmmettStore(url, settings.concurrency);
  const versions = new VersionCache<bigint>(0n);

  return {
    append: (writer, sequence) => {
      const streamId = streamFor(variant, settings, writer, sequence);
      const { type, data, metadata } = checkInEvent(writer, sequence);
      const event = { type, data, metadata };
      return retryOnConflict(
        async () => {
          // Emmett 0.42.0 treats STREAM_DOES_NOT_EXIST as "no check", so a new
          // stream is requested with version 0, which its append function checks.
          const result =
            variant === 'contended-any'
              ? await store.appendToStream(streamId, [event])
              : await store.appendToStream(streamId, [event], { expectedStreamVersion: variant === 'distinct' ? 0n : versions.get(streamId) });
          versions.remember(streamId, result.nextExpectedStreamVersion);
        },
        emmett.isEmmettConflict,
        async () => {
          const result = await store.readStream(streamId, { from: versions.get(streamId) + 1n });
          if (result.events.length > 0) {
            versions.remember(streamId, result.currentStreamVersion);
          }
        },
      );
    },
    countStored: async () => {
      const result = await pool.query<{ events: string; versions: string }>(
        `SELECT (SELECT count(*) FROM ${emmett.EMMETT_MESSAGES_TABLE}) AS events,
                (SELECT coalesce(sum(stream_position), 0) FROM ${emmett.EMMETT_STREAMS_TABLE}) AS versions`,
      );
      return { events: Number(result.rows[0]?.events), sumOfStreamVersions: Number(result.rows[0]?.versions) };
    },
    close,
  };
}

async function openCeilingTarget(variant: AppendVariant, url: string, settings: AppendSettings): Promise<AppendTarget> {
  const pool = await openPlainTable(url, settings.concurrency);
  return {
    append: async (writer, sequence) => {
      const event = checkInEvent(writer, sequence);
      await pool.query(
        `INSERT INTO plain_events (event_id, stream_id, stream_version, event_type, data, metadata)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          event.eventId,
          streamFor(variant, settings, writer, sequence),
          sequence + 1,
          CHECKED_IN,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
        ],
      );
      return { conflicts: 0, abandoned: false };
    },
    countStored: async () => {
      const result = await pool.query<{ events: string }>('SELECT count(*) AS events FROM plain_events');
      return { events: Number(result.rows[0]?.events) };
    },
    close: () => pool.end(),
  };
}

