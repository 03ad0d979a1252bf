import type { TrialDefinition, TrialMetric } from '@fleksi/contracts';
import { isoWeekOf } from '@fleksi/domain';
import {
  differenceInDifferences,
  equivalenceTest,
  pairedDifference,
  type EquivalenceVerdict,
} from '@fleksi/trial-evaluation';
import type pg from 'pg';

/** One labelled employee-workday of a trial, as loaded for evaluation. */
export interface EvaluationRow {
  readonly nip: string;
  readonly date: string;
  readonly unitId: string;
  readonly period: 'baseline' | 'trial';
  readonly unitRole: 'participating' | 'comparison';
  readonly wfaWeekday: boolean;
  readonly plannedMode: 'WFA' | 'WFO' | null;
  readonly ramadan: boolean;
  readonly holidayAdjacent: boolean;
  readonly metrics: Readonly<Record<TrialMetric, number | null>>;
}

export type Design = 'wfa_vs_wfo_within_employee' | 'trial_vs_baseline_same_weekdays' | 'weekday_matched_did' | 'participating_vs_comparison_did';

export interface Estimate {
  readonly metric: TrialMetric;
  readonly design: Design;
  /** `all` or a participating unit id. */
  readonly scope: string;
  readonly excludeRamadan: boolean;
  readonly estimate: number | null;
  readonly standardError: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  /** Employee-days that entered the estimate. */
  readonly days: number;
  readonly employees: number;
  readonly margin: number;
  readonly better: 'higher' | 'lower';
  /** The 90% interval of the two one-sided equivalence tests; null without a verdict. */
  readonly ci90Low: number | null;
  readonly ci90High: number | null;
  /** Whether the 95% interval excludes 0: an `equivalent` effect can still be real but small. */
  readonly differsFromZero: boolean | null;
  /** Whether the 95% interval lies wholly beyond the margin, on the bad or the good side. */
  readonly beyondMargin: 'bad-side' | 'good-side' | null;
  readonly verdict: EquivalenceVerdict | 'insufficient_data';
  /** Reason no estimate could be made, when `verdict` is `insufficient_data`. */
  readonly reason: string | null;
}

export interface WeeklyRate {
  readonly week: string;
  readonly period: 'baseline' | 'trial';
  readonly ramadanDays: number;
  /** Mean report compliance and presence of participating employees on WFA weekdays and on the other weekdays, in percent. */
  readonly wfaWeekdays: { readonly reportCompliant: number | null; readonly present: number | null; readonly days: number };
  readonly otherWeekdays: { readonly reportCompliant: number | null; readonly present: number | null; readonly days: number };
}

export interface TrialEvaluation {
  readonly trial: TrialDefinition;
  readonly revision: number;
  readonly bootstrapSamples: number;
  readonly seed: number;
  readonly employees: { readonly participating: number; readonly comparison: number };
  readonly days: number;
  readonly lastClosedDate: string | null;
  readonly estimates: readonly Estimate[];
  readonly weekly: readonly WeeklyRate[];
}

export const METRICS: readonly TrialMetric[] = [
  'present',
  'onTime',
  'minutesLate',
  'leftEarly',
  'reportCompliant',
  'activities',
  'approvedActivities',
  'reportedMinutes',
  'lateSubmissions',
];

/** Direction of improvement and the default "no worse than" margin of each metric, in its unit. */
export const METRIC_DEFAULTS: Readonly<Record<TrialMetric, { better: 'higher' | 'lower'; margin: number }>> = {
  present: { better: 'higher', margin: 5 },
  onTime: { better: 'higher', margin: 5 },
  minutesLate: { better: 'lower', margin: 10 },
  leftEarly: { better: 'lower', margin: 5 },
  reportCompliant: { better: 'higher', margin: 5 },
  activities: { better: 'higher', margin: 0.5 },
  approvedActivities: { better: 'higher', margin: 0.5 },
  reportedMinutes: { better: 'higher', margin: 30 },
  lateSubmissions: { better: 'lower', margin: 0.25 },
};

const COLUMN: Record<TrialMetric, string> = {
  present: 'present',
  onTime: 'on_time',
  minutesLate: 'minutes_late',
  leftEarly: 'left_early',
  reportCompliant: 'report_compliant',
  activities: 'activities',
  approvedActivities: 'approved_activities',
  reportedMinutes: 'reported_minutes',
  lateSubmissions: 'late_submissions',
};

