import { describe, expect, it } from 'vitest';

import {
  clusterBootstrap,
  clusterBootstrapByWeights,
  DEFAULT_SEED,
  differenceInDifferences,
  type DifferenceInDifferencesRow,
  InvalidInputError,
  percentileInterval,
} from '../src/index.ts';

interface Row {
  unit: string;
  value: number;
}

function meanOfClusters(clusters: readonly (readonly Row[])[]): number {
  let sum = 0;
  let count = 0;
  for (const cluster of clusters) {
    for (const row of cluster) {
      sum += row.value;
      count++;
    }
  }
  return sum / count;
}

describe('percentileInterval', () => {
  it('takes definition-7 quantiles of the replicates', () => {
    const replicates = Array.from({ length: 101 }, (_, index) => index + 1);

    // 90%: p = 0.05 and 0.95 with n = 101 give h = 5 and 95, the 6th and 96th values.
    // (1 − 0.9)/2 is 0.04999999999999999 in binary, hence closeness rather than identity.
    const interval = percentileInterval(replicates, 0.9);

    expect(interval.low).toBeCloseTo(6, 12);
    expect(interval.high).toBeCloseTo(96, 12);
  });
});

describe('clusterBootstrap', () => {
  it('resamples whole clusters', () => {
    // Cluster a contains only 1s and cluster b only 3s, so a resample of two clusters
    // has mean 1 (a, a), 2 (a, b) or 3 (b, b) when whole clusters are kept.
    const rows: Row[] = [
      { unit: 'a', value: 1 },
      { unit: 'a', value: 1 },
      { unit: 'b', value: 3 },
      { unit: 'b', value: 3 },
    ];

    const result = clusterBootstrap(rows, (row) => row.unit, meanOfClusters, { bootstrapSamples: 4000, seed: 11 });

    const distinct = new Set(result.replicates);
    expect([...distinct].sort()).toEqual([1, 2, 3]);
    // Probabilities are 1/4, 1/2 and 1/4. Each share has SD ≤ 0.008 for 4000 resamples.
    const share = (value: number): number => result.replicates.filter((replicate) => replicate === value).length / 4000;
    expect(share(1)).toBeCloseTo(0.25, 1);
    expect(share(2)).toBeCloseTo(0.5, 1);
    expect(share(3)).toBeCloseTo(0.25, 1);
  });

  it('matches the ideal bootstrap standard error of a mean', () => {
    // k equal-size clusters with means x_i: the bootstrap SE of the overall mean is
    // √(Σ(x_i − x̄)²)/k. For x = 0…9 that is √82.5/10 = 0.9083.
    const rows: Row[] = [];
    for (let cluster = 0; cluster < 10; cluster++) {
      rows.push({ unit: `c${cluster}`, value: cluster - 0.5 }, { unit: `c${cluster}`, value: cluster + 0.5 });
    }

    const result = clusterBootstrap(rows, (row) => row.unit, meanOfClusters, { bootstrapSamples: 20_000, seed: 2 });

    // The SE of an SD estimate from B draws is about SD/√(2B), 0.5% here, so 3% is ample.
    expect(Math.abs(result.standardError / (Math.sqrt(82.5) / 10) - 1)).toBeLessThan(0.03);
    expect(result.estimate).toBe(4.5);
  });

  it('ignores the order of rows', () => {
    const rows: Row[] = [
      { unit: 'x', value: 5 },
      { unit: 'y', value: 1 },
      { unit: 'z', value: 2 },
      { unit: 'x', value: 7 },
    ];
    const reversed = [...rows].reverse();

    const forward = clusterBootstrap(rows, (row) => row.unit, meanOfClusters, { bootstrapSamples: 50 });
    const backward = clusterBootstrap(reversed, (row) => row.unit, meanOfClusters, { bootstrapSamples: 50 });

    expect(backward.replicates).toEqual(forward.replicates);
  });

  it('uses the same draws as the aggregated DiD', () => {
    // Rows of 6 employees in the four cells. The generic bootstrap recomputes the DiD
    // from raw rows, the fast path from per-employee sums. Same seed, same draws.
    const rows: DifferenceInDifferencesRow[] = [];
    for (let employee = 0; employee < 6; employee++) {
      for (let day = 0; day < 8; day++) {
        rows.push({
          unit: `e${employee}`,
          treated: day % 2 === 0,
          post: day >= 4,
          value: ((employee * 7 + day * 3) % 5) + (day >= 4 && day % 2 === 0 ? 1 : 0),
        });
      }
    }
    const didOfClusters = (clusters: readonly (readonly DifferenceInDifferencesRow[])[]): number => {
      const sums = [0, 0, 0, 0];
      const counts = [0, 0, 0, 0];
      for (const cluster of clusters) {
        for (const row of cluster) {
          const cell = (row.treated ? 2 : 0) + (row.post ? 1 : 0);
          sums[cell] = (sums[cell] ?? 0) + row.value;
          counts[cell] = (counts[cell] ?? 0) + 1;
        }
      }
      const cellMean = (cell: number): number => (sums[cell] ?? 0) / (counts[cell] ?? 0);
      return cellMean(3) - cellMean(2) - (cellMean(1) - cellMean(0));
    };

    const generic = clusterBootstrap(rows, (row) => row.unit, didOfClusters, { bootstrapSamples: 300, seed: 9 });
    const fast = differenceInDifferences(rows, { bootstrapSamples: 300, seed: 9 });

    expect(fast.estimate).toBeCloseTo(generic.estimate, 12);
    expect(fast.bootstrapReplicates.length).toBe(generic.replicates.length);
    fast.bootstrapReplicates.forEach((replicate, index) => {
      expect(replicate).toBeCloseTo(generic.replicates[index] ?? Number.NaN, 12);
    });
  });
});

describe('clusterBootstrapByWeights', () => {
  it('passes weights that sum to the cluster count', () => {
    const sums: number[] = [];

    clusterBootstrapByWeights(
      7,
      (weights) => {
        sums.push(weights.reduce((total, weight) => total + weight, 0));
        return 0;
      },
      { bootstrapSamples: 20 },
    );

    // The first call is the estimate with every weight 1.
    expect(sums.length).toBe(21);
    expect(new Set(sums)).toEqual(new Set([7]));
  });

  it('counts non-finite replicates as failed', () => {
    let call = 0;

    const result = clusterBootstrapByWeights(3, () => (call++ % 2 === 0 ? 1 : Number.NaN), { bootstrapSamples: 10 });

    // Calls 0 (the estimate), 2, 4, … return 1 and calls 1, 3, …, 9 return NaN, so 5 of the 10 resamples fail.
    expect(result.failedSamples).toBe(5);
    expect(result.replicates.length).toBe(5);
  });

  it('applies defaults', () => {
    const result = clusterBootstrapByWeights(3, () => 0);

    expect(result.bootstrapSamples).toBe(2000);
    expect(result.seed).toBe(DEFAULT_SEED);
    expect(result.confidenceLevel).toBe(0.95);
  });

  it('rejects invalid options', () => {
    expect(() => clusterBootstrapByWeights(1, () => 0)).toThrow(InvalidInputError);
    expect(() => clusterBootstrapByWeights(3, () => 0, { bootstrapSamples: 1 })).toThrow(InvalidInputError);
    expect(() => clusterBootstrapByWeights(3, () => 0, { confidenceLevel: 1 })).toThrow(InvalidInputError);
    expect(() => clusterBootstrapByWeights(3, () => 0, { seed: -4 })).toThrow(InvalidInputError);
  });
});
