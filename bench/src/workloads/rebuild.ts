import { performance } from 'node:perf_hooks';

import { compareLogPositions, createFleksiEventRegistry, START_OF_LOG, type LogPosition } from '@fleksi/contracts';
import { PostgresEventStore } from '@fleksi/event-store';
import { createPool, migrate } from '@fleksi/postgres';
import { ALL_PROJECTIONS, createGeneration, listGenerations, quoteIdentifier, rebuildProjection, type Projection } from '@fleksi/read-models';
import type pg from 'pg';

import { openEventLog } from '../event-log/cache.ts';
import { formatNumber, type WorkloadReport } from '../runner.ts';
import { linearFit } from '../stats.ts';
import { check, publicSpec, type TrialCheck, type TrialResult, type TrialSpec } from '../trial.ts';
import type { WorkloadDefinition } from './workload.ts';

/*
 * Each trial takes a generated event log of N events (cached between trials and,
 * on a kept server, between runs), reads it once from the start as a warm-up, times
 * one more plain read of the whole global log with readAll, then times a rebuild of
 * every projection from scratch with rebuildProjection, the path of
 * `npx fleksi projections rebuild`: a new generation beside an (empty) live one,
 * filled from the start of the log and switched live at the head. Both use the same
 * batch size, store and connection pool.
 */

/** The rebuild should reach at least this share of the plain read's speed. */
export const REBUILD_TO_READ_GOAL = 0.25;

export const rebuildWorkload: WorkloadDefinition = {
  name: 'rebuild',
  title: 'Rebuilding every projection from the event log',
  description:
    'A regency of civil servants is registered through the HTTP API, then its workdays are played through the product\'s ' +
    'deciders (check-in, check-out, daily report and its review, WFA days, sick leave, workday closing) and stored as ' +
    'events. After a warm-up read, one trial times a plain read of the whole log (readAll in batches) and a rebuild of ' +
    'every projection from scratch on the same log, as `npx fleksi projections rebuild` does it: a new generation beside ' +
    'the live one, filled from the start of the log with the same batch size and switched live at the head. Events per ' +
    'second divide the log\'s events, relevant or not, by the elapsed time.',
  variants: (settings) =>
    [...settings.rebuild.sizes]
      .sort((left, right) => left - right)
      .map((size) => ({ name: `events-${size}`, description: `a log of ${size.toLocaleString('en-US')} events, ${settings.rebuild.employees} employees` })),
  metrics: [
    { key: 'rebuildEventsPerSecond', label: 'rebuild events/s', decimals: 0 },
    { key: 'readEventsPerSecond', label: 'readAll events/s', decimals: 0 },
    { key: 'rebuildToRead', label: 'rebuild / read', decimals: 3 },
    { key: 'rebuildSeconds', label: 'rebuild s', decimals: 1 },
    { key: 'readSeconds', label: 'read s', decimals: 1 },
  ],
  throughputMetric: 'rebuildEventsPerSecond',
  systems: ['fleksi'],
  defaultRepeats: 1,
  describeSettings: (settings) => ({
    'log sizes (events)': settings.rebuild.sizes.join(', '),
    employees: settings.rebuild.employees,
    'batch size (readAll and catchUp)': settings.rebuild.batchSize,
    projections: ALL_PROJECTIONS.map((projection) => `${projection.name} v${projection.version}`).join(', '),
  }),
  // Building a log takes up to about 1 ms per event on a loaded 2-core machine, and
  // the rebuild about as long again.
  trialTimeoutMs: (settings) => 1_800_000 + Math.max(...settings.rebuild.sizes) * 2,
  runTrial: runRebuildTrial,
  renderNotes: renderRebuildNotes,
};

