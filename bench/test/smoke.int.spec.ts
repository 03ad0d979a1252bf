import '@fleksi/test-support';

import { describe, expect, inject, it } from 'vitest';

import { renderSummary } from '../src/report.ts';
import { runWorkload, type RunContext, type WorkloadReport } from '../src/runner.ts';
import { SMOKE_SETTINGS, type BenchSettings } from '../src/settings.ts';
import { SYSTEMS } from '../src/trial.ts';
import { appendWorkload } from '../src/workloads/append.ts';
import { commandWorkload } from '../src/workloads/command.ts';
import { evaluationWorkload } from '../src/workloads/evaluation.ts';
import { growthWorkload } from '../src/workloads/growth.ts';
import { readBackWorkload } from '../src/workloads/read-back.ts';
import { rebuildWorkload } from '../src/workloads/rebuild.ts';
import type { WorkloadDefinition } from '../src/workloads/workload.ts';

function context(isolation: RunContext['isolation'], variants?: readonly string[]): RunContext {
  return { adminUrl: inject('pgAdminUrl'), serverOrigin: 'vitest', isolation, log: () => undefined, ...(variants === undefined ? {} : { variants }) };
}

function expectSaneReport(report: WorkloadReport, workload: WorkloadDefinition, settings: BenchSettings, variantCount = workload.variants(settings).length): void {
  expect(report.failures).toEqual([]);
  expect(report.passed).toBe(true);
  expect(report.machine.postgres.synchronousCommit).toBe('on');

  const systems = workload.systems ?? SYSTEMS;
  expect(report.rows).toHaveLength(variantCount * systems.length);
  for (const row of report.rows) {
    expect(row.metrics[workload.throughputMetric]?.median, `${row.variant} ${row.system}`).toBeGreaterThan(0);
  }
  // Fleksi against Emmett and against the ceiling, for every variant, where both run.
  expect(report.ratios).toHaveLength(systems.length === SYSTEMS.length ? variantCount * 2 : 0);
}

/** Even smaller than --smoke, so this file stays near a minute on a 2-core machine. */
const TINY: BenchSettings = {
  ...SMOKE_SETTINGS,
  command: { ...SMOKE_SETTINGS.command, employees: 20, warmupSeconds: 0.3, durationSeconds: 1 },
  rebuild: { ...SMOKE_SETTINGS.rebuild, sizes: [2_500], employees: 20 },
  evaluation: { ...SMOKE_SETTINGS.evaluation, employees: 30 },
  growth: { ...SMOKE_SETTINGS.growth, events: 2_500, employees: 20 },
};

describe('benchmark smoke run', () => {
  // Workloads without Emmett come first. The append and read-back trials load Emmett
  // in this process, and its global type parsers then turn numeric strings in jsonb,
  // such as NIPs, into BigInt for every later trial of the process.
  it('command workload accepts every check-in', async () => {
    const report = await runWorkload(commandWorkload, TINY, context('in-process'));
    expectSaneReport(report, commandWorkload, TINY);
    const rate = report.trials.find((trial) => trial.spec.variant === `rate-${TINY.command.rate}`);
    expect(rate?.metrics['achievedShare']).toBeGreaterThan(0.5);
    expect(renderSummary([report])).toContain('Goal: p99 of CheckIn below 50 ms');
  });

  it('rebuild workload applies the whole log', async () => {
    const report = await runWorkload(rebuildWorkload, TINY, context('in-process'));
    expectSaneReport(report, rebuildWorkload, TINY);
    expect(report.trials[0]?.metrics['events']).toBe(2_500);
    expect(report.trials[0]?.metrics['rebuildToRead']).toBeGreaterThan(0);
  });

  it('growth workload appends to the generated log', async () => {
    const report = await runWorkload(growthWorkload, TINY, context('in-process', [`events-${TINY.growth.events}`]));
    expectSaneReport(report, growthWorkload, TINY, 1);
    expect(report.trials[0]?.metrics['storedBefore']).toBeGreaterThanOrEqual(2_500);
  });

  it('evaluation workload answers over HTTP as in process', async () => {
    const report = await runWorkload(evaluationWorkload, TINY, context('in-process'));
    expectSaneReport(report, evaluationWorkload, TINY);
    expect(report.trials[0]?.metrics['estimates']).toBeGreaterThan(0);
  });

  it('runs trials in child processes', async () => {
    const report = await runWorkload(growthWorkload, TINY, context('process', ['empty']));
    expectSaneReport(report, growthWorkload, TINY, 1);
  });

  it('append workload passes its checks', async () => {
    const report = await runWorkload(appendWorkload, SMOKE_SETTINGS, context('in-process'));
    expectSaneReport(report, appendWorkload, SMOKE_SETTINGS);

    const summary = renderSummary([report]);
    expect(summary).toContain('| variant | system | events/s | p50 ms | p99 ms | retries/append |');
    expect(summary).toContain('| contended-exact | Fleksi (PostgresEventStore) |');
  });

  it('read-back workload passes its checks', async () => {
    const report = await runWorkload(readBackWorkload, SMOKE_SETTINGS, context('in-process'));
    expectSaneReport(report, readBackWorkload, SMOKE_SETTINGS);
    for (const trial of report.trials) {
      expect(trial.details['eventsRead']).toBe(SMOKE_SETTINGS.readBack.events);
    }
  });
});
