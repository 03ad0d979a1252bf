import type { TrialDefinition } from '@fleksi/contracts';
import { addDays, planDay, weekdayOf, type TenantConfiguration } from '@fleksi/domain';

import type { DerivedAttendance, DerivedCompliance, ReportFacts } from './derive.ts';

/** One employee-workday as the trial evaluation sees it: its labels and metric values. */
export interface TrialDay {
  readonly trialId: string;
  readonly period: 'baseline' | 'trial';
  readonly unitRole: 'participating' | 'comparison';
  /** ISO weekday, 1 (Monday) to 7. */
  readonly weekday: number;
  readonly wfaWeekday: boolean;
  readonly ramadan: boolean;
  readonly holidayAdjacent: boolean;
  readonly onLeave: boolean;
  readonly metrics: Record<
    'present' | 'onTime' | 'minutesLate' | 'leftEarly' | 'reportCompliant' | 'activities' | 'approvedActivities' | 'reportedMinutes' | 'lateSubmissions',
    number | null
  >;
}

const WEEKDAY_NUMBER = { monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7 } as const;
const PRESENT = new Set(['hadir', 'terlambat', 'pulang_cepat', 'terlambat_pulang_cepat']);
const LEAVE = new Set(['cuti', 'sakit', 'dinas_luar', 'tugas_belajar', 'izin', 'cuti_bersama']);

/**
 * Labels an employee-workday for every trial it falls in: baseline or trial period,
 * participating or comparison unit. Yes/no metrics are 0 or 100, so differences read
 * as percentage points; punctuality metrics are null on days without attendance, so
 * they measure the days present.
 */
export function labelTrialDays(
  trials: readonly TrialDefinition[],
  configuration: TenantConfiguration,
  day: { date: string; unitId: string },
  attendance: DerivedAttendance,
  compliance: DerivedCompliance,
  report: ReportFacts,
): TrialDay[] {
  if (attendance.dayType !== 'workday') {
    return [];
  }
  const labels: TrialDay[] = [];
  for (const trial of trials) {
    const period = day.date >= trial.startDate && day.date <= trial.endDate ? 'trial' : day.date >= trial.baselineStart && day.date <= trial.baselineEnd ? 'baseline' : undefined;
    const unitRole = trial.participatingUnits.includes(day.unitId) ? 'participating' : trial.comparisonUnits.includes(day.unitId) ? 'comparison' : undefined;
    if (period === undefined || unitRole === undefined) {
      continue;
    }

    const weekday = weekdayOf(day.date);
    const present = PRESENT.has(attendance.status);
    labels.push({
      trialId: trial.trialId,
      period,
      unitRole,
      weekday: WEEKDAY_NUMBER[weekday],
      wfaWeekday: trial.wfaWeekdays.includes(weekday),
      ramadan: attendance.scheduleKind === 'ramadan',
      holidayAdjacent: isHolidayAdjacent(configuration, day.date),
      onLeave: LEAVE.has(attendance.status),
      metrics: {
        present: present ? 100 : 0,
        onTime: present ? (attendance.lateBand === null ? 100 : 0) : null,
        minutesLate: present ? attendance.minutesLate : null,
        leftEarly: present ? (attendance.earlyBand === null ? 0 : 100) : null,
        reportCompliant: compliance.compliant ? 100 : 0,
        activities: report.submitted,
        approvedActivities: report.approved,
        reportedMinutes: report.minutes,
        lateSubmissions: report.late,
      },
    });
  }
  return labels;
}

function isHolidayAdjacent(configuration: TenantConfiguration, date: string): boolean {
  const offDay = (candidate: string): boolean => {
    const type = planDay(configuration, candidate).dayType;
    return type === 'holiday' || type === 'cuti_bersama';
  };
  return offDay(addDays(date, -1)) || offDay(addDays(date, 1));
}
