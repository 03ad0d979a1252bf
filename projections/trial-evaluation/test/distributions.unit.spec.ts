import { describe, expect, it } from 'vitest';

import {
  logGamma,
  normalCdf,
  normalQuantile,
  regularizedGammaQ,
  regularizedIncompleteBeta,
  studentTCdf,
  studentTQuantile,
} from '../src/index.ts';

// Reference values to the shown digits: printed t tables where noted, closed forms
// where derived, and otherwise SciPy 1.17.1 (scipy.stats.t / scipy.stats.norm).

describe('studentTQuantile', () => {
  it.each([
    // [p, degrees of freedom, quantile]
    [0.975, 10, 2.228139], // t table
    [0.975, 1, 12.7062], // t table, exactly tan(0.475π) = 12.7062047361747
    [0.95, 30, 1.697261], // t table
    [0.975, 9, 2.262157], // t table
  ])('t(%f, %f) matches the table value', (p, degreesOfFreedom, expected) => {
    const digits = String(expected).split('.')[1]?.length ?? 0;

    expect(studentTQuantile(p, degreesOfFreedom)).toBeCloseTo(expected, digits);
  });

  it('matches closed forms for 1 and 2 degrees of freedom', () => {
    // df = 1 is the Cauchy distribution: t = tan(π(p − 1/2)).
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(Math.tan(0.475 * Math.PI), 11);
    // df = 2: t = (2p − 1)/√(2p(1 − p)) = 0.95/√0.04875.
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(0.95 / Math.sqrt(0.04875), 12);
  });

  it('matches SciPy to twelve digits', () => {
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138851986274, 12);
    expect(studentTQuantile(0.995, 5)).toBeCloseTo(4.032142983555228, 12);
    expect(studentTQuantile(1e-10, 3) / -2225.769284683093).toBeCloseTo(1, 12);
  });

  it('is antisymmetric around one half', () => {
    // 1 − 0.975 is 0.025000000000000022 in binary, hence closeness rather than identity.
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-studentTQuantile(0.975, 7), 13);
    expect(studentTQuantile(0.25, 7)).toBe(-studentTQuantile(0.75, 7));
    expect(studentTQuantile(0.5, 7)).toBe(0);
  });

  it('approaches the normal for many degrees of freedom', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959966356814107, 9);
    expect(studentTQuantile(0.975, Number.POSITIVE_INFINITY)).toBe(normalQuantile(0.975));
  });

  it('inverts studentTCdf', () => {
    for (const degreesOfFreedom of [1, 2.5, 4, 29, 300]) {
      for (const p of [1e-8, 0.001, 0.2, 0.6, 0.999]) {
        expect(studentTCdf(studentTQuantile(p, degreesOfFreedom), degreesOfFreedom) / p).toBeCloseTo(1, 10);
      }
    }
  });

  it('handles the ends and invalid arguments', () => {
    expect(studentTQuantile(0, 5)).toBe(Number.NEGATIVE_INFINITY);
    expect(studentTQuantile(1, 5)).toBe(Number.POSITIVE_INFINITY);
    expect(studentTQuantile(1.2, 5)).toBeNaN();
    expect(studentTQuantile(0.5, 0)).toBeNaN();
  });
});

describe('studentTCdf', () => {
  it('matches closed forms', () => {
    // Cauchy: 1/2 + atan(1)/π = 0.75.
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 14);
    // df = 2: 1/2 + t/(2√(2 + t²)) = 1/2 + 1/(2√3).
    expect(studentTCdf(1, 2)).toBeCloseTo(0.5 + 1 / (2 * Math.sqrt(3)), 14);
    expect(studentTCdf(0, 17)).toBe(0.5);
  });

  it('keeps small tails accurate', () => {
    // SciPy: t.cdf(−40, 3) = 1.7190340394579253e-05.
    expect(studentTCdf(-40, 3) / 1.7190340394579253e-5).toBeCloseTo(1, 12);
  });

  it('gives 0.975 at the table quantile', () => {
    expect(studentTCdf(2.228138851986274, 10)).toBeCloseTo(0.975, 14);
  });
});

describe('normal distribution', () => {
  it('quantile matches known values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 14);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('cdf matches known values', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 15);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 15);
    expect(normalCdf(0)).toBe(0.5);
    // SciPy: norm.cdf(−8) = 6.22096057427174e-16. The tail keeps its relative precision.
    expect(normalCdf(-8) / 6.22096057427174e-16).toBeCloseTo(1, 12);
  });

  it('quantile inverts the cdf', () => {
    for (const p of [1e-300, 1e-20, 0.001, 0.3, 0.5, 0.77, 0.999999]) {
      expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 12);
    }
  });

  it('quantile handles the ends', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(-0.1)).toBeNaN();
  });
});

describe('special functions', () => {
  it('logGamma matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(1)).toBeCloseTo(0, 14);
    // ln Γ(101) = ln 100!
    let logFactorial = 0;
    for (let k = 2; k <= 100; k++) {
      logFactorial += Math.log(k);
    }
    expect(logGamma(101)).toBeCloseTo(logFactorial, 10);
  });

  it('incomplete beta matches closed forms', () => {
    // I_x(1, 1) = x, I_x(a, 1) = x^a, and I_(1/2)(a, a) = 1/2 by symmetry.
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(regularizedIncompleteBeta(0.6, 3.5, 1)).toBeCloseTo(0.6 ** 3.5, 14);
    expect(regularizedIncompleteBeta(0.5, 7.25, 7.25)).toBeCloseTo(0.5, 14);
  });

  it('incomplete gamma matches the exponential', () => {
    // Q(1, x) = e^(−x), on both sides of the series/continued-fraction switch at x = a + 1.
    expect(regularizedGammaQ(1, 0.5)).toBeCloseTo(Math.exp(-0.5), 14);
    expect(regularizedGammaQ(1, 30) / Math.exp(-30)).toBeCloseTo(1, 13);
  });
});