export async function runRebuildTrial(spec: TrialSpec): Promise<TrialResult> {
  const size = Number(spec.variant.replace(/^events-/, ''));
  if (!Number.isSafeInteger(size) || size <= 0) {
    throw new Error(`unknown rebuild variant ${JSON.stringify(spec.variant)}; expected events-<count>`);
  }
  const settings = spec.settings.rebuild;
  const log = await openEventLog(spec.adminUrl, { events: size, employees: settings.employees, keep: !spec.settings.smoke }, (line) => process.stderr.write(`  ${line}\n`));
  const pool = createPool(log.url, { max: 4, applicationName: 'fleksi-bench-rebuild' });
  pool.on('error', () => undefined);
  try {
    await migrate(pool);
    const store = new PostgresEventStore(pool, { registry: createFleksiEventRegistry() });
    await dropGenerations(pool, ALL_PROJECTIONS);
    const stored = await countEvents(pool, ALL_PROJECTIONS);

    const warmup = await readWholeLog(store, settings.batchSize);
    const read = await readWholeLog(store, settings.batchSize);

    // An empty live generation, so the rebuild builds beside it as on a running server.
    for (const projection of ALL_PROJECTIONS) {
      await createGeneration(pool, projection);
    }
    const rebuildStarted = performance.now();
    let applied = 0;
    const generations: { projection: Projection; schema: string; generation: number }[] = [];
    for (const projection of ALL_PROJECTIONS) {
      const generation = await rebuildProjection(pool, store, projection, { batchSize: settings.batchSize });
      generations.push({ projection, schema: generation.schema, generation: generation.generation });
      applied += generation.eventsApplied;
    }
    const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;

    const checks = await checkRebuild(pool, store, { stored, warmup, read, applied, generations });
    const rebuildEventsPerSecond = stored.all / rebuildSeconds;
    const readEventsPerSecond = read.events / read.seconds;
    await dropGenerations(pool, ALL_PROJECTIONS);

    return {
      spec: publicSpec(spec),
      metrics: {
        rebuildEventsPerSecond,
        readEventsPerSecond,
        rebuildToRead: rebuildEventsPerSecond / readEventsPerSecond,
        rebuildSeconds,
        readSeconds: read.seconds,
        events: stored.all,
      },
      checks,
      details: {
        database: log.database,
        logReused: log.reused,
        logCopiedFrom: log.copiedFrom,
        logBuildSeconds: log.buildSeconds,
        setupEvents: log.setupEvents,
        generatedEvents: log.generatedEvents,
        extraEvents: log.extraEvents,
        relevantEvents: stored.relevant,
        eventsApplied: applied,
        warmupReadSeconds: warmup.seconds,
        databaseBytes: await databaseBytes(pool),
      },
    };
  } finally {
    await pool.end();
    await log.release();
  }
}

interface WholeLogRead {
  readonly events: number;
  readonly seconds: number;
  readonly last: LogPosition;
  readonly inOrder: boolean;
}

/** Reads the global log from its start in batches, as catchUp does, and times it. */
async function readWholeLog(store: PostgresEventStore, batchSize: number): Promise<WholeLogRead> {
  const started = performance.now();
  let after: LogPosition = START_OF_LOG;
  let events = 0;
  let inOrder = true;
  for (;;) {
    const batch = await store.readAll({ after, maxCount: batchSize });
    for (const event of batch) {
      inOrder &&= compareLogPositions(event.position, after) > 0;
      after = event.position;
    }
    events += batch.length;
    if (batch.length < batchSize) {
      break;
    }
  }
  return { events, seconds: (performance.now() - started) / 1000, last: after, inOrder };
}

async function countEvents(pool: pg.Pool, projections: readonly Projection[]): Promise<{ all: number; relevant: number; closedDays: number }> {
  const types = [...new Set(projections.flatMap((projection) => [...projection.eventTypes]))];
  const result = await pool.query<{ all: string; relevant: string; closed_days: string }>(
    `SELECT count(*) AS all, count(*) FILTER (WHERE event_type = ANY($1::text[])) AS relevant,
            count(*) FILTER (WHERE event_type = 'WorkdayClosed') AS closed_days
     FROM events`,
    [types],
  );
  const row = result.rows[0];
  return { all: Number(row?.all), relevant: Number(row?.relevant), closedDays: Number(row?.closed_days) };
}

