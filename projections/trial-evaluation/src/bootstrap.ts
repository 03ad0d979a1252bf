import { standardDeviation } from './descriptive.ts';
import { InvalidInputError } from './errors.ts';
import { createRandom } from './prng.ts';
import { quantileSorted } from './quantiles.ts';

/** Options of a cluster bootstrap. */
export interface BootstrapOptions {
  /** Number of bootstrap resamples, an integer of at least 2. Default 2000. */
  bootstrapSamples?: number | undefined;
  /** Seed of the resampling generator, a non-negative safe integer. Default `DEFAULT_SEED`. */
  seed?: number | undefined;
  /** Coverage of the percentile interval, strictly between 0 and 1. Default 0.95. */
  confidenceLevel?: number | undefined;
}

/** Bootstrap options with every default filled in and validated. */
export interface ResolvedBootstrapOptions {
  bootstrapSamples: number;
  seed: number;
  confidenceLevel: number;
}

export const DEFAULT_BOOTSTRAP_SAMPLES = 2000;
/** Seed used when none is given. The value is arbitrary, but it must stay fixed so that results repeat. */
export const DEFAULT_SEED = 20_260_122;
export const DEFAULT_CONFIDENCE_LEVEL = 0.95;

/** A closed interval [low, high]. */
export interface Interval {
  low: number;
  high: number;
}

/** Outcome of a cluster bootstrap. */
export interface BootstrapResult {
  /** Statistic on the original sample, every cluster once. */
  estimate: number;
  /** Sample standard deviation of the finite replicates, or NaN with fewer than two. */
  standardError: number;
  /** Percentile interval at `confidenceLevel`, or NaN when no replicate is finite. */
  ciLow: number;
  ciHigh: number;
  confidenceLevel: number;
  clusters: number;
  bootstrapSamples: number;
  seed: number;
  /** Resamples whose statistic was NaN or infinite. They are left out of the SE and the interval. */
  failedSamples: number;
  /** Finite replicate values, sorted ascending. */
  replicates: Float64Array;
}

/**
 * Fills in and validates bootstrap options. Throws `InvalidInputError` for a sample
 * count that is not an integer of at least 2, a seed that is not a non-negative safe
 * integer, or a confidence level outside (0, 1).
 */
export function resolveBootstrapOptions(options: BootstrapOptions = {}): ResolvedBootstrapOptions {
  const bootstrapSamples = options.bootstrapSamples ?? DEFAULT_BOOTSTRAP_SAMPLES;
  const seed = options.seed ?? DEFAULT_SEED;
  const confidenceLevel = options.confidenceLevel ?? DEFAULT_CONFIDENCE_LEVEL;

  if (!Number.isSafeInteger(bootstrapSamples) || bootstrapSamples < 2) {
    throw new InvalidInputError(`bootstrapSamples must be an integer of at least 2, got ${bootstrapSamples}`);
  }
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new InvalidInputError(`seed must be a non-negative safe integer, got ${seed}`);
  }
  validateConfidenceLevel(confidenceLevel);
  return { bootstrapSamples, seed, confidenceLevel };
}

function validateConfidenceLevel(confidenceLevel: number): void {
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new InvalidInputError(`confidenceLevel must be strictly between 0 and 1, got ${confidenceLevel}`);
  }
}

/**
 * Returns the percentile interval of bootstrap replicates sorted ascending: the
 * definition-7 quantiles at (1 − level)/2 and (1 + level)/2. NaN bounds for no replicates.
 */
export function percentileInterval(sortedReplicates: ArrayLike<number>, confidenceLevel: number): Interval {
  validateConfidenceLevel(confidenceLevel);
  const alpha = 1 - confidenceLevel;
  return {
    low: quantileSorted(sortedReplicates, alpha / 2),
    high: quantileSorted(sortedReplicates, 1 - alpha / 2),
  };
}

