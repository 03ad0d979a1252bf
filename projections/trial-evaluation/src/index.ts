export {
  type BootstrapOptions,
  type BootstrapResult,
  clusterBootstrap,
  clusterBootstrapByWeights,
  compareCodeUnits,
  DEFAULT_BOOTSTRAP_SAMPLES,
  DEFAULT_CONFIDENCE_LEVEL,
  DEFAULT_SEED,
  type Interval,
  percentileInterval,
  type ResolvedBootstrapOptions,
  resolveBootstrapOptions,
} from './bootstrap.ts';
export { aggregateByCluster, type ClusterAggregates } from './cluster-aggregates.ts';
export type { DegenerateReason } from './degenerate.ts';
export { mean, standardDeviation, variance } from './descriptive.ts';
export {
  type CellSummary,
  type CellWeighting,
  differenceInDifferences,
  type DifferenceInDifferencesOptions,
  type DifferenceInDifferencesResult,
  type DifferenceInDifferencesRow,
} from './did.ts';
export { normalCdf, normalDensity, normalQuantile, studentTCdf, studentTDensity, studentTQuantile } from './distributions.ts';
export {
  type BetterDirection,
  type EquivalenceEvidence,
  type EquivalenceMargin,
  type EquivalenceOptions,
  type EquivalenceResult,
  equivalenceTest,
  type EquivalenceVerdict,
} from './equivalence.ts';
export { InvalidInputError } from './errors.ts';
export { pairedDifference, type PairedDifferenceOptions, type PairedDifferenceResult, type PairedRow } from './paired.ts';
export { createRandom, type RandomGenerator } from './prng.ts';
export { quantile, quantileSorted } from './quantiles.ts';
export { logGamma, regularizedGammaQ, regularizedIncompleteBeta } from './special-functions.ts';
