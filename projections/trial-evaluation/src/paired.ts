import { type BootstrapOptions, clusterBootstrapByWeights, resolveBootstrapOptions } from './bootstrap.ts';
import { aggregateByCluster } from './cluster-aggregates.ts';
import type { DegenerateReason } from './degenerate.ts';
import { mean, standardDeviation } from './descriptive.ts';
import { studentTCdf, studentTQuantile } from './distributions.ts';

/** One observation of a within-unit comparison, for example one employee-workday. */
export interface PairedRow {
  /** Unit compared with itself, for example an employee id. */
  unit: string;
  /** Whether the row belongs to the treated condition (for example a WFA day) or the control one. */
  treated: boolean;
  value: number;
}

export type PairedDifferenceOptions = BootstrapOptions;

export interface PairedDifferenceResult {
  /** Mean over paired units of (unit's treated mean − unit's control mean), in the unit of `value`. */
  estimate: number;
  /** Standard deviation of the bootstrap estimates. */
  standardError: number;
  /** Percentile interval of the cluster bootstrap at `confidenceLevel`. */
  ciLow: number;
  ciHigh: number;
  confidenceLevel: number;
  /** Rows of the paired units. */
  n: number;
  /** Units with rows in both conditions. Only these enter the estimate. */
  units: number;
  /** Units with rows in only one condition, left out. */
  unpairedUnits: number;
  /** Rows of the units left out. */
  unpairedObservations: number;
  treatedObservations: number;
  controlObservations: number;
  /** Mean over paired units of each unit's treated mean. */
  treatedMean: number;
  /** Mean over paired units of each unit's control mean. */
  controlMean: number;
  /** Classic paired t statistic: estimate / (SD of unit differences / √units). */
  tStatistic: number;
  /** units − 1. */
  degreesOfFreedom: number;
  /** SD of unit differences / √units. */
  tStandardError: number;
  /** Paired t interval at `confidenceLevel`. */
  tCiLow: number;
  tCiHigh: number;
  /** Two-sided p-value of the paired t test against a difference of 0. */
  tPValue: number;
  method: {
    estimator: 'paired-difference';
    interval: 'cluster-bootstrap-percentile';
    bootstrapSamples: number;
    seed: number;
  };
  /** Resamples with a non-finite statistic. They are left out of the SE and interval. */
  failedBootstrapSamples: number;
  /** Finite bootstrap estimates, sorted ascending. Empty when no bootstrap ran. */
  bootstrapReplicates: Float64Array;
  /** Null when the estimate, SE and interval were all computed. */
  reason: DegenerateReason | null;
}

const CONTROL = 0;
const TREATED = 1;

/**
 * Estimates the mean within-unit difference treated − control with a cluster bootstrap
 * interval and, as a cross-check, the classic paired t interval.
 *
 * Each unit's rows are averaged per condition. The unit difference is its treated mean
 * minus its control mean, and the estimate averages those differences with equal weight
 * per unit. Units without rows in both conditions are left out and counted. The
 * bootstrap resamples paired units with replacement. The t interval assumes the unit
 * differences are independent and roughly normal. When all unit differences are equal
 * its standard error is 0 and the t statistic is ±Infinity, or NaN for a zero estimate.
 *
 * Degenerate data do not throw. No paired unit gives NaN everywhere with reason
 * `no-paired-units`. One paired unit gives the estimate with NaN spread and intervals,
 * reason `single-cluster`. Throws `InvalidInputError` for a non-finite value, a unit that
 * is not a string, or invalid options.
 */
export function pairedDifference(rows: readonly PairedRow[], options: PairedDifferenceOptions = {}): PairedDifferenceResult {
  const bootstrapOptions = resolveBootstrapOptions(options);
  const aggregates = aggregateByCluster(rows, (row) => (row.treated ? TREATED : CONTROL), 2);

  const differences: number[] = [];
  const treatedMeans: number[] = [];
  const controlMeans: number[] = [];
  let treatedObservations = 0;
  let controlObservations = 0;
  let unpairedObservations = 0;
  for (let unit = 0; unit < aggregates.keys.length; unit++) {
    const controlCount = aggregates.counts[2 * unit + CONTROL] ?? 0;
    const treatedCount = aggregates.counts[2 * unit + TREATED] ?? 0;
    if (controlCount === 0 || treatedCount === 0) {
      unpairedObservations += controlCount + treatedCount;
      continue;
    }
    const controlMean = (aggregates.sums[2 * unit + CONTROL] ?? 0) / controlCount;
    const treatedMean = (aggregates.sums[2 * unit + TREATED] ?? 0) / treatedCount;
    differences.push(treatedMean - controlMean);
    treatedMeans.push(treatedMean);
    controlMeans.push(controlMean);
    treatedObservations += treatedCount;
    controlObservations += controlCount;
  }

  const units = differences.length;
  const estimate = mean(differences);
  const tStandardError = standardDeviation(differences) / Math.sqrt(units);
  const degreesOfFreedom = units - 1;
  const tQuantile = studentTQuantile(1 - (1 - bootstrapOptions.confidenceLevel) / 2, degreesOfFreedom);
  const tStatistic = estimate / tStandardError;

  const result: PairedDifferenceResult = {
    estimate,
    standardError: Number.NaN,
    ciLow: Number.NaN,
    ciHigh: Number.NaN,
    confidenceLevel: bootstrapOptions.confidenceLevel,
    n: treatedObservations + controlObservations,
    units,
    unpairedUnits: aggregates.keys.length - units,
    unpairedObservations,
    treatedObservations,
    controlObservations,
    treatedMean: mean(treatedMeans),
    controlMean: mean(controlMeans),
    tStatistic,
    degreesOfFreedom,
    tStandardError,
    tCiLow: estimate - tQuantile * tStandardError,
    tCiHigh: estimate + tQuantile * tStandardError,
    tPValue: 2 * studentTCdf(-Math.abs(tStatistic), degreesOfFreedom),
    method: {
      estimator: 'paired-difference',
      interval: 'cluster-bootstrap-percentile',
      bootstrapSamples: bootstrapOptions.bootstrapSamples,
      seed: bootstrapOptions.seed,
    },
    failedBootstrapSamples: 0,
    bootstrapReplicates: new Float64Array(0),
    reason: null,
  };

  if (units === 0) {
    return {
      ...result,
      degreesOfFreedom: Number.NaN,
      reason: { code: 'no-paired-units', message: 'no unit has rows in both the treated and the control condition' },
    };
  }
  if (units === 1) {
    return {
      ...result,
      reason: { code: 'single-cluster', message: 'only one paired unit; neither the bootstrap nor the t test can estimate the sampling variation' },
    };
  }

  const statistic = (weights: Int32Array): number => {
    let weightedSum = 0;
    for (let unit = 0; unit < units; unit++) {
      weightedSum += (weights[unit] ?? 0) * (differences[unit] ?? 0);
    }
    return weightedSum / units;
  };
  const bootstrap = clusterBootstrapByWeights(units, statistic, bootstrapOptions);
  return {
    ...result,
    standardError: bootstrap.standardError,
    ciLow: bootstrap.ciLow,
    ciHigh: bootstrap.ciHigh,
    failedBootstrapSamples: bootstrap.failedSamples,
    bootstrapReplicates: bootstrap.replicates,
  };
}
