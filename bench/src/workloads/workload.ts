import type { WorkloadReport } from '../runner.ts';
import type { BenchSettings } from '../settings.ts';
import type { SystemName, TrialResult, TrialSpec } from '../trial.ts';

export interface MetricDefinition {
  readonly key: string;
  /** Column heading in summary.md, with its unit. */
  readonly label: string;
  readonly decimals: number;
}

export interface VariantDefinition {
  readonly name: string;
  readonly description: string;
}

export interface WorkloadDefinition {
  readonly name: string;
  readonly title: string;
  /** Paragraph for summary.md on what the workload measures. */
  readonly description: string;
  variants(settings: BenchSettings): readonly VariantDefinition[];
  readonly metrics: readonly MetricDefinition[];
  /** Metric that the ratios between systems compare; higher is better. */
  readonly throughputMetric: string;
  /** Systems this workload measures; all of them when undefined. */
  readonly systems?: readonly SystemName[];
  /** Repeats when the user gave no --repeats; the run's default when undefined. */
  readonly defaultRepeats?: number;
  /** Settings that shape this workload, for the report. */
  describeSettings(settings: BenchSettings): Record<string, number | string>;
  /** Upper bound on one trial, after which its child process is killed. */
  trialTimeoutMs(settings: BenchSettings): number;
  runTrial(spec: TrialSpec): Promise<TrialResult>;
  /** Extra Markdown lines for summary.md after the tables: fits, goals, profiles. */
  renderNotes?(report: WorkloadReport): string[];
}
