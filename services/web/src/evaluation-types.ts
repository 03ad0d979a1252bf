/** The parts of GET /v1/trials/:id/evaluation the app reads (TrialEvaluation in @fleksi/read-models). */

export const METRICS = ['present', 'onTime', 'minutesLate', 'leftEarly', 'reportCompliant', 'activities', 'approvedActivities', 'reportedMinutes', 'lateSubmissions'] as const;
export type Metric = (typeof METRICS)[number];

export const DESIGNS = ['weekday_matched_did', 'participating_vs_comparison_did', 'trial_vs_baseline_same_weekdays', 'wfa_vs_wfo_within_employee'] as const;
export type Design = (typeof DESIGNS)[number];

export type Verdict = 'equivalent' | 'better' | 'worse' | 'inconclusive' | 'insufficient_data';

export interface Estimate {
  readonly metric: Metric;
  readonly design: Design;
  /** `all` or a participating unit id. */
  readonly scope: string;
  readonly excludeRamadan: boolean;
  readonly estimate: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly days: number;
  readonly employees: number;
  readonly margin: number;
  readonly better: 'higher' | 'lower';
  /** Whether the 95% interval excludes 0; an equivalent change can be real but small. */
  readonly differsFromZero: boolean | null;
  readonly verdict: Verdict;
  readonly reason: string | null;
}

export interface WeeklyRates {
  readonly reportCompliant: number | null;
  readonly present: number | null;
  /** Employee-days behind the means. */
  readonly days: number;
}

export interface WeeklyRate {
  /** ISO week such as 2026-W05. */
  readonly week: string;
  readonly period: 'baseline' | 'trial';
  readonly ramadanDays: number;
  /**
   * Holidays and collective leave days in the week. The API does not send this field
   * yet; without it the chart infers holiday weeks (see holidayWeeks).
   */
  readonly holidayDays?: number;
  readonly wfaWeekdays: WeeklyRates;
  readonly otherWeekdays: WeeklyRates;
}

export interface TrialDefinition {
  readonly trialId: string;
  readonly name: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly baselineStart: string;
  readonly baselineEnd: string;
  readonly participatingUnits: readonly string[];
  readonly comparisonUnits: readonly string[];
}

export interface TrialEvaluation {
  readonly trial: TrialDefinition;
  readonly revision: number;
  readonly employees: { readonly participating: number; readonly comparison: number };
  readonly days: number;
  readonly lastClosedDate: string | null;
  readonly estimates: readonly Estimate[];
  readonly weekly: readonly WeeklyRate[];
}

/** Unit of each metric's estimate: percentage points, minutes, or a count per day. */
export const METRIC_UNITS: Record<Metric, 'points' | 'minutes' | 'count'> = {
  present: 'points',
  onTime: 'points',
  minutesLate: 'minutes',
  leftEarly: 'points',
  reportCompliant: 'points',
  activities: 'count',
  approvedActivities: 'count',
  reportedMinutes: 'minutes',
  lateSubmissions: 'count',
};

/** Share of the usual employee-days below which a week counts as having a day off. */
const HOLIDAY_DAYS_SHARE = 0.8;

/**
 * Indexes of weeks with a holiday or collective leave day. Uses `holidayDays` when the
 * API sends it. Otherwise a week is marked when its employee-days on WFA weekdays or on
 * other weekdays fall below 80% of that category's median week. Participating staff
 * are about the same people every week, so a missing workday shows as a drop of a
 * third or more. NOTE: this is an inference. A week cut by the start or end of the data
 * counts only when some days remain, and a unit joining mid-trial could be misread.
 */
export function holidayWeeks(weekly: readonly WeeklyRate[]): Set<number> {
  const marked = new Set<number>();
  if (weekly.some((week) => week.holidayDays !== undefined)) {
    weekly.forEach((week, index) => {
      if ((week.holidayDays ?? 0) > 0) {
        marked.add(index);
      }
    });
    return marked;
  }

  for (const pick of [(week: WeeklyRate) => week.wfaWeekdays.days, (week: WeeklyRate) => week.otherWeekdays.days]) {
    const counts = weekly.map(pick);
    const positive = counts.filter((count) => count > 0).sort((left, right) => left - right);
    const median = positive[Math.floor(positive.length / 2)];
    if (median === undefined) {
      continue;
    }
    counts.forEach((count, index) => {
      const edge = index === 0 || index === counts.length - 1;
      if (count < median * HOLIDAY_DAYS_SHARE && (count > 0 || !edge)) {
        marked.add(index);
      }
    });
  }
  return marked;
}
