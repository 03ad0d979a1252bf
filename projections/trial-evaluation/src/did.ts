import { type BootstrapOptions, clusterBootstrapByWeights, resolveBootstrapOptions } from './bootstrap.ts';
import { aggregateByCluster } from './cluster-aggregates.ts';
import type { DegenerateReason } from './degenerate.ts';
import { InvalidInputError } from './errors.ts';

/** One observation, for example one employee-workday. */
export interface DifferenceInDifferencesRow {
  /** Cluster of the observation, for example an employee id. The bootstrap resamples units. */
  unit: string;
  /** Whether the row belongs to the treated group, for example a Thursday or Friday. */
  treated: boolean;
  /** Whether the row falls in the post period, for example the trial. */
  post: boolean;
  value: number;
}

/**
 * Weighting of the data in each cell mean.
 * `observation`: each cell mean is the mean over all its rows, so each row counts once
 * and units with more workdays weigh more. The estimate is per employee-workday, and a
 * unit missing from a cell needs no special rule.
 * `cluster`: each unit's rows in a cell are averaged first, then the unit means are
 * averaged with equal weight over the units that have rows in that cell. The estimate is
 * per employee, but the set of units can differ between cells.
 * When, within each cell, every unit has the same number of rows, both give the same estimate.
 */
export type CellWeighting = 'observation' | 'cluster';

export interface DifferenceInDifferencesOptions extends BootstrapOptions {
  /** Default `observation`. */
  weighting?: CellWeighting | undefined;
}

/** Mean and size of one cell of the 2×2 design. */
export interface CellSummary {
  /** NaN when the cell has no rows. */
  mean: number;
  observations: number;
  /** Units with at least one row in the cell. */
  clusters: number;
}

export interface DifferenceInDifferencesResult {
  /** (treatedPost − treatedPre) − (controlPost − controlPre), in the unit of `value`. */
  estimate: number;
  /** Standard deviation of the bootstrap estimates. */
  standardError: number;
  /** Percentile interval of the cluster bootstrap at `confidenceLevel`. */
  ciLow: number;
  ciHigh: number;
  confidenceLevel: number;
  /** Number of rows. */
  n: number;
  /** Number of distinct units. */
  clusters: number;
  treatedPre: number;
  treatedPost: number;
  controlPre: number;
  controlPost: number;
  /** treatedPost − treatedPre. */
  treatedChange: number;
  /** controlPost − controlPre. */
  controlChange: number;
  cells: {
    treatedPre: CellSummary;
    treatedPost: CellSummary;
    controlPre: CellSummary;
    controlPost: CellSummary;
  };
  method: {
    estimator: 'difference-in-differences';
    weighting: CellWeighting;
    interval: 'cluster-bootstrap-percentile';
    bootstrapSamples: number;
    seed: number;
  };
  /** Resamples in which a cell had no rows. They are left out of the SE and interval. */
  failedBootstrapSamples: number;
  /** Finite bootstrap estimates, sorted ascending. Empty when no bootstrap ran. */
  bootstrapReplicates: Float64Array;
  /** Null when the estimate, SE and interval were all computed. */
  reason: DegenerateReason | null;
}

// Cell indices in the per-unit aggregates. weightedCellMeans returns the means in this order.
const CONTROL_PRE = 0;
const CONTROL_POST = 1;
const TREATED_PRE = 2;
const TREATED_POST = 3;
const CELL_COUNT = 4;
const CELL_NAMES = ['controlPre', 'controlPost', 'treatedPre', 'treatedPost'] as const;

/**
 * Estimates a difference in differences with a cluster bootstrap interval.
 *
 * Estimate = (mean treated post − mean treated pre) − (mean control post − mean control pre).
 * Cell means follow `options.weighting` (default `observation`). A unit may have rows in
 * any of the four cells, so the same employees can be both treated (Thursday/Friday)
 * and control (Monday–Wednesday), or the groups can be distinct units.
 *
 * The interval resamples units with replacement and keeps all rows of each drawn unit.
 * Rows are summed per unit and cell once, and each resample only reweights those sums.
 * The cost is therefore O(rows + units × resamples).
 *
 * Degenerate data do not throw. A cell without rows gives NaN everywhere with reason
 * `empty-cell`. A single unit gives the estimate with a NaN SE and interval, reason
 * `single-cluster`. Throws `InvalidInputError` for a non-finite value, a unit that is not
 * a string, or invalid options.
 */