/** Loads a trial's closed employee-workdays, leaving out days on leave, when no one is expected at work. */
export async function loadEvaluationRows(
  db: Pick<pg.Pool, 'query'>,
  schema: string,
  tenantId: string,
  trialId: string,
): Promise<{ trial: TrialDefinition; revision: number; rows: EvaluationRow[] } | undefined> {
  const trial = await db.query<{ definition: TrialDefinition; revision: number }>(
    `SELECT definition, revision FROM ${schema}.trials WHERE tenant_id = $1 AND trial_id = $2`,
    [tenantId, trialId],
  );
  const found = trial.rows[0];
  if (found === undefined) {
    return undefined;
  }
  const result = await db.query(
    `SELECT nip, to_char(date, 'YYYY-MM-DD') AS day, unit_id, period, unit_role, wfa_weekday, planned_mode, ramadan, holiday_adjacent,
            ${METRICS.map((metric) => `${COLUMN[metric]}::float8 AS ${COLUMN[metric]}`).join(', ')}
     FROM ${schema}.trial_days
     WHERE tenant_id = $1 AND trial_id = $2 AND closed AND NOT on_leave
     ORDER BY nip, date`,
    [tenantId, trialId],
  );
  const rows: EvaluationRow[] = result.rows.map((row) => ({
    nip: row.nip,
    date: row.day,
    unitId: row.unit_id,
    period: row.period,
    unitRole: row.unit_role,
    wfaWeekday: row.wfa_weekday,
    plannedMode: row.planned_mode,
    ramadan: row.ramadan,
    holidayAdjacent: row.holiday_adjacent,
    metrics: Object.fromEntries(METRICS.map((metric) => [metric, row[COLUMN[metric]] as number | null])) as Record<TrialMetric, number | null>,
  }));
  return { trial: found.definition, revision: found.revision, rows };
}

/**
 * Estimates the effect of WFA on every metric four ways, for the whole trial and per
 * participating unit, with and without Ramadan days. See docs/evaluation.md for the
 * designs and their assumptions; the weekday-matched difference-in-differences is the
 * main estimate because WFA days are always the same weekdays.
 */
export function evaluateTrial(
  trial: TrialDefinition,
  revision: number,
  rows: readonly EvaluationRow[],
  options: { readonly bootstrapSamples?: number; readonly seed?: number } = {},
): TrialEvaluation {
  const bootstrapSamples = options.bootstrapSamples ?? 1_000;
  const seed = options.seed ?? 20_260_122;
  const scopes = ['all', ...trial.participatingUnits];
  const estimates: Estimate[] = [];

  for (const excludeRamadan of [false, true]) {
    const sample = excludeRamadan ? rows.filter((row) => !row.ramadan) : rows;
    for (const scope of scopes) {
      const participating = sample.filter((row) => row.unitRole === 'participating' && (scope === 'all' || row.unitId === scope));
      const comparison = sample.filter((row) => row.unitRole === 'comparison');
      for (const metric of METRICS) {
        const settings = { metric, scope, excludeRamadan, margin: trial.margins[metric] ?? METRIC_DEFAULTS[metric].margin, better: METRIC_DEFAULTS[metric].better };
        estimates.push(
          paired(settings, 'wfa_vs_wfo_within_employee', participating.filter((row) => row.period === 'trial' && row.plannedMode !== null), (row) => row.plannedMode === 'WFA', { bootstrapSamples, seed }),
          paired(settings, 'trial_vs_baseline_same_weekdays', participating.filter((row) => row.wfaWeekday), (row) => row.period === 'trial', { bootstrapSamples, seed }),
          did(settings, 'weekday_matched_did', participating, (row) => row.wfaWeekday, { bootstrapSamples, seed }),
        );
        if (comparison.length > 0) {
          const rowsOfBoth = [...participating, ...comparison].filter((row) => row.wfaWeekday);
          estimates.push(did(settings, 'participating_vs_comparison_did', rowsOfBoth, (row) => row.unitRole === 'participating', { bootstrapSamples, seed }));
        }
      }
    }
  }

  const employeesOf = (role: EvaluationRow['unitRole']): number => new Set(rows.filter((row) => row.unitRole === role).map((row) => row.nip)).size;
  return {
    trial,
    revision,
    bootstrapSamples,
    seed,
    employees: { participating: employeesOf('participating'), comparison: employeesOf('comparison') },
    days: rows.length,
    lastClosedDate: rows.reduce<string | null>((latest, row) => (latest === null || row.date > latest ? row.date : latest), null),
    estimates,
    weekly: weeklyRates(rows),
  };
}

