import { describe, expect, it } from 'vitest';

import { type BetterDirection, equivalenceTest, type EquivalenceVerdict, InvalidInputError } from '../src/index.ts';

interface VerdictCase {
  better: BetterDirection;
  ci90: [number, number];
  ci95: [number, number];
  verdict: EquivalenceVerdict;
}

// Margin ±2 in every case. Compliance-like metrics improve upwards, lateness downwards.
const VERDICT_CASES: VerdictCase[] = [
  // 90% interval inside (−2, 2).
  { better: 'higher', ci90: [-1, 1.5], ci95: [-1.3, 1.8], verdict: 'equivalent' },
  { better: 'lower', ci90: [-1.5, 1], ci95: [-1.8, 1.3], verdict: 'equivalent' },
  // 90% interval crosses the bad-side margin and the 95% interval excludes 0 on the bad side.
  { better: 'higher', ci90: [-3.5, -1], ci95: [-3.8, -0.6], verdict: 'worse' },
  { better: 'lower', ci90: [1, 3.5], ci95: [0.6, 3.8], verdict: 'worse' },
  // 90% interval crosses the good-side margin and the 95% interval excludes 0 on the good side.
  { better: 'higher', ci90: [0.8, 3], ci95: [0.5, 3.3], verdict: 'better' },
  { better: 'lower', ci90: [-3, -0.8], ci95: [-3.3, -0.5], verdict: 'better' },
  // 95% interval contains 0 and the 90% interval reaches a margin.
  { better: 'higher', ci90: [-2.5, 1], ci95: [-2.9, 1.4], verdict: 'inconclusive' },
  { better: 'lower', ci90: [-1, 2.5], ci95: [-1.4, 2.9], verdict: 'inconclusive' },
];

describe('equivalenceTest verdicts', () => {
  it.each(VERDICT_CASES)('$verdict when $better is better', ({ better, ci90, ci95, verdict }) => {
    const result = equivalenceTest(
      { estimate: (ci90[0] + ci90[1]) / 2, ci90: { low: ci90[0], high: ci90[1] }, ci95: { low: ci95[0], high: ci95[1] } },
      { margin: 2, better },
    );

    expect(result.verdict).toBe(verdict);
  });
});

describe('equivalenceTest details', () => {
  it('calls a small significant change equivalent', () => {
    const result = equivalenceTest(
      { estimate: 0.7, ci90: { low: 0.3, high: 1.2 }, ci95: { low: 0.2, high: 1.4 } },
      { margin: 2, better: 'higher' },
    );

    expect(result.verdict).toBe('equivalent');
    expect(result.differsFromZero).toBe(true);
  });

  it('flags an interval beyond the bad-side margin', () => {
    const higher = equivalenceTest(
      { estimate: -4, ci90: { low: -5, high: -3 }, ci95: { low: -5.5, high: -2.5 } },
      { margin: 2, better: 'higher' },
    );
    const lower = equivalenceTest(
      { estimate: -4, ci90: { low: -5, high: -3 }, ci95: { low: -5.5, high: -2.5 } },
      { margin: 2, better: 'lower' },
    );

    expect(higher.verdict).toBe('worse');
    expect(higher.beyondMargin).toBe('bad-side');
    expect(lower.verdict).toBe('better');
    expect(lower.beyondMargin).toBe('good-side');
  });

  it('leaves beyondMargin empty when the interval reaches the margin', () => {
    const result = equivalenceTest(
      { estimate: -2, ci90: { low: -3.5, high: -1 }, ci95: { low: -3.8, high: -0.6 } },
      { margin: 2, better: 'higher' },
    );

    expect(result.beyondMargin).toBeNull();
  });

  it('treats a bound on the margin as outside', () => {
    const result = equivalenceTest(
      { estimate: 1, ci90: { low: 0, high: 2 }, ci95: { low: -0.2, high: 2.2 } },
      { margin: 2, better: 'higher' },
    );

    expect(result.verdict).toBe('inconclusive');
  });

  it('accepts an asymmetric margin', () => {
    // Lateness: up to 1 minute worse is acceptable, and anything down to −5 counts as no change.
    const result = equivalenceTest(
      { estimate: 0.2, ci90: { low: -0.5, high: 0.9 }, ci95: { low: -0.7, high: 1.1 } },
      { margin: { lower: -5, upper: 1 }, better: 'lower' },
    );

    expect(result.verdict).toBe('equivalent');
    expect(result.margin).toEqual({ lower: -5, upper: 1 });
  });
});

