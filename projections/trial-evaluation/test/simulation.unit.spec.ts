import { describe, expect, it } from 'vitest';

import { differenceInDifferences, pairedDifference } from '../src/index.ts';
import {
  BALANCED_RAMADAN_CALENDAR,
  buildCalendar,
  naiveTrialRows,
  simulateCompliance,
  STUDY_CALENDAR,
  STUDY_EFFECTS,
  weekdayMatchedRows,
} from './synthetic-workforce.ts';

// Synthetic workforces with known effects on daily report compliance (proportions):
// an employee random effect, −3 points every Friday, −5 points on Ramadan days (all in
// the trial) and −4 points from WFA on trial Thursdays and Fridays.
const WFA_EFFECT = STUDY_EFFECTS.wfa;
// The naive trial comparison of Thu/Fri with Mon–Wed also picks up the Friday effect on
// half of the Thu/Fri days: −4 − 3/2 = −5.5 points.
const NAIVE_TARGET = STUDY_EFFECTS.wfa + STUDY_EFFECTS.friday / 2;

describe('weekday-matched DiD on a simulated workforce', () => {
  // 1000 employees × 100 workdays. With 200 employees the naive interval's half-width
  // (about 1.3 points) is close to its 1.5-point Friday bias, so it would exclude −4 for
  // only about 60% of seeds. At 1000 the bias is about 5 standard errors.
  const days = simulateCompliance({
    employees: 1000,
    calendar: buildCalendar(BALANCED_RAMADAN_CALENDAR),
    effects: STUDY_EFFECTS,
    seed: 101,
    noise: true,
  });
  const matched = differenceInDifferences(weekdayMatchedRows(days), { seed: 1 });
  const naive = pairedDifference(naiveTrialRows(days), { seed: 1 });

  it('recovers the WFA effect', () => {
    // A 95% interval misses the truth for 1 seed in 20. The coverage test below measures that rate.
    expect(matched.ciLow).toBeLessThan(WFA_EFFECT);
    expect(matched.ciHigh).toBeGreaterThan(WFA_EFFECT);
  });

  it('naive comparison excludes the WFA effect', () => {
    expect(naive.ciLow).toBeLessThan(naive.ciHigh);
    expect(naive.ciHigh).toBeLessThan(WFA_EFFECT);
  });

  it('naive comparison measures WFA plus half the Friday effect', () => {
    expect(naive.ciLow).toBeLessThan(NAIVE_TARGET);
    expect(naive.ciHigh).toBeGreaterThan(NAIVE_TARGET);
  });
});

describe('Ramadan on the 2026 calendar', () => {
  // Without sampling noise each value is the compliance probability, so the estimators
  // return their expectations exactly.
  const days = simulateCompliance({
    employees: 50,
    calendar: buildCalendar(STUDY_CALENDAR),
    effects: STUDY_EFFECTS,
    seed: 3,
    noise: false,
  });

  it('biases the weekday-matched DiD', () => {
    // Ramadan covers 10 of 24 trial Thu/Fri days and 12 of 36 Mon–Wed days, so the DiD
    // absorbs −5 · (10/24 − 12/36) = −5/12 points of the Ramadan dip.
    const result = differenceInDifferences(weekdayMatchedRows(days), { bootstrapSamples: 50 });

    expect(result.estimate).toBeCloseTo(WFA_EFFECT + STUDY_EFFECTS.ramadan / 12, 12);
  });

  it('leaving Ramadan out removes the bias', () => {
    // Without Ramadan days the trial keeps 7 Thursdays and 7 Fridays, so the Friday
    // share of Thu/Fri days is 1/2 in both periods and the Friday effect cancels too.
    const result = differenceInDifferences(weekdayMatchedRows(days.filter((day) => !day.ramadan)), { bootstrapSamples: 50 });

    expect(result.estimate).toBeCloseTo(WFA_EFFECT, 12);
  });
});

describe('interval coverage', () => {
  it(
    'covers the true effect in about 95% of replications',
    () => {
      // 200 replications of 200 employees, 200 resamples each. If the true coverage is
      // 0.95, the number covered is Binomial(200, 0.95) with mean 190 and SD 3.1, and
      // P(fewer than 180) = 0.0012, P(more than 198) = 0.0004. The band 0.90–0.99 therefore
      // fails a correct method rarely. It still catches intervals that are much too narrow
      // (coverage 0.85 passes with probability 0.04) or much too wide.
      const calendar = buildCalendar(BALANCED_RAMADAN_CALENDAR);
      const replications = 200;
      let covered = 0;
      let sumOfEstimates = 0;
      for (let replication = 0; replication < replications; replication++) {
        const days = simulateCompliance({ employees: 200, calendar, effects: STUDY_EFFECTS, seed: 10_000 + replication, noise: true });
        const result = differenceInDifferences(weekdayMatchedRows(days), { bootstrapSamples: 200, seed: replication });
        if (result.ciLow <= WFA_EFFECT && WFA_EFFECT <= result.ciHigh) {
          covered++;
        }
        sumOfEstimates += result.estimate;
      }

      const coverage = covered / replications;
      expect(coverage).toBeGreaterThanOrEqual(0.9);
      expect(coverage).toBeLessThanOrEqual(0.99);
      // One estimate has SE ≈ 1.06 points, so the mean of 200 has SE ≈ 0.075 points and 0.3 points is 4 SE.
      expect(Math.abs(sumOfEstimates / replications - WFA_EFFECT)).toBeLessThan(0.003);
    },
    60_000,
  );
});

describe('determinism', () => {
  const days = simulateCompliance({
    employees: 100,
    calendar: buildCalendar(STUDY_CALENDAR),
    effects: STUDY_EFFECTS,
    seed: 7,
    noise: true,
  });
  const rows = weekdayMatchedRows(days);

  it('repeats results for the same seed', () => {
    const first = differenceInDifferences(rows, { bootstrapSamples: 300, seed: 99 });
    const second = differenceInDifferences(rows, { bootstrapSamples: 300, seed: 99 });

    expect(second).toEqual(first);
  });

  it('changes only the interval with the seed', () => {
    const first = differenceInDifferences(rows, { bootstrapSamples: 300, seed: 99 });
    const second = differenceInDifferences(rows, { bootstrapSamples: 300, seed: 100 });

    expect(second.estimate).toBe(first.estimate);
    expect(second.bootstrapReplicates).not.toEqual(first.bootstrapReplicates);
  });

  it('repeats the simulation for the same seed', () => {
    const again = simulateCompliance({
      employees: 100,
      calendar: buildCalendar(STUDY_CALENDAR),
      effects: STUDY_EFFECTS,
      seed: 7,
      noise: true,
    });

    expect(again).toEqual(days);
  });
});
