import { describe, expect, it } from 'vitest';

import { differenceInDifferences, type DifferenceInDifferencesRow, InvalidInputError } from '../src/index.ts';

function row(unit: string, treated: boolean, post: boolean, value: number): DifferenceInDifferencesRow {
  return { unit, treated, post, value };
}

// Distinct units with unequal row counts: A and B treated, C and D control.
//   treated pre:  A [2, 4], B [6]      observation mean 12/3 = 4,    cluster mean (3 + 6)/2 = 4.5
//   treated post: A [5],    B [7, 9]   observation mean 21/3 = 7,    cluster mean (5 + 8)/2 = 6.5
//   control pre:  C [1, 3], D [2]      observation mean 6/3 = 2,     cluster mean (2 + 2)/2 = 2
//   control post: C [2],    D [3, 5]   observation mean 10/3,        cluster mean (2 + 4)/2 = 3
// Observation-weighted DiD = (7 − 4) − (10/3 − 2) = 5/3. Cluster-weighted DiD = (6.5 − 4.5) − (3 − 2) = 1.
const DISTINCT_UNITS = [
  row('A', true, false, 2),
  row('A', true, false, 4),
  row('B', true, false, 6),
  row('A', true, true, 5),
  row('B', true, true, 7),
  row('B', true, true, 9),
  row('C', false, false, 1),
  row('C', false, false, 3),
  row('D', false, false, 2),
  row('C', false, true, 2),
  row('D', false, true, 3),
  row('D', false, true, 5),
];

// Weekday-matched design: the same two employees are treated (Thu/Fri) and control (Mon–Wed).
//   E1: treated pre [1, 1], treated post [0, 1], control pre [1, 1, 1], control post [1, 1, 0]
//   E2: treated pre [0, 1], treated post [0, 0], control pre [1, 0, 1], control post [1, 1, 1]
// Cell means 3/4, 1/4, 5/6, 5/6, so DiD = (1/4 − 3/4) − (5/6 − 5/6) = −1/2.
// E1 alone: (1/2 − 1) − (2/3 − 1) = −1/6. E2 alone: (0 − 1/2) − (1 − 2/3) = −5/6.
const SHARED_UNITS = [
  ...[1, 1].map((value) => row('E1', true, false, value)),
  ...[0, 1].map((value) => row('E1', true, true, value)),
  ...[1, 1, 1].map((value) => row('E1', false, false, value)),
  ...[1, 1, 0].map((value) => row('E1', false, true, value)),
  ...[0, 1].map((value) => row('E2', true, false, value)),
  ...[0, 0].map((value) => row('E2', true, true, value)),
  ...[1, 0, 1].map((value) => row('E2', false, false, value)),
  ...[1, 1, 1].map((value) => row('E2', false, true, value)),
];