export function differenceInDifferences(
  rows: readonly DifferenceInDifferencesRow[],
  options: DifferenceInDifferencesOptions = {},
): DifferenceInDifferencesResult {
  const weighting = options.weighting ?? 'observation';
  if (weighting !== 'observation' && weighting !== 'cluster') {
    throw new InvalidInputError(`weighting must be 'observation' or 'cluster', got ${String(weighting)}`);
  }
  const bootstrapOptions = resolveBootstrapOptions(options);

  const aggregates = aggregateByCluster(rows, (row) => (row.treated ? TREATED_PRE : CONTROL_PRE) + (row.post ? 1 : 0), CELL_COUNT);
  const clusterCount = aggregates.keys.length;

  // Each cell mean is Σ numerator / Σ denominator over units. With observation weighting
  // these are the unit's sum and row count. With cluster weighting they are the unit's
  // mean and 1, for units that have rows in the cell.
  const numerators = new Float64Array(aggregates.sums.length);
  const denominators = new Float64Array(aggregates.counts.length);
  for (let slot = 0; slot < numerators.length; slot++) {
    const count = aggregates.counts[slot] ?? 0;
    const sum = aggregates.sums[slot] ?? 0;
    if (count === 0) {
      continue;
    }
    numerators[slot] = weighting === 'observation' ? sum : sum / count;
    denominators[slot] = weighting === 'observation' ? count : 1;
  }

  const statistic = (weights: Int32Array): number => {
    const [controlPre, controlPost, treatedPre, treatedPost] = weightedCellMeans(weights, numerators, denominators, clusterCount);
    return treatedPost - treatedPre - (controlPost - controlPre);
  };

  const cells = summarizeCells(numerators, denominators, aggregates.counts, clusterCount);
  const result: DifferenceInDifferencesResult = {
    estimate: cells.treatedPost.mean - cells.treatedPre.mean - (cells.controlPost.mean - cells.controlPre.mean),
    standardError: Number.NaN,
    ciLow: Number.NaN,
    ciHigh: Number.NaN,
    confidenceLevel: bootstrapOptions.confidenceLevel,
    n: aggregates.observations,
    clusters: clusterCount,
    treatedPre: cells.treatedPre.mean,
    treatedPost: cells.treatedPost.mean,
    controlPre: cells.controlPre.mean,
    controlPost: cells.controlPost.mean,
    treatedChange: cells.treatedPost.mean - cells.treatedPre.mean,
    controlChange: cells.controlPost.mean - cells.controlPre.mean,
    cells,
    method: {
      estimator: 'difference-in-differences',
      weighting,
      interval: 'cluster-bootstrap-percentile',
      bootstrapSamples: bootstrapOptions.bootstrapSamples,
      seed: bootstrapOptions.seed,
    },
    failedBootstrapSamples: 0,
    bootstrapReplicates: new Float64Array(0),
    reason: null,
  };

  const emptyCells = CELL_NAMES.filter((name) => cells[name].observations === 0);
  if (emptyCells.length > 0) {
    return {
      ...result,
      estimate: Number.NaN,
      reason: { code: 'empty-cell', message: `no rows in cell ${emptyCells.join(', ')}; the difference in differences is undefined` },
    };
  }
  if (clusterCount < 2) {
    return {
      ...result,
      reason: { code: 'single-cluster', message: 'only one unit; a cluster bootstrap cannot estimate the sampling variation' },
    };
  }

  const bootstrap = clusterBootstrapByWeights(clusterCount, statistic, bootstrapOptions);
  return {
    ...result,
    standardError: bootstrap.standardError,
    ciLow: bootstrap.ciLow,
    ciHigh: bootstrap.ciHigh,
    failedBootstrapSamples: bootstrap.failedSamples,
    bootstrapReplicates: bootstrap.replicates,
    reason:
      bootstrap.replicates.length === 0
        ? { code: 'no-valid-bootstrap-samples', message: 'every bootstrap resample left a cell without rows' }
        : null,
  };
}

function weightedCellMeans(
  weights: Int32Array,
  numerators: Float64Array,
  denominators: Float64Array,
  clusterCount: number,
): [number, number, number, number] {
  let numerator0 = 0;
  let numerator1 = 0;
  let numerator2 = 0;
  let numerator3 = 0;
  let denominator0 = 0;
  let denominator1 = 0;
  let denominator2 = 0;
  let denominator3 = 0;
  for (let cluster = 0; cluster < clusterCount; cluster++) {
    const weight = weights[cluster] ?? 0;
    if (weight === 0) {
      continue;
    }
    const base = cluster * CELL_COUNT;
    numerator0 += weight * (numerators[base] ?? 0);
    numerator1 += weight * (numerators[base + 1] ?? 0);
    numerator2 += weight * (numerators[base + 2] ?? 0);
    numerator3 += weight * (numerators[base + 3] ?? 0);
    denominator0 += weight * (denominators[base] ?? 0);
    denominator1 += weight * (denominators[base + 1] ?? 0);
    denominator2 += weight * (denominators[base + 2] ?? 0);
    denominator3 += weight * (denominators[base + 3] ?? 0);
  }
  // A cell without rows in this resample gives 0/0 = NaN, which the bootstrap counts as failed.
  return [numerator0 / denominator0, numerator1 / denominator1, numerator2 / denominator2, numerator3 / denominator3];
}

function summarizeCells(
  numerators: Float64Array,
  denominators: Float64Array,
  counts: Float64Array,
  clusterCount: number,
): DifferenceInDifferencesResult['cells'] {
  const ones = new Int32Array(clusterCount).fill(1);
  const means = weightedCellMeans(ones, numerators, denominators, clusterCount);
  const summary = (cell: number): CellSummary => {
    let observations = 0;
    let clusters = 0;
    for (let cluster = 0; cluster < clusterCount; cluster++) {
      const count = counts[cluster * CELL_COUNT + cell] ?? 0;
      observations += count;
      clusters += count > 0 ? 1 : 0;
    }
    return { mean: means[cell] ?? Number.NaN, observations, clusters };
  };
  return {
    controlPre: summary(CONTROL_PRE),
    controlPost: summary(CONTROL_POST),
    treatedPre: summary(TREATED_PRE),
    treatedPost: summary(TREATED_POST),
  };
}
