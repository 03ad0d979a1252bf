import { createRandom, type DifferenceInDifferencesRow, type PairedRow, type RandomGenerator } from '../src/index.ts';

/** One workday of the study calendar. */
export interface Workday {
  /** ISO date, yyyy-mm-dd. */
  date: string;
  /** 1 = Monday … 5 = Friday. */
  weekday: number;
  trial: boolean;
  ramadan: boolean;
}

export interface CalendarPlan {
  firstDay: string;
  trialStart: string;
  lastDay: string;
  ramadanFirst: string;
  ramadanLast: string;
}

/** Lists Monday–Friday dates from `firstDay` to `lastDay`. Holidays are not modelled. */
export function buildCalendar(plan: CalendarPlan): Workday[] {
  const days: Workday[] = [];
  const last = Date.parse(`${plan.lastDay}T00:00:00Z`);
  for (let time = Date.parse(`${plan.firstDay}T00:00:00Z`); time <= last; time += 86_400_000) {
    const weekday = new Date(time).getUTCDay();
    if (weekday === 0 || weekday === 6) {
      continue;
    }
    const date = new Date(time).toISOString().slice(0, 10);
    days.push({
      date,
      weekday,
      trial: date >= plan.trialStart,
      ramadan: date >= plan.ramadanFirst && date <= plan.ramadanLast,
    });
  }
  return days;
}

/**
 * Baseline Thu 27 Nov 2025 – Wed 21 Jan 2026 (8 weeks) and trial Thu 22 Jan – Wed 15 Apr
 * 2026 (12 weeks), with Ramadan 19 Feb – 20 Mar 2026. Ramadan starts on a Thursday and
 * ends on a Friday, so it covers 10 of the 24 trial Thursdays/Fridays but only 12 of the
 * 36 trial Monday–Wednesdays.
 */
export const STUDY_CALENDAR: CalendarPlan = {
  firstDay: '2025-11-27',
  trialStart: '2026-01-22',
  lastDay: '2026-04-15',
  ramadanFirst: '2026-02-19',
  ramadanLast: '2026-03-20',
};

/**
 * The study calendar with Ramadan cut to four whole weeks, Thu 19 Feb – Wed 18 Mar 2026.
 * It then covers 8 of 24 trial Thursdays/Fridays and 12 of 36 Monday–Wednesdays, the
 * same share of one third, so the Ramadan dip cancels in the weekday-matched DiD.
 */
export const BALANCED_RAMADAN_CALENDAR: CalendarPlan = { ...STUDY_CALENDAR, ramadanLast: '2026-03-18' };

/** Additive effects on the daily compliance probability, as proportions (−0.04 = −4 points). */
export interface ComplianceEffects {
  /** Every Friday, baseline and trial. */
  friday: number;
  /** Every Ramadan day. */
  ramadan: number;
  /** Thursdays and Fridays of the trial, the WFA days. */
  wfa: number;
}

export const STUDY_EFFECTS: ComplianceEffects = { friday: -0.03, ramadan: -0.05, wfa: -0.04 };

export interface SimulatedDay extends Workday {
  unit: string;
  /** Compliance probability of this employee on this day. */
  probability: number;
  /** Drawn 0/1 compliance, or the probability itself when `noise` is false. */
  value: number;
}

export interface WorkforcePlan {
  employees: number;
  calendar: readonly Workday[];
  effects: ComplianceEffects;
  seed: number;
  /** When false, each value is the probability itself, so estimates equal their expectation. */
  noise: boolean;
}

/**
 * Simulates daily report compliance for a workforce.
 *
 * Employee i has a baseline probability drawn from Normal(0.85, 0.05²) and clipped to
 * [0.65, 0.97], the employee random effect. The day's probability adds the Friday, Ramadan
 * and WFA effects. With the study effects it stays within [0.53, 0.97], so no further
 * clipping distorts the additive effects.
 */
export function simulateCompliance(plan: WorkforcePlan): SimulatedDay[] {
  const random = createRandom(plan.seed);
  const days: SimulatedDay[] = [];
  for (let employee = 0; employee < plan.employees; employee++) {
    const unit = `employee-${String(employee).padStart(5, '0')}`;
    const baseline = Math.min(0.97, Math.max(0.65, 0.85 + 0.05 * standardNormal(random)));
    for (const day of plan.calendar) {
      let probability = baseline;
      if (day.weekday === 5) {
        probability += plan.effects.friday;
      }
      if (day.ramadan) {
        probability += plan.effects.ramadan;
      }
      if (day.trial && isWfaWeekday(day.weekday)) {
        probability += plan.effects.wfa;
      }
      let value = probability;
      if (plan.noise) {
        value = random.nextFloat() < probability ? 1 : 0;
      }
      // Listing the fields, rather than spreading `day`, keeps one object shape and is
      // several times faster in V8 for millions of rows.
      days.push({ date: day.date, weekday: day.weekday, trial: day.trial, ramadan: day.ramadan, unit, probability, value });
    }
  }
  return days;
}

/** Thursday (4) and Friday (5), the trial's WFA weekdays. */
export function isWfaWeekday(weekday: number): boolean {
  return weekday === 4 || weekday === 5;
}

/** Weekday-matched design: treated = Thursday/Friday, control = Monday–Wednesday, post = trial. */
export function weekdayMatchedRows(days: readonly SimulatedDay[]): DifferenceInDifferencesRow[] {
  return days.map((day) => ({ unit: day.unit, treated: isWfaWeekday(day.weekday), post: day.trial, value: day.value }));
}

/** Naive comparison: trial days only, WFA days (treated) against the other weekdays. */
export function naiveTrialRows(days: readonly SimulatedDay[]): PairedRow[] {
  return days.filter((day) => day.trial).map((day) => ({ unit: day.unit, treated: isWfaWeekday(day.weekday), value: day.value }));
}

/** Draws a standard normal variate by the Box–Muller transform. */
export function standardNormal(random: RandomGenerator): number {
  // 1 − u lies in (0, 1], so the logarithm is finite.
  const radius = Math.sqrt(-2 * Math.log(1 - random.nextFloat()));
  return radius * Math.cos(2 * Math.PI * random.nextFloat());
}