describe('equivalenceTest with a standard error', () => {
  it('computes normal TOST p-values', () => {
    // Estimate 0, SE 1, margin 2: both one-sided statistics are 2, so each p-value is
    // Φ(−2) = 0.0227501. The 90% interval is ±1.6448536.
    const result = equivalenceTest({ estimate: 0, standardError: 1 }, { margin: 2, better: 'higher' });

    expect(result.pValueLower).toBeCloseTo(0.022750131948179195, 14);
    expect(result.pValueUpper).toBeCloseTo(0.022750131948179195, 14);
    expect(result.pValueEquivalence).toBeCloseTo(0.022750131948179195, 14);
    expect(result.pValueZero).toBe(1);
    expect(result.ci90.high).toBeCloseTo(1.6448536269514722, 13);
    expect(result.verdict).toBe('equivalent');
  });

  it('computes t TOST p-values', () => {
    // Estimate 0.5, SE 0.25, df 10, margin 1: statistics (0.5 + 1)/0.25 = 6 and
    // (0.5 − 1)/0.25 = −2. SciPy 1.17.1: t.cdf(−6, 10) = 6.605443e-05,
    // t.cdf(−2, 10) = 0.036694017, t.ppf(0.95, 10) = 1.812461.
    const result = equivalenceTest({ estimate: 0.5, standardError: 0.25, degreesOfFreedom: 10 }, { margin: 1, better: 'higher' });

    expect(result.pValueLower).toBeCloseTo(6.605443017739279e-5, 12);
    expect(result.pValueUpper).toBeCloseTo(0.03669401738537018, 12);
    expect(result.pValueEquivalence).toBeCloseTo(0.03669401738537018, 12);
    expect(result.pValueZero).toBeCloseTo(0.07338803477074037, 12);
    expect(result.ci90.high).toBeCloseTo(0.5 + 1.8124611228116756 * 0.25, 12);
    expect(result.verdict).toBe('equivalent');
  });

  it('agrees with its p-value', () => {
    for (let estimate = -3; estimate <= 3; estimate += 0.05) {
      const result = equivalenceTest({ estimate, standardError: 0.5, degreesOfFreedom: 20 }, { margin: 1.5, better: 'higher' });

      expect(result.verdict === 'equivalent').toBe((result.pValueEquivalence ?? 1) < 0.05);
    }
  });
});

describe('equivalenceTest with bootstrap replicates', () => {
  it('takes percentile intervals', () => {
    // Replicates −1, −0.98, …, 1 (101 values). 90%: h = 5 and 95 → −0.9 and 0.9.
    // 95%: h = 2.5 and 97.5 → −0.95 and 0.95.
    const replicates = Array.from({ length: 101 }, (_, index) => (index - 50) / 50).reverse();

    const result = equivalenceTest({ estimate: 0, bootstrapReplicates: replicates }, { margin: 1, better: 'lower' });

    expect(result.ci90.low).toBeCloseTo(-0.9, 12);
    expect(result.ci90.high).toBeCloseTo(0.9, 12);
    expect(result.ci95.low).toBeCloseTo(-0.95, 12);
    expect(result.ci95.high).toBeCloseTo(0.95, 12);
    expect(result.pValueEquivalence).toBeNull();
    expect(result.verdict).toBe('equivalent');
  });
});

describe('equivalenceTest input checks', () => {
  it('rejects margins that do not contain 0', () => {
    expect(() => equivalenceTest({ estimate: 0, standardError: 1 }, { margin: 0, better: 'higher' })).toThrow(InvalidInputError);
    expect(() => equivalenceTest({ estimate: 0, standardError: 1 }, { margin: { lower: 1, upper: 2 }, better: 'higher' })).toThrow(
      InvalidInputError,
    );
  });

  it('rejects a non-positive standard error', () => {
    expect(() => equivalenceTest({ estimate: 0, standardError: 0 }, { margin: 1, better: 'higher' })).toThrow(InvalidInputError);
  });

  it('rejects swapped intervals', () => {
    const evidence = { estimate: 0, ci90: { low: -2, high: 2 }, ci95: { low: -1, high: 1 } };

    expect(() => equivalenceTest(evidence, { margin: 3, better: 'higher' })).toThrow(/must contain ci90/);
  });

  it('rejects a NaN estimate', () => {
    expect(() => equivalenceTest({ estimate: Number.NaN, standardError: 1 }, { margin: 1, better: 'higher' })).toThrow(
      InvalidInputError,
    );
  });
});
