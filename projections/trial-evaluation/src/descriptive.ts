/** Returns the arithmetic mean, or NaN for no values. */
export function mean(values: ArrayLike<number>): number {
  const count = values.length;
  if (count === 0) {
    return Number.NaN;
  }
  let sum = 0;
  for (let index = 0; index < count; index++) {
    sum += values[index] ?? Number.NaN;
  }
  return sum / count;
}

/**
 * Returns the sample variance with denominator n − 1, or NaN for fewer than two values.
 * It sums squared deviations from the mean (two passes), which avoids the cancellation
 * of the one-pass sum-of-squares formula.
 */
export function variance(values: ArrayLike<number>): number {
  const count = values.length;
  if (count < 2) {
    return Number.NaN;
  }
  const center = mean(values);
  let sumOfSquares = 0;
  for (let index = 0; index < count; index++) {
    const deviation = (values[index] ?? Number.NaN) - center;
    sumOfSquares += deviation * deviation;
  }
  return sumOfSquares / (count - 1);
}

/** Returns the sample standard deviation (denominator n − 1), or NaN for fewer than two values. */
export function standardDeviation(values: ArrayLike<number>): number {
  return Math.sqrt(variance(values));
}
