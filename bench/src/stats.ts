/** Spread of one figure over the repeats of a run. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** First and third quartile, which are rough with fewer than four samples. */
  readonly q1: number;
  readonly q3: number;
  readonly samples: readonly number[];
}

/**
 * Returns the value at quantile `q` (0 to 1) of an ascending array, interpolating
 * linearly between the two nearest ranks (the method of NumPy's default `linear`).
 */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  if (q < 0 || q > 1) {
    throw new RangeError(`quantile must be between 0 and 1, got ${q}`);
  }
  const rank = q * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower] ?? Number.NaN;
  const high = sorted[upper] ?? Number.NaN;
  return low + (high - low) * (rank - lower);
}

export function summarise(samples: readonly number[]): Summary {
  const sorted = Float64Array.from(samples).sort();
  return {
    median: quantileOfSorted(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    q1: quantileOfSorted(sorted, 0.25),
    q3: quantileOfSorted(sorted, 0.75),
    samples: [...samples],
  };
}

/** Latency percentiles of one trial, in milliseconds. */
export interface LatencyPercentiles {
  readonly count: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Computes exact percentiles by sorting every sample; the recorder keeps them all. */
export function latencyPercentiles(recorder: LatencyRecorder): LatencyPercentiles {
  const sorted = recorder.values().sort();
  return {
    count: sorted.length,
    p50Ms: quantileOfSorted(sorted, 0.5),
    p90Ms: quantileOfSorted(sorted, 0.9),
    p99Ms: quantileOfSorted(sorted, 0.99),
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Growable store of latency samples in milliseconds, kept in one typed array. */
export class LatencyRecorder {
  private buffer = new Float64Array(16_384);
  private length = 0;

  record(milliseconds: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Float64Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length] = milliseconds;
    this.length += 1;
  }

  get count(): number {
    return this.length;
  }

  /** Returns a copy of the samples, in recording order. */
  values(): Float64Array {
    return this.buffer.slice(0, this.length);
  }
}

/** Least-squares line y = intercept + slope * x, with the coefficient of determination. */
export interface LinearFit {
  readonly slope: number;
  readonly intercept: number;
  /** R²: 1 is a perfect line; NaN with fewer than two distinct x values. */
  readonly r2: number;
}

export function linearFit(points: readonly { readonly x: number; readonly y: number }[]): LinearFit {
  const count = points.length;
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / count;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / count;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const point of points) {
    sxx += (point.x - meanX) ** 2;
    sxy += (point.x - meanX) * (point.y - meanY);
    syy += (point.y - meanY) ** 2;
  }
  if (count < 2 || sxx === 0) {
    return { slope: Number.NaN, intercept: Number.NaN, r2: Number.NaN };
  }
  const slope = sxy / sxx;
  const residual = points.reduce((sum, point) => sum + (point.y - (meanY + slope * (point.x - meanX))) ** 2, 0);
  return { slope, intercept: meanY - slope * meanX, r2: syy === 0 ? 1 : 1 - residual / syy };
}
