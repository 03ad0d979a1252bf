import '@fleksi/test-support';

import { describe, expect, inject, it } from 'vitest';

import { renderSummary } from '../src/report.ts';
import { runWorkload, type RunContext, type WorkloadReport } from '../src/runner.ts';
import { SMOKE_SETTINGS, type BenchSettings } from '../src/settings.ts';
import { SYSTEMS } from '../src/trial.ts';
import { appendWorkload } from '../src/workloads/append.ts';
import { readBackWorkload } from '../src/workloads/read-back.ts';
import type { WorkloadDefinition } from '../src/workloads/workload.ts';

function context(isolation: RunContext['isolation']): RunContext {
  return { adminUrl: inject('pgAdminUrl'), serverOrigin: 'vitest', isolation, log: () => undefined };
}

function expectSaneReport(report: WorkloadReport, workload: WorkloadDefinition, settings: BenchSettings): void {
  expect(report.failures).toEqual([]);
  expect(report.passed).toBe(true);
  expect(report.machine.postgres.synchronousCommit).toBe('on');

  const variants = workload.variants(settings);
  expect(report.rows).toHaveLength(variants.length * SYSTEMS.length);
  for (const row of report.rows) {
    expect(row.metrics[workload.throughputMetric]?.median, `${row.variant} ${row.system}`).toBeGreaterThan(0);
  }
  // Fleksi against Emmett and against the ceiling, for every variant.
  expect(report.ratios).toHaveLength(variants.length * 2);
}

describe('benchmark smoke run', () => {
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

  it('runs trials in child processes', async () => {
    const settings: BenchSettings = { ...SMOKE_SETTINGS, readBack: { ...SMOKE_SETTINGS.readBack, events: 2_000 } };
    const report = await runWorkload(readBackWorkload, settings, context('process'));
    expectSaneReport(report, readBackWorkload, settings);
  });
});
