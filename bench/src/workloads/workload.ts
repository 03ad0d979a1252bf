import type { BenchSettings } from '../settings.ts';
import type { TrialResult, TrialSpec } from '../trial.ts';

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
  /** Settings that shape this workload, for the report. */
  describeSettings(settings: BenchSettings): Record<string, number | string>;
  /** Upper bound on one trial, after which its child process is killed. */
  trialTimeoutMs(settings: BenchSettings): number;
  runTrial(spec: TrialSpec): Promise<TrialResult>;
}
