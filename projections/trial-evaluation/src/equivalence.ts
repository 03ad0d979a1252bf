import { type Interval, percentileInterval } from './bootstrap.ts';
import { normalCdf, normalQuantile, studentTCdf, studentTQuantile } from './distributions.ts';
import { InvalidInputError } from './errors.ts';

/** Direction in which the metric improves: `higher` for compliance, `lower` for minutes late. */
export type BetterDirection = 'higher' | 'lower';

export type EquivalenceVerdict = 'equivalent' | 'worse' | 'better' | 'inconclusive';

/** Equivalence region (lower, upper) on the scale of the estimate, with lower < 0 < upper. */
export interface EquivalenceMargin {
  lower: number;
  upper: number;
}

/**
 * The evidence about an effect, in one of three forms:
 * a standard error (with degrees of freedom for a t distribution, normal without),
 * the 90% and 95% intervals themselves, or bootstrap replicates whose percentile
 * intervals are taken.
 */
export type EquivalenceEvidence =
  | { estimate: number; standardError: number; degreesOfFreedom?: number | undefined }
  | { estimate: number; ci90: Interval; ci95: Interval }
  | { estimate: number; bootstrapReplicates: ArrayLike<number> };

export interface EquivalenceOptions {
  /** A positive number m for the region (−m, m), or an explicit region. */
  margin: number | EquivalenceMargin;
  better: BetterDirection;
}

export interface EquivalenceResult {
  verdict: EquivalenceVerdict;
  estimate: number;
  margin: EquivalenceMargin;
  better: BetterDirection;
  /** Interval used for the two one-sided tests at α = 0.05. */
  ci90: Interval;
  /** Interval used to decide `worse` and `better`. */
  ci95: Interval;
  /** Whether the 95% interval excludes 0. */
  differsFromZero: boolean;
  /**
   * Whether the 95% interval lies wholly beyond a margin: `bad-side` means the effect is
   * shown to be worse than the margin allows, `good-side` better than the margin.
   */
  beyondMargin: 'bad-side' | 'good-side' | null;
  /** One-sided p-value for H0: effect ≤ margin.lower. Null unless a standard error was given. */
  pValueLower: number | null;
  /** One-sided p-value for H0: effect ≥ margin.upper. Null unless a standard error was given. */
  pValueUpper: number | null;
  /** TOST p-value, the larger of the two. It is below 0.05 exactly when the verdict is `equivalent`. */
  pValueEquivalence: number | null;
  /** Two-sided p-value for H0: effect = 0. Null unless a standard error was given. */
  pValueZero: number | null;
}

/**
 * Classifies an effect (treated − control) as equivalent, worse, better or inconclusive
 * relative to an equivalence margin, using two one-sided tests (TOST) at α = 0.05.
 *
 * The rules are checked in this order:
 * 1. `equivalent` when the 90% interval lies strictly inside (margin.lower, margin.upper).
 *    This is TOST at α = 0.05: both one-sided tests reject.
 * 2. `worse` when the 95% interval lies strictly on the bad side of 0: below 0 when
 *    higher is better, above 0 when lower is better.
 * 3. `better` when the 95% interval lies strictly on the good side of 0.
 * 4. `inconclusive` otherwise: the 95% interval contains 0 and the 90% interval reaches
 *    a margin.
 *
 * An effect that differs from 0 but stays inside the margin is therefore `equivalent`,
 * with `differsFromZero` true. A `worse` or `better` verdict means that the effect
 * differs from 0 and may exceed the margin. `beyondMargin` records whether the 95%
 * interval also clears the margin. Throws `InvalidInputError` for non-finite inputs, a
 * margin that does not contain 0, a standard error ≤ 0, or intervals that are not nested.
 */
export function equivalenceTest(evidence: EquivalenceEvidence, options: EquivalenceOptions): EquivalenceResult {
  const margin = resolveMargin(options.margin);
  if (options.better !== 'higher' && options.better !== 'lower') {
    throw new InvalidInputError(`better must be 'higher' or 'lower', got ${String(options.better)}`);
  }
  if (!Number.isFinite(evidence.estimate)) {
    throw new InvalidInputError(`estimate must be a finite number, got ${evidence.estimate}`);
  }

  const { ci90, ci95, pValues } = intervalsOf(evidence, margin);
  const higherIsBetter = options.better === 'higher';

  let verdict: EquivalenceVerdict = 'inconclusive';
  if (ci90.low > margin.lower && ci90.high < margin.upper) {
    verdict = 'equivalent';
  } else if (higherIsBetter ? ci95.high < 0 : ci95.low > 0) {
    verdict = 'worse';
  } else if (higherIsBetter ? ci95.low > 0 : ci95.high < 0) {
    verdict = 'better';
  }

  let beyondMargin: EquivalenceResult['beyondMargin'] = null;
  if (higherIsBetter ? ci95.high < margin.lower : ci95.low > margin.upper) {
    beyondMargin = 'bad-side';
  } else if (higherIsBetter ? ci95.low > margin.upper : ci95.high < margin.lower) {
    beyondMargin = 'good-side';
  }

  return {
    verdict,
    estimate: evidence.estimate,
    margin,
    better: options.better,
    ci90,
    ci95,
    differsFromZero: ci95.low > 0 || ci95.high < 0,
    beyondMargin,
    ...pValues,
  };
}

