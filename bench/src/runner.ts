import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describeError } from './closed-loop.ts';
import { describeMachine, roundedLoad, type MachineInfo } from './machine.ts';
import { readServerSettings } from './postgres.ts';
import type { BenchSettings } from './settings.ts';
import { summarise, type Summary } from './stats.ts';
import { failedTrial, SYSTEM_LABELS, SYSTEMS, type SystemName, type TrialResult, type TrialSpec } from './trial.ts';
import type { MetricDefinition, VariantDefinition, WorkloadDefinition } from './workloads/workload.ts';

/**
 * `process` runs every trial in a fresh child process, as the CLI does.
 * `in-process` runs them in the caller. That is quicker, but one system's global
 * state (Emmett's node-postgres type parsers) leaks into the next, so its figures
 * are only good for checking that the harness works.
 */
export type Isolation = 'process' | 'in-process';

export interface RunContext {
  readonly adminUrl: string;
  /** Origin of the server: environment, testcontainers or embedded. */
  readonly serverOrigin: string;
  readonly isolation: Isolation;
  /** Only these variants; all when undefined. */
  readonly variants?: readonly string[];
  /**
   * 1-minute load average taken before the run started anything; defaults to the
   * current one. A later reading would include the previous workload's own load.
   */
  readonly loadAverageBeforeRun?: number;
  /** Aborting kills the running trial and stops the run. */
  readonly signal?: AbortSignal;
  readonly log: (line: string) => void;
}

export interface ReportRow {
  readonly variant: string;
  readonly system: SystemName;
  readonly metrics: Record<string, Summary>;
}

/** A throughput ratio between two systems, computed per repeat and then summarised. */
export interface RatioRow {
  readonly variant: string;
  readonly numerator: SystemName;
  readonly denominator: SystemName;
  readonly metric: string;
  readonly ratio: Summary;
}

export interface WorkloadReport {
  readonly workload: string;
  readonly title: string;
  readonly description: string;
  readonly smoke: boolean;
  readonly isolation: Isolation;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: MachineInfo;
  readonly repeats: number;
  readonly settings: Record<string, number | string>;
  readonly systems: readonly { readonly name: SystemName; readonly label: string }[];
  readonly variants: readonly VariantDefinition[];
  readonly metrics: readonly MetricDefinition[];
  readonly rows: readonly ReportRow[];
  readonly ratios: readonly RatioRow[];
  readonly passed: boolean;
  /** One line per failed check, naming the trial. */
  readonly failures: readonly string[];
  readonly trials: readonly TrialResult[];
}

const CHILD_ENTRY = fileURLToPath(new URL('./trial-child.ts', import.meta.url));

/** Ratios reported for every variant: Fleksi against each other system. */
const RATIO_PAIRS: readonly (readonly [SystemName, SystemName])[] = [
  ['fleksi', 'emmett'],
  ['fleksi', 'ceiling'],
];

/**
 * Measures every (variant, system) pair `settings.repeats` times. Within a repeat
 * the systems take turns in an order that rotates from one repeat to the next, so a
 * drift in machine load does not always hit the same system.
 */
export async function runWorkload(workload: WorkloadDefinition, settings: BenchSettings, context: RunContext): Promise<WorkloadReport> {
  const startedAt = new Date().toISOString();
  const server = await readServerSettings(context.adminUrl);
  const machine = describeMachine({ ...server, origin: context.serverOrigin }, context.loadAverageBeforeRun);
  const variants = selectVariants(workload, settings, context.variants);
  const systems = workload.systems ?? SYSTEMS;
  const repeats = settings.repeatsGiven ? settings.repeats : (workload.defaultRepeats ?? settings.repeats);
  const runSettings: BenchSettings = { ...settings, repeats };

  const trials: TrialResult[] = [];
  for (let repeat = 0; repeat < repeats; repeat += 1) {
    for (const variant of variants) {
      for (const system of rotate(systems, repeat)) {
        context.signal?.throwIfAborted();
        const spec: TrialSpec = { workload: workload.name, variant: variant.name, system, repeat, adminUrl: context.adminUrl, settings: runSettings };
        const result =
          context.isolation === 'process'
            ? await runTrialInChild(spec, workload.trialTimeoutMs(settings), context.signal)
            : await runTrialHere(workload, spec);
        trials.push(result);
        context.log(describeTrial(workload, runSettings, result));
      }
    }
  }

  machine.loadAverageAtEnd = roundedLoad();
  const failures = trials.flatMap((trial) =>
    trial.checks
      .filter((trialCheck) => !trialCheck.passed)
      .map((trialCheck) => `${trialName(trial)}: ${trialCheck.name}: ${trialCheck.detail}`),
  );

  return {
    workload: workload.name,
    title: workload.title,
    description: workload.description,
    smoke: settings.smoke,
    isolation: context.isolation,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine,
    repeats,
    settings: workload.describeSettings(settings),
    systems: systems.map((name) => ({ name, label: SYSTEM_LABELS[name] })),
    variants,
    metrics: workload.metrics,
    rows: summariseRows(variants, systems, trials),
    ratios: summariseRatios(workload, variants, trials),
    passed: failures.length === 0,
    failures,
    trials,
  };
}