describe('differenceInDifferences', () => {
  it('weights observations by default', () => {
    const result = differenceInDifferences(DISTINCT_UNITS, { bootstrapSamples: 200 });

    expect(result.estimate).toBeCloseTo(5 / 3, 14);
    expect(result.treatedPre).toBeCloseTo(4, 14);
    expect(result.treatedPost).toBeCloseTo(7, 14);
    expect(result.controlPre).toBeCloseTo(2, 14);
    expect(result.controlPost).toBeCloseTo(10 / 3, 14);
    expect(result.method.weighting).toBe('observation');
  });

  it('averages within units first on request', () => {
    const result = differenceInDifferences(DISTINCT_UNITS, { bootstrapSamples: 200, weighting: 'cluster' });

    expect(result.estimate).toBeCloseTo(1, 14);
    expect(result.treatedPre).toBeCloseTo(4.5, 14);
    expect(result.controlPost).toBeCloseTo(3, 14);
  });

  it('reports counts per cell', () => {
    const result = differenceInDifferences(DISTINCT_UNITS, { bootstrapSamples: 200 });

    expect(result.n).toBe(12);
    expect(result.clusters).toBe(4);
    expect(result.cells.treatedPre).toEqual({ mean: 4, observations: 3, clusters: 2 });
    expect(result.cells.controlPost.observations).toBe(3);
    expect(result.treatedChange).toBeCloseTo(3, 14);
    expect(result.controlChange).toBeCloseTo(4 / 3, 14);
  });

  it('accepts units in both groups', () => {
    const observation = differenceInDifferences(SHARED_UNITS, { bootstrapSamples: 200 });
    const cluster = differenceInDifferences(SHARED_UNITS, { bootstrapSamples: 200, weighting: 'cluster' });

    expect(observation.estimate).toBeCloseTo(-0.5, 14);
    expect(observation.clusters).toBe(2);
    // Every employee has the same number of rows per cell, so both weightings agree.
    expect(cluster.estimate).toBeCloseTo(-0.5, 14);
  });

  it('bootstraps employees, not rows', () => {
    // Two employees: a resample is (E1, E1), (E1, E2) or (E2, E2) with probabilities
    // 1/4, 1/2, 1/4, giving −1/6, −1/2 and −5/6. The 2.5% and 97.5% quantiles fall
    // inside the outer masses, so the interval is [−5/6, −1/6]. The SD of that
    // distribution is √(1/2 · (1/3)²) = √(1/18) = 0.2357.
    const result = differenceInDifferences(SHARED_UNITS, { bootstrapSamples: 4000, seed: 17 });

    expect(result.ciLow).toBeCloseTo(-5 / 6, 12);
    expect(result.ciHigh).toBeCloseTo(-1 / 6, 12);
    expect(result.standardError).toBeCloseTo(Math.sqrt(1 / 18), 2);
  });

  it('reproduces the Card and Krueger cell means', () => {
    // Card and Krueger (1994), American Economic Review 84(4), Table 3: mean FTE employment
    // per store, New Jersey (treated) 20.44 before and 21.03 after, Pennsylvania 23.33 and
    // 21.17. Four stores per state reproduce those means, each observed before and after.
    const stores = (state: string, before: number[], after: number[], treated: boolean): DifferenceInDifferencesRow[] =>
      before.flatMap((value, index) => [
        row(`${state}-${index}`, treated, false, value),
        row(`${state}-${index}`, treated, true, after[index] ?? Number.NaN),
      ]);
    const rows = [
      // Before: 19.44 + 21.44 + 20.00 + 20.88 = 81.76 = 4·20.44. After: 20.03 + 22.03 + 21.50 + 20.56 = 84.12 = 4·21.03.
      ...stores('NJ', [19.44, 21.44, 20.0, 20.88], [20.03, 22.03, 21.5, 20.56], true),
      // Before: 22.33 + 24.33 + 23.00 + 23.66 = 93.32 = 4·23.33. After: 20.17 + 22.17 + 21.00 + 21.34 = 84.68 = 4·21.17.
      ...stores('PA', [22.33, 24.33, 23.0, 23.66], [20.17, 22.17, 21.0, 21.34], false),
    ];

    const result = differenceInDifferences(rows, { bootstrapSamples: 200 });

    // (21.03 − 20.44) − (21.17 − 23.33) = 0.59 + 2.16 = 2.75. The paper prints 2.76
    // because it subtracts unrounded means, and rounded inputs can move the result by 0.01.
    expect(result.treatedPre).toBeCloseTo(20.44, 10);
    expect(result.treatedPost).toBeCloseTo(21.03, 10);
    expect(result.controlPre).toBeCloseTo(23.33, 10);
    expect(result.controlPost).toBeCloseTo(21.17, 10);
    expect(result.treatedChange).toBeCloseTo(0.59, 10);
    expect(result.controlChange).toBeCloseTo(-2.16, 10);
    expect(result.estimate).toBeCloseTo(2.75, 10);
    expect(Math.abs(result.estimate - 2.76)).toBeLessThanOrEqual(0.01 + 1e-12);
  });

  it('returns NaN for an empty cell', () => {
    const rows = DISTINCT_UNITS.filter((candidate) => !(candidate.treated && candidate.post));

    const result = differenceInDifferences(rows);

    expect(result.estimate).toBeNaN();
    expect(result.ciLow).toBeNaN();
    expect(result.reason?.code).toBe('empty-cell');
    expect(result.reason?.message).toContain('treatedPost');
    expect(result.cells.treatedPost.observations).toBe(0);
  });

  it('returns NaN for no rows', () => {
    const result = differenceInDifferences([]);

    expect(result.estimate).toBeNaN();
    expect(result.n).toBe(0);
    expect(result.reason?.code).toBe('empty-cell');
  });

  it('keeps the estimate of a single unit', () => {
    const rows = SHARED_UNITS.filter((candidate) => candidate.unit === 'E1');

    const result = differenceInDifferences(rows);

    expect(result.estimate).toBeCloseTo(-1 / 6, 14);
    expect(result.standardError).toBeNaN();
    expect(result.ciLow).toBeNaN();
    expect(result.reason?.code).toBe('single-cluster');
  });

  it('drops resamples with an empty cell', () => {
    // Unit b alone has control-post rows, so a resample without b has an empty cell.
    // With seed 5 all three resamples miss b (each does with probability 1/4).
    const rows = [row('a', true, false, 1), row('a', true, true, 2), row('a', false, false, 3), row('b', false, true, 4)];

    const result = differenceInDifferences(rows, { bootstrapSamples: 3, seed: 5 });

    expect(result.estimate).toBe(0);
    expect(result.failedBootstrapSamples).toBe(3);
    expect(result.standardError).toBeNaN();
    expect(result.reason?.code).toBe('no-valid-bootstrap-samples');
  });

  it('rejects non-finite values', () => {
    const rows = [...SHARED_UNITS, row('E3', true, true, Number.NaN)];

    expect(() => differenceInDifferences(rows)).toThrow(InvalidInputError);
    expect(() => differenceInDifferences(rows)).toThrow(/row 20 \(unit E3\)/);
  });

  it('rejects an unknown weighting', () => {
    const options = { weighting: 'employee' } as unknown as Parameters<typeof differenceInDifferences>[1];

    expect(() => differenceInDifferences(SHARED_UNITS, options)).toThrow(InvalidInputError);
  });
});
