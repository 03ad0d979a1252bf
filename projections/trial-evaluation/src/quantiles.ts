import { InvalidInputError } from './errors.ts';

/**
 * Returns the sample quantile of `values` at `probability`, in Hyndman and Fan's
 * definition 7 (the default of R's `quantile` and of NumPy's `quantile`).
 *
 * With the n values sorted ascending as x[0] … x[n−1], h = (n − 1)·p and the result is
 * x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]). Returns NaN for no values. Sorts a copy, so
 * `values` is left unchanged.
 */
export function quantile(values: ArrayLike<number>, probability: number): number {
  const sorted = Float64Array.from(values).sort();
  return quantileSorted(sorted, probability);
}

/**
 * Returns the definition-7 quantile (see `quantile`) of values that are already sorted
 * ascending. The order is not checked.
 */
export function quantileSorted(sorted: ArrayLike<number>, probability: number): number {
  if (!(probability >= 0 && probability <= 1)) {
    throw new InvalidInputError(`probability must be in [0, 1], got ${probability}`);
  }
  const count = sorted.length;
  if (count === 0) {
    return Number.NaN;
  }

  const position = (count - 1) * probability;
  const lowerIndex = Math.floor(position);
  const fraction = position - lowerIndex;
  const lower = sorted[lowerIndex] ?? Number.NaN;
  if (fraction === 0) {
    return lower;
  }
  const upper = sorted[lowerIndex + 1] ?? Number.NaN;
  return lower + fraction * (upper - lower);
}
