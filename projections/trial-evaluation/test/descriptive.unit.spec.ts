import { describe, expect, it } from 'vitest';

import { InvalidInputError, mean, quantile, quantileSorted, standardDeviation, variance } from '../src/index.ts';

describe('mean and variance', () => {
  it('match hand arithmetic', () => {
    const values = [2, 4, 4, 4, 5, 5, 7, 9];

    // The sum is 40 over 8 values. Squared deviations from 5 sum to 9+1+1+1+0+0+4+16 = 32.
    expect(mean(values)).toBe(5);
    expect(variance(values)).toBeCloseTo(32 / 7, 14);
    expect(standardDeviation(values)).toBeCloseTo(Math.sqrt(32 / 7), 14);
  });

  it('keep precision for a large offset', () => {
    // The one-pass formula Σx² − n·mean² loses all digits here, but two passes do not.
    const values = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];

    expect(variance(values)).toBe(30);
  });

  it('return NaN for too few values', () => {
    expect(mean([])).toBeNaN();
    expect(variance([3])).toBeNaN();
  });
});

describe('quantile', () => {
  it('interpolates by definition 7', () => {
    // n = 4, p = 0.1: h = 3·0.1 = 0.3, so 1 + 0.3·(2 − 1) = 1.3.
    expect(quantile([4, 1, 3, 2], 0.1)).toBeCloseTo(1.3, 14);
    // 1…10, p = 0.33: h = 9·0.33 = 2.97, so x[2] + 0.97·(x[3] − x[2]) = 3 + 0.97 = 3.97.
    expect(quantile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 0.33)).toBeCloseTo(3.97, 14);
    // p = 0.5 of an even count is the mean of the middle pair.
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });

  it('returns the extremes at 0 and 1', () => {
    expect(quantile([5, -2, 9], 0)).toBe(-2);
    expect(quantile([5, -2, 9], 1)).toBe(9);
  });

  it('leaves its input unsorted', () => {
    const values = [3, 1, 2];

    quantile(values, 0.5);

    expect(values).toEqual([3, 1, 2]);
  });

  it('returns NaN for no values', () => {
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it('rejects probabilities outside [0, 1]', () => {
    expect(() => quantile([1, 2], 1.5)).toThrow(InvalidInputError);
    expect(() => quantile([1, 2], Number.NaN)).toThrow(InvalidInputError);
  });
});
