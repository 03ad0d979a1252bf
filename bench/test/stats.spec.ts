import { describe, expect, it } from 'vitest';

import { LatencyRecorder, latencyPercentiles, linearFit, quantileOfSorted, summarise } from '../src/stats.ts';

describe('quantileOfSorted', () => {
  it('interpolates between ranks', () => {
    const sorted = Float64Array.from([10, 20, 30, 40]);
    expect(quantileOfSorted(sorted, 0)).toBe(10);
    expect(quantileOfSorted(sorted, 1)).toBe(40);
    expect(quantileOfSorted(sorted, 0.5)).toBe(25);
    expect(quantileOfSorted(sorted, 0.25)).toBeCloseTo(17.5);
  });

  it('returns NaN for no samples', () => {
    expect(quantileOfSorted([], 0.5)).toBeNaN();
  });

  it('rejects a quantile outside 0 to 1', () => {
    expect(() => quantileOfSorted([1], 1.5)).toThrow(RangeError);
  });
});

describe('summarise', () => {
  it('reports median, extremes and quartiles', () => {
    const summary = summarise([5, 1, 3]);
    expect(summary.median).toBe(3);
    expect(summary.min).toBe(1);
    expect(summary.max).toBe(5);
    expect(summary.q1).toBe(2);
    expect(summary.q3).toBe(4);
    expect(summary.samples).toEqual([5, 1, 3]);
  });
});

describe('LatencyRecorder', () => {
  it('keeps every sample past its first buffer', () => {
    const recorder = new LatencyRecorder();
    for (let index = 1; index <= 50_000; index += 1) {
      recorder.record(index);
    }
    const percentiles = latencyPercentiles(recorder);
    expect(percentiles.count).toBe(50_000);
    expect(percentiles.p50Ms).toBeCloseTo(25_000.5);
    expect(percentiles.p99Ms).toBeCloseTo(49_500.01);
    expect(percentiles.maxMs).toBe(50_000);
  });
});

describe('linearFit', () => {
  it('recovers an exact line', () => {
    const fit = linearFit([
      { x: 0.5, y: 12 },
      { x: 1, y: 22 },
      { x: 2, y: 42 },
    ]);
    expect(fit.slope).toBeCloseTo(20);
    expect(fit.intercept).toBeCloseTo(2);
    expect(fit.r2).toBeCloseTo(1);
  });

  it('reports how far points stray', () => {
    const fit = linearFit([
      { x: 1, y: 1 },
      { x: 2, y: 3 },
      { x: 3, y: 2 },
    ]);
    expect(fit.slope).toBeCloseTo(0.5);
    expect(fit.r2).toBeCloseTo(0.25);
  });

  it('returns NaN for a single x value', () => {
    expect(linearFit([{ x: 1, y: 2 }]).slope).toBeNaN();
  });
});
