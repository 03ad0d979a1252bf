import type { AbsenceType, AttendanceMode, MinuteBand, ShiftDefinition } from '@fleksi/contracts';
import { planDay, shiftInstants, zoneOf, type DayType, type PlannedDay, type TenantConfiguration } from '@fleksi/domain';
import { DateTime } from 'luxon';

/**
 * Attendance status of an employee-day, in the words of the monthly recap
 * (rekap presensi).
 */
export type AttendanceStatus =
  | 'hadir'
  | 'terlambat'
  | 'pulang_cepat'
  | 'terlambat_pulang_cepat'
  | 'tanpa_keterangan'
  | 'belum_presensi'
  | 'cuti'
  | 'sakit'
  | 'dinas_luar'
  | 'tugas_belajar'
  | 'izin'
  | 'cuti_bersama'
  | 'libur';

/** The raw facts of one employee-day that the derived row is computed from. */
export interface DayFacts {
  readonly date: string;
  readonly checkInAt: string | null;
  readonly checkInSource: string | null;
  readonly checkInMode: AttendanceMode | null;
  readonly checkOutAt: string | null;
  readonly checkOutSource: string | null;
  readonly checkOutMode: AttendanceMode | null;
  readonly corrected: boolean;
  readonly wfaAssigned: boolean;
  readonly absenceType: AbsenceType | null;
  readonly closed: boolean;
}

export interface DerivedAttendance {
  readonly dayType: DayType;
  readonly scheduleKind: string | null;
  readonly plannedMode: AttendanceMode | null;
  readonly actualMode: AttendanceMode | null;
  readonly checkInLocal: string | null;
  readonly checkOutLocal: string | null;
  readonly minutesLate: number;
  readonly minutesEarly: number;
  /** TL band 1-4; band 4 also when the day closed with a check-out but no check-in. */
  readonly lateBand: number | null;
  /** PSW band 1-4; band 4 also when the day closed with a check-in but no check-out. */
  readonly earlyBand: number | null;
  readonly missingCheckOut: boolean;
  readonly status: AttendanceStatus;
  readonly holidayName: string | null;
  /** Allowance (TPP) cut of this day, in percent. */
  readonly cutPercent: number;
}

const ABSENCE_STATUS: Record<AbsenceType, AttendanceStatus> = {
  cuti_tahunan: 'cuti',
  cuti_besar: 'cuti',
  cuti_melahirkan: 'cuti',
  cuti_alasan_penting: 'cuti',
  cltn: 'cuti',
  cuti_sakit: 'sakit',
  cuti_bersama: 'cuti_bersama',
  dinas_luar: 'dinas_luar',
  tugas_belajar: 'tugas_belajar',
  izin: 'izin',
};

/**
 * Derives an employee-day's attendance from its facts and the tenant's calendar,
 * schedules and bands. Minutes late count from the schedule's start to the check-in,
 * minutes early from the check-out to the schedule's end, both in whole minutes
 * (07:30:59 is 0 minutes late, 07:31:00 is 1). Recorded leave wins over attendance:
 * an employee on dinas luar who checks in at the destination is still dinas luar.
 */
