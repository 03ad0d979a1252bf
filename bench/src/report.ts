import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { formatNumber, type WorkloadReport } from './runner.ts';
import type { Summary } from './stats.ts';
import { SYSTEM_LABELS } from './trial.ts';
import { WORKLOADS } from './workloads/index.ts';

/** A 1-minute load average above this share of the cores marks a run as noisy. */
const NOISY_LOAD_PER_CORE = 0.5;

/** Writes `<outDir>/<workload>.json`. */
export async function writeWorkloadReport(outDir: string, report: WorkloadReport): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, `${report.workload}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/**
 * Rewrites `<outDir>/summary.md` from every workload JSON file in `outDir`, so a run
 * of one workload keeps the sections of the others from earlier runs.
 */
export async function writeSummary(outDir: string): Promise<string> {
  const reports: WorkloadReport[] = [];
  const files = new Set(await readdir(outDir));
  for (const workload of WORKLOADS) {
    const file = `${workload.name}.json`;
    if (files.has(file)) {
      reports.push(JSON.parse(await readFile(path.join(outDir, file), 'utf8')) as WorkloadReport);
    }
  }
  const target = path.join(outDir, 'summary.md');
  await writeFile(target, renderSummary(reports));
  return target;
}

export function renderSummary(reports: readonly WorkloadReport[]): string {
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/src/run.ts). Each figure is the median over the repeats of one run,',
    'with the minimum and maximum in brackets. Each ratio between systems is computed per repeat from',
    'trials of that same run and then summarised the same way; above 1 means Fleksi is faster.',
    'docs/benchmarks.md explains the workloads.',
    '',
  ];
  for (const report of reports) {
    lines.push(...renderSection(report), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function renderSection(report: WorkloadReport): string[] {
  const { machine } = report;
  const pg = machine.postgres;
  const noisy = isNoisy(report);
  const lines = [
    `## ${report.workload}: ${report.title}`,
    '',
    `Run ${report.startedAt} to ${report.finishedAt}; ${report.repeats} repeat(s)` +
      `${report.smoke ? '; SMOKE run (tiny sizes, figures meaningless)' : ''}` +
      `${report.isolation === 'in-process' ? '; trials ran in one process' : ''}` +
      `; checks ${report.passed ? 'passed' : 'FAILED'}.`,
  ];
  if (noisy) {
    lines.push(
      '',
      `NOTE: the 1-minute load average was ${machine.loadAverageAtStart} on ${machine.logicalCores} cores before the first ` +
        'trial, so other work shared the machine and these figures are noisy.',
    );
  }
  lines.push(
    '',
    report.description,
    '',
    '| setting | value |',
    '| --- | --- |',
    `| CPU | ${machine.cpuModel}, ${machine.logicalCores} logical cores |`,
    `| memory | ${machine.memoryGiB} GiB |`,
    `| OS | ${machine.platform} |`,
    `| Node.js | ${machine.nodeVersion} |`,
    `| PostgreSQL | ${pg.serverVersion} (${pg.origin}), same server for every system |`,
    `| synchronous_commit / fsync / full_page_writes | ${pg.synchronousCommit} / ${pg.fsync} / ${pg.fullPageWrites} |`,
    `| wal_sync_method / shared_buffers / max_connections | ${pg.walSyncMethod} / ${pg.sharedBuffers} / ${pg.maxConnections} |`,
    `| load average (1 min) before / after the trials (after includes the benchmark) | ${machine.loadAverageAtStart} / ${String(machine.loadAverageAtEnd)} |`,
    ...Object.entries(report.settings).map(([name, value]) => `| ${name} | ${value} |`),
    '',
    ...report.variants.map((variant) => `- \`${variant.name}\`: ${variant.description}.`),
    '',
    `| variant | system | ${report.metrics.map((metric) => metric.label).join(' | ')} |`,
    `| --- | --- | ${report.metrics.map(() => '---:').join(' | ')} |`,
  );
  for (const row of report.rows) {
    const cells = report.metrics.map((metric) => formatSummary(row.metrics[metric.key], metric.decimals));
    lines.push(`| ${row.variant} | ${SYSTEM_LABELS[row.system]} | ${cells.join(' | ')} |`);
  }

  if (report.ratios.length > 0) {
    lines.push('', '| variant | ratio | throughput ratio |', '| --- | --- | ---: |');
    for (const ratio of report.ratios) {
      lines.push(`| ${ratio.variant} | ${ratio.numerator} / ${ratio.denominator} | ${formatSummary(ratio.ratio, 2)} |`);
    }
  }
  const notes = WORKLOADS.find((workload) => workload.name === report.workload)?.renderNotes?.(report) ?? [];
  if (notes.length > 0) {
    lines.push('', ...notes);
  }
  if (report.failures.length > 0) {
    lines.push('', 'Failed checks:', '', ...report.failures.map((failure) => `- ${failure}`));
  }
  return lines;
}

export function formatSummary(summary: Summary | undefined, decimals: number): string {
  if (summary === undefined) {
    return 'n/a';
  }
  if (summary.samples.length === 1) {
    return formatNumber(summary.median, decimals);
  }
  return `${formatNumber(summary.median, decimals)} (${formatNumber(summary.min, decimals)}–${formatNumber(summary.max, decimals)})`;
}

/** Judged by the load before the first trial, because later readings include the benchmark's own load. */
function isNoisy(report: WorkloadReport): boolean {
  const { machine } = report;
  return machine.loadAverageAtStart > machine.logicalCores * NOISY_LOAD_PER_CORE;
}
