import { randomBytes } from 'node:crypto';

import { checkInEvent } from '../check-in.ts';
import { runClosedLoop } from '../closed-loop.ts';
import { openEventLog } from '../event-log/cache.ts';
import { assertDurableCommits, createFreshDatabase } from '../postgres.ts';
import { formatNumber, type WorkloadReport } from '../runner.ts';
import { openFleksiStore } from '../systems/fleksi.ts';
import { check, publicSpec, type TrialResult, type TrialSpec } from '../trial.ts';
import type { WorkloadDefinition } from './workload.ts';

/*
 * Append latency against the size of the store: the append workload's `distinct`
 * appends (one CheckedIn event starting a new stream, closed loop, same writers and
 * pool size) on an empty database and on the generated log of the rebuild workload
 * grown to N events. The appends add to that cached log; its bench_log_info table
 * counts them as extra events, and they are in streams of their own.
 */

export const growthWorkload: WorkloadDefinition = {
  name: 'growth',
  title: 'Append latency on an empty store and on a large one',
  description:
    'Closed-loop appends of one CheckedIn event each, every append starting a new stream (expected version no_stream), with ' +
    'the append workload\'s writers, pool size, warm-up and measured seconds. The empty variant appends to a freshly ' +
    'migrated database; the large variant to the rebuild workload\'s generated log (cached and reused), whose events, ' +
    'stream heads and indexes no longer fit in shared_buffers.',
  variants: (settings) => [
    { name: 'empty', description: 'a freshly migrated database with no events' },
    { name: `events-${settings.growth.events}`, description: `the generated log of ${settings.growth.events.toLocaleString('en-US')} events and more, from earlier growth trials` },
  ],
  metrics: [
    { key: 'eventsPerSecond', label: 'events/s', decimals: 0 },
    { key: 'p50Ms', label: 'p50 ms', decimals: 2 },
    { key: 'p90Ms', label: 'p90 ms', decimals: 2 },
    { key: 'p99Ms', label: 'p99 ms', decimals: 2 },
    { key: 'storedBefore', label: 'events stored before', decimals: 0 },
  ],
  throughputMetric: 'eventsPerSecond',
  systems: ['fleksi'],
  describeSettings: (settings) => ({
    writers: settings.append.concurrency,
    'pool size': settings.append.concurrency,
    'warm-up s': settings.append.warmupSeconds,
    'measured s': settings.append.durationSeconds,
    'log employees': settings.growth.employees,
  }),
  trialTimeoutMs: (settings) => 3_600_000 + settings.growth.events * 2,
  runTrial: runGrowthTrial,
  renderNotes: renderGrowthNotes,
};

export async function runGrowthTrial(spec: TrialSpec): Promise<TrialResult> {
  const settings = spec.settings;
  const large = spec.variant === `events-${settings.growth.events}`;
  if (!large && spec.variant !== 'empty') {
    throw new Error(`unknown growth variant ${JSON.stringify(spec.variant)}; expected empty or events-${settings.growth.events}`);
  }
  const log = large
    ? await openEventLog(spec.adminUrl, { events: settings.growth.events, employees: settings.growth.employees, keep: !settings.smoke }, (line) => process.stderr.write(`  ${line}\n`))
    : undefined;
  const fresh = log === undefined ? await createFreshDatabase(spec.adminUrl, 'growth') : undefined;
  const url = log?.url ?? fresh?.url ?? '';

  try {
    await assertDurableCommits(url);
    const { store, pool, close } = await openFleksiStore(url, settings.append.concurrency);
    try {
      const before = await pool.query<{ events: string; last: string | null }>('SELECT count(*) AS events, max(global_position) AS last FROM events');
      const storedBefore = Number(before.rows[0]?.events);
      const lastBefore = before.rows[0]?.last ?? '0';
      // A new prefix per trial, because the large log keeps the streams of earlier trials.
      const prefix = `growth-${randomBytes(4).toString('hex')}`;
      const loop = await runClosedLoop({
        concurrency: settings.append.concurrency,
        warmupMs: settings.append.warmupSeconds * 1000,
        durationMs: settings.append.durationSeconds * 1000,
        operation: async (writer, sequence) => {
          await store.appendToStream(`${prefix}-w${writer}s${sequence}`, [checkInEvent(writer, sequence)], { expectedVersion: 'no_stream' });
          return { conflicts: 0, abandoned: false };
        },
      });
      const after = await pool.query<{ events: string }>('SELECT count(*) AS events FROM events WHERE global_position > $1', [lastBefore]);
      const appended = Number(after.rows[0]?.events);
      await log?.recordExtraEvents(appended);

      return {
        spec: publicSpec(spec),
        metrics: {
          eventsPerSecond: loop.operationsPerSecond,
          p50Ms: loop.latency.p50Ms,
          p90Ms: loop.latency.p90Ms,
          p99Ms: loop.latency.p99Ms,
          maxMs: loop.latency.maxMs,
          storedBefore,
        },
        checks: [
          check('appends completed', loop.error === undefined, loop.error ?? 'no append failed'),
          check('throughput above zero', loop.measuredOperations > 0, `${loop.measuredOperations} appends in the measured window`),
          check('every append stored', appended === loop.completedOperations, `${loop.completedOperations} appends acknowledged, ${appended} events stored`),
        ],
        details: {
          database: log?.database ?? fresh?.name,
          logReused: log?.reused ?? null,
          logCopiedFrom: log?.copiedFrom ?? null,
          logBuildSeconds: log?.buildSeconds ?? 0,
          acknowledgedAppends: loop.completedOperations,
          latencySamples: loop.latency.count,
        },
      };
    } finally {
      await close();
    }
  } finally {
    await fresh?.drop();
    await log?.release();
  }
}

/** Compares the large store's latency with the empty one's. */
function renderGrowthNotes(report: WorkloadReport): string[] {
  const empty = report.rows.find((row) => row.variant === 'empty');
  const large = report.rows.find((row) => row.variant !== 'empty');
  const ratio = (key: string): string => {
    const top = large?.metrics[key]?.median;
    const bottom = empty?.metrics[key]?.median;
    return top === undefined || bottom === undefined || bottom === 0 ? 'n/a' : formatNumber(top / bottom, 2);
  };
  if (empty === undefined || large === undefined) {
    return [];
  }
  return [
    `Large store against empty store (medians): p50 × ${ratio('p50Ms')}, p99 × ${ratio('p99Ms')}, events per second × ${ratio('eventsPerSecond')}.`,
  ];
}