export function deriveAttendance(facts: DayFacts, configuration: TenantConfiguration, roster?: ShiftDefinition | 'rest'): DerivedAttendance {
  const { timeZone } = configuration.settings;
  const plan = rosteredPlan(facts.date, roster) ?? planDay(configuration, facts.date);
  const local = (instant: string | null): string | null =>
    instant === null ? null : DateTime.fromISO(instant, { setZone: true }).setZone(zoneOf(timeZone)).toFormat('HH:mm:ss');
  const base = {
    dayType: plan.dayType,
    scheduleKind: plan.scheduleKind,
    plannedMode: plan.dayType === 'workday' ? (facts.wfaAssigned ? ('WFA' as const) : ('WFO' as const)) : null,
    actualMode: facts.checkInMode ?? facts.checkOutMode,
    checkInLocal: local(facts.checkInAt),
    checkOutLocal: local(facts.checkOutAt),
    holidayName: plan.holidayName,
  };
  const none = { minutesLate: 0, minutesEarly: 0, lateBand: null, earlyBand: null, missingCheckOut: false, cutPercent: 0 };

  if (facts.absenceType !== null && plan.dayType === 'workday') {
    return { ...base, ...none, status: ABSENCE_STATUS[facts.absenceType] };
  }
  if (plan.dayType !== 'workday' || plan.hours === null) {
    const worked = facts.checkInAt !== null;
    return { ...base, ...none, status: worked ? 'hadir' : plan.dayType === 'cuti_bersama' ? 'cuti_bersama' : 'libur' };
  }

  if (facts.checkInAt === null && facts.checkOutAt === null) {
    const status = facts.closed ? 'tanpa_keterangan' : 'belum_presensi';
    return { ...base, ...none, status, cutPercent: facts.closed ? configuration.settings.absentWithoutLeaveCutPercent : 0 };
  }

  // A shift whose end is not after its start ends the next day.
  const { start, end } = shiftInstants(plan.hours, facts.date, timeZone);
  const minutesLate = facts.checkInAt === null ? 0 : Math.max(0, Math.floor(DateTime.fromISO(facts.checkInAt).diff(start, 'seconds').seconds / 60));
  const minutesEarly = facts.checkOutAt === null ? 0 : Math.max(0, Math.floor(end.diff(DateTime.fromISO(facts.checkOutAt), 'seconds').seconds / 60));

  const missingCheckIn = facts.checkInAt === null;
  const missingCheckOut = facts.checkOutAt === null && facts.closed;
  const lateBand = missingCheckIn ? worstBand(configuration.settings.latenessBands) : bandOf(minutesLate, configuration.settings.latenessBands);
  const earlyBand = missingCheckOut ? worstBand(configuration.settings.earlyLeaveBands) : bandOf(minutesEarly, configuration.settings.earlyLeaveBands);

  const late = lateBand !== null;
  const early = earlyBand !== null;
  const status: AttendanceStatus = late && early ? 'terlambat_pulang_cepat' : late ? 'terlambat' : early ? 'pulang_cepat' : 'hadir';
  const cutPercent = (lateBand?.cutPercent ?? 0) + (earlyBand?.cutPercent ?? 0);

  return {
    ...base,
    minutesLate,
    minutesEarly,
    lateBand: lateBand?.band ?? null,
    earlyBand: earlyBand?.band ?? null,
    missingCheckOut,
    status,
    cutPercent,
  };
}

/**
 * The plan of a rostered day: a shift is a workday whatever the calendar says, a rest
 * day is not an absence. Undefined when the employee is not on a roster that day.
 */
function rosteredPlan(date: string, roster: ShiftDefinition | 'rest' | undefined): PlannedDay | undefined {
  if (roster === undefined) {
    return undefined;
  }
  if (roster === 'rest') {
    return { date, dayType: 'rest', hours: null, scheduleId: null, scheduleKind: null, holidayName: null };
  }
  return { date, dayType: 'workday', hours: { start: roster.start, end: roster.end, breaks: roster.breaks }, scheduleId: roster.shiftId, scheduleKind: 'other', holidayName: null };
}

function bandOf(minutes: number, bands: readonly MinuteBand[]): MinuteBand | null {
  if (minutes <= 0) {
    return null;
  }
  return bands.find((band) => minutes >= band.fromMinutes && (band.toMinutes === null || minutes <= band.toMinutes)) ?? null;
}

function worstBand(bands: readonly MinuteBand[]): MinuteBand | null {
  return bands.reduce<MinuteBand | null>((worst, band) => (worst === null || band.band > worst.band ? band : worst), null);
}

/** Activity counts of one employee-day's daily report. */
export interface ReportFacts {
  readonly submitted: number;
  readonly onTime: number;
  readonly late: number;
  readonly approved: number;
  readonly rejected: number;
  readonly pending: number;
  readonly withdrawn: number;
  /** Minutes of activities neither withdrawn nor rejected. */
  readonly minutes: number;
  /** Activities neither withdrawn nor rejected and submitted before the deadline. */
  readonly countingOnTime: number;
  readonly countingLate: number;
}

export interface DerivedCompliance {
  /** Whether a daily report was due: a workday without recorded leave. */
  readonly expected: boolean;
  /** At least one activity that is neither withdrawn nor rejected was submitted on time. */
  readonly compliant: boolean;
  /** Only late activities count: reported, but after the deadline. */
  readonly lateOnly: boolean;
}

export function deriveCompliance(attendance: Pick<DerivedAttendance, 'dayType' | 'status'>, report: ReportFacts): DerivedCompliance {
  // Staff on dinas luar still work, so they still report; leave and study assignment do not.
  const onLeave = ['cuti', 'sakit', 'tugas_belajar', 'izin', 'cuti_bersama'].includes(attendance.status);
  const expected = attendance.dayType === 'workday' && !onLeave;
  return {
    expected,
    compliant: report.countingOnTime > 0,
    lateOnly: report.countingOnTime === 0 && report.countingLate > 0,
  };
}
