import { compareCodeUnits } from './bootstrap.ts';
import { InvalidInputError } from './errors.ts';

/**
 * Per-cluster sums and observation counts for each cell of a design, the input that
 * the bootstrap resamples instead of raw rows.
 */
export interface ClusterAggregates {
  /** Cluster keys in code-unit order. Cluster i is keys[i]. */
  keys: string[];
  cellCount: number;
  /** Sum of values of cluster i in cell j at index i·cellCount + j. */
  sums: Float64Array;
  /** Number of rows of cluster i in cell j, at the same index as `sums`. */
  counts: Float64Array;
  /** Total number of rows. */
  observations: number;
}

/**
 * Sums values and counts rows per cluster and cell in one pass over `rows`.
 *
 * `cellOf` returns the row's cell, an integer in [0, cellCount). Throws
 * `InvalidInputError`, naming the row index, for a unit that is not a string, a value
 * that is not a finite number or a cell out of range.
 */
export function aggregateByCluster<Row extends { unit: string; value: number }>(
  rows: readonly Row[],
  cellOf: (row: Row) => number,
  cellCount: number,
): ClusterAggregates {
  const indexByKey = new Map<string, number>();
  const keysInArrivalOrder: string[] = [];
  const sums: number[] = [];
  const counts: number[] = [];

  for (let rowIndex = 0; rowIndex < rows.length; rowIndex++) {
    const row = rows[rowIndex] as Row;
    if (typeof row.unit !== 'string') {
      throw new InvalidInputError(`row ${rowIndex}: unit must be a string, got ${String(row.unit)}`);
    }
    if (!Number.isFinite(row.value)) {
      throw new InvalidInputError(`row ${rowIndex} (unit ${row.unit}): value must be a finite number, got ${row.value}`);
    }

    let clusterIndex = indexByKey.get(row.unit);
    if (clusterIndex === undefined) {
      clusterIndex = keysInArrivalOrder.length;
      indexByKey.set(row.unit, clusterIndex);
      keysInArrivalOrder.push(row.unit);
      for (let cell = 0; cell < cellCount; cell++) {
        sums.push(0);
        counts.push(0);
      }
    }

    const cell = cellOf(row);
    if (!(Number.isInteger(cell) && cell >= 0 && cell < cellCount)) {
      throw new InvalidInputError(`row ${rowIndex}: cell must be an integer in [0, ${cellCount}), got ${cell}`);
    }
    const slot = clusterIndex * cellCount + cell;
    sums[slot] = (sums[slot] ?? 0) + row.value;
    counts[slot] = (counts[slot] ?? 0) + 1;
  }

  // Sorting the clusters by key makes the bootstrap draws independent of row order.
  const order = keysInArrivalOrder.map((key, index) => ({ key, index })).sort((left, right) => compareCodeUnits(left.key, right.key));
  const sortedSums = new Float64Array(sums.length);
  const sortedCounts = new Float64Array(counts.length);
  order.forEach(({ index }, position) => {
    for (let cell = 0; cell < cellCount; cell++) {
      sortedSums[position * cellCount + cell] = sums[index * cellCount + cell] ?? 0;
      sortedCounts[position * cellCount + cell] = counts[index * cellCount + cell] ?? 0;
    }
  });

  return {
    keys: order.map(({ key }) => key),
    cellCount,
    sums: sortedSums,
    counts: sortedCounts,
    observations: rows.length,
  };
}