/**
 * Runs a cluster bootstrap in which the statistic reads cluster weights instead of rows.
 *
 * Each resample draws `clusterCount` clusters uniformly with replacement from the seeded
 * generator. It passes `weights`, where weights[i] is how often cluster i was drawn, so
 * the weights sum to `clusterCount`. The estimate uses weight 1 for every cluster. A
 * statistic over per-cluster sums therefore costs O(clusters) per resample, whatever the
 * number of rows. The weights array is reused between calls, so the statistic must not
 * keep or change it.
 *
 * Throws `InvalidInputError` for fewer than 2 clusters, because resampling one cluster
 * always reproduces it and would report a standard error of 0.
 */
export function clusterBootstrapByWeights(
  clusterCount: number,
  statistic: (weights: Int32Array) => number,
  options: BootstrapOptions = {},
): BootstrapResult {
  if (!Number.isSafeInteger(clusterCount) || clusterCount < 2) {
    throw new InvalidInputError(`a cluster bootstrap needs at least 2 clusters, got ${clusterCount}`);
  }
  const { bootstrapSamples, seed, confidenceLevel } = resolveBootstrapOptions(options);

  const weights = new Int32Array(clusterCount).fill(1);
  const estimate = statistic(weights);

  const random = createRandom(seed);
  const replicates = new Float64Array(bootstrapSamples);
  let validSamples = 0;
  for (let sample = 0; sample < bootstrapSamples; sample++) {
    weights.fill(0);
    for (let draw = 0; draw < clusterCount; draw++) {
      const drawn = random.nextInt(clusterCount);
      weights[drawn] = (weights[drawn] ?? 0) + 1;
    }
    const value = statistic(weights);
    if (Number.isFinite(value)) {
      replicates[validSamples] = value;
      validSamples++;
    }
  }

  const sorted = replicates.slice(0, validSamples).sort();
  const interval = percentileInterval(sorted, confidenceLevel);
  return {
    estimate,
    standardError: standardDeviation(sorted),
    ciLow: interval.low,
    ciHigh: interval.high,
    confidenceLevel,
    clusters: clusterCount,
    bootstrapSamples,
    seed,
    failedSamples: bootstrapSamples - validSamples,
    replicates: sorted,
  };
}

/**
 * Runs a cluster bootstrap over raw rows: resamples whole clusters with replacement
 * and keeps all rows of each drawn cluster.
 *
 * `clusterKey` maps a row to its cluster, for example an employee id. `statistic`
 * receives one row array per drawn cluster, so a cluster drawn twice appears twice.
 * Clusters are ordered by key (code-unit order), so the result does not depend on the
 * row order. The draws are those of `clusterBootstrapByWeights` with the same seed and
 * cluster count. This function calls the statistic on rows once per resample, so for
 * large inputs aggregate per cluster first and use `clusterBootstrapByWeights`.
 */
export function clusterBootstrap<Row>(
  rows: readonly Row[],
  clusterKey: (row: Row) => string,
  statistic: (clusters: readonly (readonly Row[])[]) => number,
  options: BootstrapOptions = {},
): BootstrapResult {
  const rowsByCluster = new Map<string, Row[]>();
  for (const row of rows) {
    const key = clusterKey(row);
    const clusterRows = rowsByCluster.get(key);
    if (clusterRows === undefined) {
      rowsByCluster.set(key, [row]);
    } else {
      clusterRows.push(row);
    }
  }

  const keys = [...rowsByCluster.keys()].sort(compareCodeUnits);
  const clusters = keys.map((key) => rowsByCluster.get(key) ?? []);

  return clusterBootstrapByWeights(
    clusters.length,
    (weights) => {
      const drawn: (readonly Row[])[] = [];
      for (let index = 0; index < clusters.length; index++) {
        const clusterRows = clusters[index] ?? [];
        for (let copy = 0; copy < (weights[index] ?? 0); copy++) {
          drawn.push(clusterRows);
        }
      }
      return statistic(drawn);
    },
    options,
  );
}

/** Compares strings by UTF-16 code units, which unlike `localeCompare` gives the same order everywhere. */
export function compareCodeUnits(left: string, right: string): number {
  if (left < right) {
    return -1;
  }
  return left > right ? 1 : 0;
}
