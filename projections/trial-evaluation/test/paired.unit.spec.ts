import { describe, expect, it } from 'vitest';

import { InvalidInputError, pairedDifference, type PairedRow } from '../src/index.ts';

// Student's sleep data (Cushny and Peebles 1905, R's datasets::sleep): extra hours of
// sleep for 10 patients under drug 1 (control here) and drug 2 (treated here).
const DRUG_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const DRUG_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
const SLEEP_ROWS: PairedRow[] = DRUG_1.flatMap((control, index) => [
  { unit: `patient-${index + 1}`, treated: false, value: control },
  { unit: `patient-${index + 1}`, treated: true, value: DRUG_2[index] ?? Number.NaN },
]);

// Hand example with several rows per unit and one unpaired unit:
//   U1 treated [3, 5], control [2]        → 4 − 2 = 2
//   U2 treated [1],    control [1, 2, 3]  → 1 − 2 = −1
//   U3 treated [4] only                   → left out
//   U4 treated [6, 6, 9], control [5, 7]  → 7 − 6 = 1
// Mean difference (2 − 1 + 1)/3 = 2/3. Deviations 4/3, −5/3, 1/3 give Σd² = 42/9, so the
// variance is 42/9/2 = 7/3, SE = √(7/3)/√3 = √7/3 = 0.881917 and t = (2/3)/(√7/3) = 2/√7 = 0.755929.
const HAND_ROWS: PairedRow[] = [
  { unit: 'U1', treated: true, value: 3 },
  { unit: 'U1', treated: true, value: 5 },
  { unit: 'U1', treated: false, value: 2 },
  { unit: 'U2', treated: true, value: 1 },
  { unit: 'U2', treated: false, value: 1 },
  { unit: 'U2', treated: false, value: 2 },
  { unit: 'U2', treated: false, value: 3 },
  { unit: 'U3', treated: true, value: 4 },
  { unit: 'U4', treated: true, value: 6 },
  { unit: 'U4', treated: true, value: 6 },
  { unit: 'U4', treated: true, value: 9 },
  { unit: 'U4', treated: false, value: 5 },
  { unit: 'U4', treated: false, value: 7 },
];

describe('pairedDifference', () => {
  it('reproduces the sleep data t test', () => {
    // R's example `t.test(extra[group == 1], extra[group == 2], paired = TRUE)` prints
    // t = -4.0621, df = 9, p-value = 0.002833, 95% CI -2.4598858 -0.7001142, mean
    // difference -1.58. Here the sign is reversed because the difference is drug 2 − drug 1.
    const result = pairedDifference(SLEEP_ROWS, { bootstrapSamples: 500 });

    expect(result.estimate).toBeCloseTo(1.58, 12);
    expect(result.tStatistic).toBeCloseTo(4.0621, 4);
    expect(result.degreesOfFreedom).toBe(9);
    expect(result.tPValue).toBeCloseTo(0.002833, 6);
    expect(result.tCiLow).toBeCloseTo(0.7001142, 7);
    expect(result.tCiHigh).toBeCloseTo(2.4598858, 7);
  });

  it('averages per unit before differencing', () => {
    const result = pairedDifference(HAND_ROWS, { bootstrapSamples: 500 });

    expect(result.estimate).toBeCloseTo(2 / 3, 14);
    expect(result.treatedMean).toBeCloseTo((4 + 1 + 7) / 3, 14);
    expect(result.controlMean).toBeCloseTo((2 + 2 + 6) / 3, 14);
    expect(result.tStandardError).toBeCloseTo(Math.sqrt(7) / 3, 14);
    expect(result.tStatistic).toBeCloseTo(2 / Math.sqrt(7), 14);
    expect(result.degreesOfFreedom).toBe(2);
  });

  it('computes the t interval by hand', () => {
    // t(0.975, 2) = 0.95/√0.04875 = 4.302653, so the half-width is 4.302653 · 0.881917 = 3.794581.
    const result = pairedDifference(HAND_ROWS, { bootstrapSamples: 500 });
    const halfWidth = (0.95 / Math.sqrt(0.04875)) * (Math.sqrt(7) / 3);

    expect(result.tCiLow).toBeCloseTo(2 / 3 - halfWidth, 12);
    expect(result.tCiHigh).toBeCloseTo(2 / 3 + halfWidth, 12);
  });

  it('counts units and rows', () => {
    const result = pairedDifference(HAND_ROWS, { bootstrapSamples: 500 });

    expect(result.units).toBe(3);
    expect(result.unpairedUnits).toBe(1);
    expect(result.unpairedObservations).toBe(1);
    expect(result.n).toBe(12);
    expect(result.treatedObservations).toBe(6);
    expect(result.controlObservations).toBe(6);
  });

  it('bootstraps within the range of unit differences', () => {
    // Resampled means of {2, −1, 1} lie between −1 and 2, so the interval must too.
    const result = pairedDifference(HAND_ROWS, { bootstrapSamples: 2000, seed: 4 });

    expect(result.ciLow).toBeGreaterThanOrEqual(-1);
    expect(result.ciHigh).toBeLessThanOrEqual(2);
    expect(result.ciLow).toBeLessThan(result.estimate);
    expect(result.ciHigh).toBeGreaterThan(result.estimate);
    expect(result.reason).toBeNull();
  });

  it('matches the ideal bootstrap standard error', () => {
    // The bootstrap variance of a mean of m values is Σ(d − d̄)²/m², here (42/9)/9,
    // so SE = √42/9 = 0.72008. 20000 resamples estimate it to about 0.5%.
    const result = pairedDifference(HAND_ROWS, { bootstrapSamples: 20_000, seed: 8 });

    expect(Math.abs(result.standardError / (Math.sqrt(42) / 9) - 1)).toBeLessThan(0.03);
  });

  it('returns NaN without paired units', () => {
    const rows = HAND_ROWS.filter((row) => row.treated);

    const result = pairedDifference(rows);

    expect(result.estimate).toBeNaN();
    expect(result.units).toBe(0);
    expect(result.unpairedUnits).toBe(4);
    expect(result.reason?.code).toBe('no-paired-units');
  });

  it('keeps the estimate of a single unit', () => {
    const rows = HAND_ROWS.filter((row) => row.unit === 'U1');

    const result = pairedDifference(rows);

    expect(result.estimate).toBe(2);
    expect(result.standardError).toBeNaN();
    expect(result.tCiLow).toBeNaN();
    expect(result.reason?.code).toBe('single-cluster');
  });

  it('rejects non-finite values', () => {
    const rows = [...HAND_ROWS, { unit: 'U5', treated: true, value: Number.POSITIVE_INFINITY }];

    expect(() => pairedDifference(rows)).toThrow(InvalidInputError);
  });
});