function selectVariants(
  workload: WorkloadDefinition,
  settings: BenchSettings,
  wanted: readonly string[] | undefined,
): readonly VariantDefinition[] {
  const all = workload.variants(settings);
  if (wanted === undefined) {
    return all;
  }
  const selected = all.filter((variant) => wanted.includes(variant.name));
  if (selected.length === 0) {
    throw new Error(
      `workload ${workload.name} has no variant named ${wanted.join(' or ')}; its variants are ${all.map((variant) => variant.name).join(', ')}`,
    );
  }
  return selected;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  if (items.length === 0) {
    return [];
  }
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

async function runTrialHere(workload: WorkloadDefinition, spec: TrialSpec): Promise<TrialResult> {
  try {
    return await workload.runTrial(spec);
  } catch (error) {
    return failedTrial(spec, describeError(error));
  }
}

/** Runs one trial in a child process and kills it after `timeoutMs`. */
function runTrialInChild(spec: TrialSpec, timeoutMs: number, signal: AbortSignal | undefined): Promise<TrialResult> {
  return new Promise((resolve) => {
    const child = fork(CHILD_ENTRY, [], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      ...(signal === undefined ? {} : { signal }),
    });
    let settled = false;
    const settle = (result: TrialResult): void => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(result);
      }
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(failedTrial(spec, `trial timed out after ${Math.round(timeoutMs / 1000)} s; its database may be left on the server`));
    }, timeoutMs);

    child.once('message', (message) => settle(message as TrialResult));
    child.once('error', (error) => settle(failedTrial(spec, `trial process failed: ${describeError(error)}`)));
    child.once('exit', (code, exitSignal) =>
      settle(failedTrial(spec, `trial process exited (code ${String(code)}, signal ${String(exitSignal)}) before reporting`)),
    );
    child.send(spec);
  });
}

function trialName(trial: TrialResult): string {
  return `${trial.spec.workload} ${trial.spec.variant} ${trial.spec.system} repeat ${trial.spec.repeat + 1}`;
}

function describeTrial(workload: WorkloadDefinition, settings: BenchSettings, trial: TrialResult): string {
  const prefix = `${trial.spec.workload} ${trial.spec.variant} ${trial.spec.system} (repeat ${trial.spec.repeat + 1}/${settings.repeats})`;
  if (trial.error !== undefined) {
    return `${prefix}: failed: ${trial.error}`;
  }
  const figures = workload.metrics
    .map((metric) => `${metric.label} ${formatNumber(trial.metrics[metric.key], metric.decimals)}`)
    .join(', ');
  const failed = trial.checks.filter((trialCheck) => !trialCheck.passed).map((trialCheck) => trialCheck.name);
  return failed.length === 0 ? `${prefix}: ${figures}` : `${prefix}: ${figures}; FAILED checks: ${failed.join(', ')}`;
}

function summariseRows(variants: readonly VariantDefinition[], systems: readonly SystemName[], trials: readonly TrialResult[]): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const variant of variants) {
    for (const system of systems) {
      const matching = trials.filter((trial) => trial.spec.variant === variant.name && trial.spec.system === system && trial.error === undefined);
      if (matching.length === 0) {
        continue;
      }
      const metrics: Record<string, Summary> = {};
      for (const key of new Set(matching.flatMap((trial) => Object.keys(trial.metrics)))) {
        metrics[key] = summarise(matching.map((trial) => trial.metrics[key] ?? Number.NaN));
      }
      rows.push({ variant: variant.name, system, metrics });
    }
  }
  return rows;
}

function summariseRatios(workload: WorkloadDefinition, variants: readonly VariantDefinition[], trials: readonly TrialResult[]): RatioRow[] {
  const metric = workload.throughputMetric;
  const valueOf = (variant: string, system: SystemName, repeat: number): number | undefined => {
    const trial = trials.find((candidate) => candidate.spec.variant === variant && candidate.spec.system === system && candidate.spec.repeat === repeat);
    const value = trial?.error === undefined ? trial?.metrics[metric] : undefined;
    return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
  };

  const ratios: RatioRow[] = [];
  const repeats = new Set(trials.map((trial) => trial.spec.repeat));
  for (const variant of variants) {
    for (const [numerator, denominator] of RATIO_PAIRS) {
      const samples: number[] = [];
      for (const repeat of repeats) {
        const top = valueOf(variant.name, numerator, repeat);
        const bottom = valueOf(variant.name, denominator, repeat);
        if (top !== undefined && bottom !== undefined) {
          samples.push(top / bottom);
        }
      }
      if (samples.length > 0) {
        ratios.push({ variant: variant.name, numerator, denominator, metric, ratio: summarise(samples) });
      }
    }
  }
  return ratios;
}

export function formatNumber(value: number | undefined, decimals: number): string {
  if (value === undefined || !Number.isFinite(value)) {
    return 'n/a';
  }
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