interface EstimateSettings {
  metric: TrialMetric;
  scope: string;
  excludeRamadan: boolean;
  margin: number;
  better: 'higher' | 'lower';
}

function valued(rows: readonly EvaluationRow[], metric: TrialMetric): Array<EvaluationRow & { value: number }> {
  return rows.flatMap((row) => {
    const value = row.metrics[metric];
    return value === null ? [] : [{ ...row, value }];
  });
}

function paired(
  settings: EstimateSettings,
  design: Design,
  rows: readonly EvaluationRow[],
  treated: (row: EvaluationRow) => boolean,
  options: { bootstrapSamples: number; seed: number },
): Estimate {
  const input = valued(rows, settings.metric).map((row) => ({ unit: row.nip, treated: treated(row), value: row.value }));
  const result = pairedDifference(input, options);
  return toEstimate(settings, design, result, result.n, result.units);
}

function did(
  settings: EstimateSettings,
  design: Design,
  rows: readonly EvaluationRow[],
  treated: (row: EvaluationRow) => boolean,
  options: { bootstrapSamples: number; seed: number },
): Estimate {
  const input = valued(rows, settings.metric).map((row) => ({ unit: row.nip, treated: treated(row), post: row.period === 'trial', value: row.value }));
  const result = differenceInDifferences(input, options);
  return toEstimate(settings, design, result, result.n, result.clusters);
}

function toEstimate(
  settings: EstimateSettings,
  design: Design,
  result: { estimate: number; standardError: number; ciLow: number; ciHigh: number; bootstrapReplicates: Float64Array; reason: { code: string } | null },
  days: number,
  employees: number,
): Estimate {
  const finite = (value: number): number | null => (Number.isFinite(value) ? round(value) : null);
  const base = {
    metric: settings.metric,
    design,
    scope: settings.scope,
    excludeRamadan: settings.excludeRamadan,
    estimate: finite(result.estimate),
    standardError: finite(result.standardError),
    ciLow: finite(result.ciLow),
    ciHigh: finite(result.ciHigh),
    days,
    employees,
    margin: settings.margin,
    better: settings.better,
  };
  if (!Number.isFinite(result.estimate) || result.bootstrapReplicates.length < 20) {
    return {
      ...base,
      ci90Low: null,
      ci90High: null,
      differsFromZero: null,
      beyondMargin: null,
      verdict: 'insufficient_data',
      reason: result.reason?.code ?? 'too-few-bootstrap-samples',
    };
  }
  const test = equivalenceTest({ estimate: result.estimate, bootstrapReplicates: result.bootstrapReplicates }, { margin: settings.margin, better: settings.better });
  return {
    ...base,
    ci90Low: finite(test.ci90.low),
    ci90High: finite(test.ci90.high),
    differsFromZero: test.differsFromZero,
    beyondMargin: test.beyondMargin,
    verdict: test.verdict,
    reason: null,
  };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function weeklyRates(rows: readonly EvaluationRow[]): WeeklyRate[] {
  const weeks = new Map<string, { period: 'baseline' | 'trial'; ramadan: Set<string>; wfa: EvaluationRow[]; other: EvaluationRow[] }>();
  for (const row of rows) {
    if (row.unitRole !== 'participating') {
      continue;
    }
    const week = isoWeekOf(row.date);
    const entry = weeks.get(week) ?? { period: row.period, ramadan: new Set<string>(), wfa: [], other: [] };
    if (row.ramadan) {
      entry.ramadan.add(row.date);
    }
    (row.wfaWeekday ? entry.wfa : entry.other).push(row);
    weeks.set(week, entry);
  }
  const meanOf = (list: readonly EvaluationRow[], metric: TrialMetric): number | null => {
    const values = list.map((row) => row.metrics[metric]).filter((value): value is number => value !== null);
    return values.length === 0 ? null : round(values.reduce((sum, value) => sum + value, 0) / values.length);
  };
  return [...weeks.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([week, entry]) => ({
      week,
      period: entry.period,
      ramadanDays: entry.ramadan.size,
      wfaWeekdays: { reportCompliant: meanOf(entry.wfa, 'reportCompliant'), present: meanOf(entry.wfa, 'present'), days: entry.wfa.length },
      otherWeekdays: { reportCompliant: meanOf(entry.other, 'reportCompliant'), present: meanOf(entry.other, 'present'), days: entry.other.length },
    }));
}