async function checkRebuild(
  pool: pg.Pool,
  store: PostgresEventStore,
  input: {
    stored: { all: number; relevant: number; closedDays: number };
    warmup: WholeLogRead;
    read: WholeLogRead;
    applied: number;
    generations: readonly { projection: Projection; schema: string; generation: number }[];
  },
): Promise<TrialCheck[]> {
  const { stored, read, applied } = input;
  const head = await store.headPosition();
  const checks: TrialCheck[] = [
    check('whole log read', read.events === stored.all && input.warmup.events === stored.all, `${read.events} events read, ${stored.all} stored`),
    check('log order kept', read.inOrder, read.inOrder ? 'positions strictly increasing' : 'a position went backwards'),
    check('every relevant event applied', applied === stored.relevant, `${applied} events applied, ${stored.relevant} of a handled type stored`),
  ];
  for (const { projection, generation } of input.generations) {
    const current = (await listGenerations(pool, projection.name)).find((candidate) => candidate.generation === generation);
    const caughtUp = current !== undefined && head !== undefined && compareLogPositions(current.position, head) >= 0;
    checks.push(
      check(`${projection.name} reached the log head`, caughtUp, `checkpoint ${String(current?.position.commit)}-${String(current?.position.prepare)}`),
      check(`${projection.name} rebuilt generation is live`, current?.status === 'active', `generation ${generation} is ${String(current?.status)}`),
    );
  }

  const workdays = input.generations.find((generation) => generation.projection.name === 'workdays');
  if (workdays !== undefined) {
    const schema = quoteIdentifier(workdays.schema);
    const rows = await pool.query<{ attendance: string; employees: string; trial_days: string }>(
      `SELECT (SELECT count(*) FROM ${schema}.daily_attendance) AS attendance, (SELECT count(*) FROM ${schema}.employees) AS employees,
              (SELECT count(*) FROM ${schema}.trial_days) AS trial_days`,
    );
    const row = rows.rows[0];
    const expected = Number(row?.employees) * stored.closedDays;
    checks.push(
      check(
        'a daily attendance row per employee and closed day',
        Number(row?.attendance) >= expected && expected > 0,
        `${String(row?.attendance)} rows, at least ${expected} expected (${String(row?.employees)} employees × ${stored.closedDays} closed days)`,
      ),
      check('trial days labelled', Number(row?.trial_days) > 0, `${String(row?.trial_days)} trial_days rows`),
    );
  }
  return checks;
}

/** Removes every generation of the projections, so the cached log stays as generated. */
async function dropGenerations(pool: pg.Pool, projections: readonly Projection[]): Promise<void> {
  for (const projection of projections) {
    for (const generation of await listGenerations(pool, projection.name)) {
      await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(generation.schema)} CASCADE`);
    }
    await pool.query('DELETE FROM projection_generations WHERE projection = $1', [projection.name]);
  }
}

async function databaseBytes(pool: pg.Pool): Promise<number> {
  const result = await pool.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
  return Number(result.rows[0]?.bytes);
}

/** The rebuild goal per size, and a straight-line fit of rebuild time against log size. */
function renderRebuildNotes(report: WorkloadReport): string[] {
  const points = report.rows
    .map((row) => ({ events: row.metrics['events']?.median, seconds: row.metrics['rebuildSeconds']?.median, ratio: row.metrics['rebuildToRead']?.median }))
    .filter((point): point is { events: number; seconds: number; ratio: number } => point.events !== undefined && point.seconds !== undefined && point.ratio !== undefined);
  if (points.length === 0) {
    return [];
  }
  const lines = [`Goal: rebuild at least ${REBUILD_TO_READ_GOAL} of the plain read's speed (medians).`, ''];
  for (const point of points) {
    const verdict = point.ratio >= REBUILD_TO_READ_GOAL ? 'holds' : 'FAILS';
    lines.push(
      `- ${formatNumber(point.events, 0)} events: rebuild / read = ${formatNumber(point.ratio, 3)}, goal ${verdict}; ` +
        `${formatNumber((point.seconds / point.events) * 1e6, 1)} s per million events.`,
    );
  }
  if (points.length >= 2) {
    const fit = linearFit(points.map((point) => ({ x: point.events / 1e6, y: point.seconds })));
    lines.push(
      '',
      `Straight-line fit of rebuild time against log size: ${formatNumber(fit.intercept, 1)} s + ` +
        `${formatNumber(fit.slope, 1)} s per million events, R² ${formatNumber(fit.r2, 4)}.`,
    );
  }
  return lines;
}