function resolveMargin(margin: number | EquivalenceMargin): EquivalenceMargin {
  const region = typeof margin === 'number' ? { lower: -margin, upper: margin } : margin;
  if (!(region.lower < 0 && region.upper > 0)) {
    throw new InvalidInputError(
      `margin must be a positive number or a region with lower < 0 < upper, got lower=${region.lower}, upper=${region.upper}`,
    );
  }
  return { lower: region.lower, upper: region.upper };
}

interface IntervalsAndPValues {
  ci90: Interval;
  ci95: Interval;
  pValues: Pick<EquivalenceResult, 'pValueLower' | 'pValueUpper' | 'pValueEquivalence' | 'pValueZero'>;
}

const NO_P_VALUES = { pValueLower: null, pValueUpper: null, pValueEquivalence: null, pValueZero: null };

function intervalsOf(evidence: EquivalenceEvidence, margin: EquivalenceMargin): IntervalsAndPValues {
  if ('standardError' in evidence) {
    return intervalsFromStandardError(evidence.estimate, evidence.standardError, evidence.degreesOfFreedom, margin);
  }
  if ('bootstrapReplicates' in evidence) {
    const sorted = Float64Array.from(evidence.bootstrapReplicates).sort();
    if (sorted.length === 0 || !sorted.every(Number.isFinite)) {
      throw new InvalidInputError(`bootstrapReplicates must be a non-empty list of finite numbers`);
    }
    return { ci90: percentileInterval(sorted, 0.9), ci95: percentileInterval(sorted, 0.95), pValues: NO_P_VALUES };
  }

  const { ci90, ci95 } = evidence;
  for (const [name, interval] of [['ci90', ci90], ['ci95', ci95]] as const) {
    if (!(Number.isFinite(interval.low) && Number.isFinite(interval.high) && interval.low <= interval.high)) {
      throw new InvalidInputError(`${name} must have finite bounds with low <= high, got [${interval.low}, ${interval.high}]`);
    }
  }
  if (ci95.low > ci90.low || ci95.high < ci90.high) {
    throw new InvalidInputError(
      `ci95 [${ci95.low}, ${ci95.high}] must contain ci90 [${ci90.low}, ${ci90.high}]; check that the intervals were not swapped`,
    );
  }
  return { ci90: { ...ci90 }, ci95: { ...ci95 }, pValues: NO_P_VALUES };
}

function intervalsFromStandardError(
  estimate: number,
  standardError: number,
  degreesOfFreedom: number | undefined,
  margin: EquivalenceMargin,
): IntervalsAndPValues {
  if (!(Number.isFinite(standardError) && standardError > 0)) {
    throw new InvalidInputError(`standardError must be a positive finite number, got ${standardError}`);
  }
  const df = degreesOfFreedom ?? Number.POSITIVE_INFINITY;
  if (!(df > 0)) {
    throw new InvalidInputError(`degreesOfFreedom must be positive (or omitted for the normal distribution), got ${df}`);
  }
  const cdf = (x: number): number => (df === Number.POSITIVE_INFINITY ? normalCdf(x) : studentTCdf(x, df));
  const quantileAt = (p: number): number => (df === Number.POSITIVE_INFINITY ? normalQuantile(p) : studentTQuantile(p, df));

  const half90 = quantileAt(0.95) * standardError;
  const half95 = quantileAt(0.975) * standardError;
  // H0: effect ≤ lower is rejected for large (estimate − lower)/SE, and H0: effect ≥ upper
  // for small (estimate − upper)/SE. Each p-value is the tail beyond its statistic.
  const pValueLower = cdf(-(estimate - margin.lower) / standardError);
  const pValueUpper = cdf((estimate - margin.upper) / standardError);
  return {
    ci90: { low: estimate - half90, high: estimate + half90 },
    ci95: { low: estimate - half95, high: estimate + half95 },
    pValues: {
      pValueLower,
      pValueUpper,
      pValueEquivalence: Math.max(pValueLower, pValueUpper),
      pValueZero: 2 * cdf(-Math.abs(estimate) / standardError),
    },
  };
}
