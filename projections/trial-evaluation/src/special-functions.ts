/**
 * Special functions behind the normal and Student t distributions: log-gamma, the
 * regularized incomplete beta function and the regularized incomplete gamma function.
 * Each is evaluated from its series or continued fraction to about double precision.
 */

// Iterations stop once a step changes the value by at most one unit in the last place.
const EPSILON = Number.EPSILON;
// Stands in for zero in the modified Lentz algorithm so that no step divides by zero.
const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Returns ln Γ(x) for x > 0, NaN otherwise.
 *
 * Uses Γ(x) = Γ(x + k) / (x·(x + 1)···(x + k − 1)) to move the argument to at least 15,
 * then the Stirling series with the Bernoulli numbers B2 … B14. At 15 the first omitted
 * term is below 1e-19, so the error comes from rounding, about 1e-14 absolute.
 */
export function logGamma(x: number): number {
  if (!(x > 0)) {
    return Number.NaN;
  }
  if (x === Number.POSITIVE_INFINITY) {
    return Number.POSITIVE_INFINITY;
  }

  let shifted = x;
  let product = 1;
  while (shifted < 15) {
    product *= shifted;
    shifted += 1;
  }

  const inverse = 1 / shifted;
  const inverseSquared = inverse * inverse;
  // Σ B2k / (2k·(2k − 1)·z^(2k−1)) for k = 1 … 7, in Horner form.
  const correction =
    inverse *
    (1 / 12 +
      inverseSquared *
        (-1 / 360 +
          inverseSquared *
            (1 / 1260 +
              inverseSquared *
                (-1 / 1680 + inverseSquared * (1 / 1188 + inverseSquared * (-691 / 360_360 + inverseSquared / 156))))));

  return (shifted - 0.5) * Math.log(shifted) - shifted + HALF_LOG_TWO_PI + correction - Math.log(product);
}

/** Returns ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/**
 * Returns the regularized incomplete beta function I_x(a, b) for a, b > 0 and x in [0, 1].
 * Returns NaN for other arguments.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0 && x >= 0 && x <= 1)) {
    return Number.NaN;
  }
  return incompleteBetaWithComplement(x, 1 - x, a, b);
}

/**
 * Returns I_x(a, b) given x and y = 1 − x computed separately by the caller. Passing y
 * keeps precision when x is close to 1, where 1 − x would cancel.
 *
 * The continued fraction converges fast for x < (a + 1)/(a + b + 2). Above that point
 * the function uses the symmetry I_x(a, b) = 1 − I_y(b, a).
 */
export function incompleteBetaWithComplement(x: number, y: number, a: number, b: number): number {
  if (x <= 0) {
    return 0;
  }
  if (y <= 0) {
    return 1;
  }

  const logFront = a * Math.log(x) + b * Math.log(y) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) {
    return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  }
  return 1 - (Math.exp(logFront) * betaContinuedFraction(y, b, a)) / b;
}

/**
 * Evaluates the continued fraction 1/(1 + d1/(1 + d2/(1 + …))) of the incomplete beta
 * function with the modified Lentz algorithm, where
 * d(2m + 1) = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)) and
 * d(2m) = m(b − m)x / ((a + 2m − 1)(a + 2m)).
 */
function betaContinuedFraction(x: number, a: number, b: number): number {
  let numeratorRatio = 1;
  let denominatorRatio = guardZero(1 - ((a + b) * x) / (a + 1));
  denominatorRatio = 1 / denominatorRatio;
  let value = denominatorRatio;

  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const twoM = 2 * m;

    const evenTerm = (m * (b - m) * x) / ((a + twoM - 1) * (a + twoM));
    denominatorRatio = 1 / guardZero(1 + evenTerm * denominatorRatio);
    numeratorRatio = guardZero(1 + evenTerm / numeratorRatio);
    value *= denominatorRatio * numeratorRatio;

    const oddTerm = (-(a + m) * (a + b + m) * x) / ((a + twoM) * (a + twoM + 1));
    denominatorRatio = 1 / guardZero(1 + oddTerm * denominatorRatio);
    numeratorRatio = guardZero(1 + oddTerm / numeratorRatio);
    const step = denominatorRatio * numeratorRatio;
    value *= step;

    if (Math.abs(step - 1) <= EPSILON) {
      return value;
    }
  }
  throw new Error(`incomplete beta continued fraction did not converge for x=${x}, a=${a}, b=${b}`);
}

/**
 * Returns the regularized upper incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a) for
 * a > 0 and x ≥ 0, NaN otherwise. Below x = a + 1 it sums the series of P = 1 − Q.
 * From there on it evaluates Legendre's continued fraction for Q, which keeps small
 * upper tails accurate in relative terms.
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0 && x >= 0)) {
    return Number.NaN;
  }
  if (x === 0) {
    return 1;
  }
  if (x === Number.POSITIVE_INFINITY) {
    return 0;
  }

  const logFront = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    return 1 - Math.exp(logFront) * gammaSeries(a, x);
  }
  return Math.exp(logFront) * gammaContinuedFraction(a, x);
}

/** Sums Σ x^n / (a(a + 1)···(a + n)) over n ≥ 0, so that P(a, x) = e^(−x)·x^a/Γ(a) times the sum. */
function gammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n <= MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) {
      return sum;
    }
  }
  throw new Error(`incomplete gamma series did not converge for a=${a}, x=${x}`);
}

/**
 * Evaluates 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − …))) with the
 * modified Lentz algorithm, so that Q(a, x) = e^(−x)·x^a/Γ(a) times the result.
 */
function gammaContinuedFraction(a: number, x: number): number {
  let denominatorTerm = x + 1 - a;
  let numeratorRatio = 1 / TINY;
  let denominatorRatio = 1 / guardZero(denominatorTerm);
  let value = denominatorRatio;

  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const partialNumerator = -i * (i - a);
    denominatorTerm += 2;
    denominatorRatio = 1 / guardZero(partialNumerator * denominatorRatio + denominatorTerm);
    numeratorRatio = guardZero(denominatorTerm + partialNumerator / numeratorRatio);
    const step = denominatorRatio * numeratorRatio;
    value *= step;

    if (Math.abs(step - 1) <= EPSILON) {
      return value;
    }
  }
  throw new Error(`incomplete gamma continued fraction did not converge for a=${a}, x=${x}`);
}

function guardZero(value: number): number {
  return Math.abs(value) < TINY ? TINY : value;
}
