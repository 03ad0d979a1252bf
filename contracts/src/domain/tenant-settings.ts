import { z } from 'zod';

import { Slug, TimeOfDay, Weekday, LocalDate, plainText } from './primitives.ts';

/** A working day's hours in local time; `end` may be after midnight only for shifts. */
export const DayHours = z
  .object({
    start: TimeOfDay,
    end: TimeOfDay,
    breaks: z.array(z.object({ start: TimeOfDay, end: TimeOfDay })).max(4).default([]),
  })
  .refine((hours) => hours.start < hours.end, { message: 'a day must end after it starts', path: ['end'] });
export type DayHours = z.infer<typeof DayHours>;

/**
 * Working hours per weekday for a date range. Where several schedules cover a date,
 * the one with the latest `effectiveFrom` applies, so a Ramadan schedule laid over
 * the normal one wins for its weeks.
 */
export const WorkSchedule = z
  .object({
    id: Slug,
    name: plainText(120),
    kind: z.enum(['normal', 'ramadan', 'other']),
    effectiveFrom: LocalDate,
    effectiveTo: LocalDate.nullable().default(null),
    days: z.partialRecord(Weekday, DayHours),
  })
  .refine((schedule) => schedule.effectiveTo === null || schedule.effectiveTo >= schedule.effectiveFrom, {
    message: 'effectiveTo must not be before effectiveFrom',
    path: ['effectiveTo'],
  });
export type WorkSchedule = z.infer<typeof WorkSchedule>;

/** One minute band of late arrival (TL) or early leave (PSW) and its allowance cut. */
export const MinuteBand = z.object({
  band: z.number().int().min(1).max(9),
  fromMinutes: z.number().int().min(1).max(1_440),
  /** Inclusive upper bound; null for "and more". */
  toMinutes: z.number().int().min(1).max(1_440).nullable(),
  /** Cut of the monthly allowance (TPP) per occurrence, in percent. */
  cutPercent: z.number().min(0).max(100),
});
export type MinuteBand = z.infer<typeof MinuteBand>;

export const TenantSettings = z.object({
  /** IANA time zone of working hours, dates and deadlines. */
  timeZone: z.string().min(1).max(64).refine(isTimeZone, 'expected an IANA time zone such as Asia/Makassar').default('Asia/Makassar'),
  reportDeadline: z
    .object({
      /** Local time on the report's date (or the next day with `nextDay`) by which it is on time. */
      time: TimeOfDay.default('23:59'),
      nextDay: z.boolean().default(false),
      graceMinutes: z.number().int().min(0).max(1_440).default(0),
    })
    .default({ time: '23:59', nextDay: false, graceMinutes: 0 }),
  latenessBands: z.array(MinuteBand).min(1).max(9).default(defaultBands),
  earlyLeaveBands: z.array(MinuteBand).min(1).max(9).default(defaultBands),
  /** Cut per workday absent without leave (tanpa keterangan), in percent. */
  absentWithoutLeaveCutPercent: z.number().min(0).max(100).default(3),
  wfaPolicy: z
    .object({
      maxDaysPerWeek: z.number().int().min(0).max(7).default(2),
      location: z.enum(['anywhere', 'domicile_radius']).default('anywhere'),
      domicileRadiusMeters: z.number().min(50).max(100_000).default(5_000),
    })
    .default({ maxDaysPerWeek: 2, location: 'anywhere', domicileRadiusMeters: 5_000 }),
  /** How long after the device recorded it an offline check-in is still accepted. */
  offlineWindowHours: z.number().int().min(0).max(24 * 30).default(72),
  /** How far a device clock may run ahead of the server before its time is rejected. */
  clockSkewToleranceSeconds: z.number().int().min(0).max(3_600).default(300),
  /** Fixes reported less accurate than this are accepted but flagged for review. */
  lowAccuracyMeters: z.number().min(1).max(10_000).default(100),
  annualLeaveDays: z.number().int().min(0).max(60).default(12),
  /** How many days back a daily report may still be submitted. */
  reportBackfillDays: z.number().int().min(0).max(366).default(30),
});
export type TenantSettings = z.infer<typeof TenantSettings>;
export type TenantSettingsInput = z.input<typeof TenantSettings>;

function defaultBands(): MinuteBand[] {
  return [
    { band: 1, fromMinutes: 1, toMinutes: 30, cutPercent: 0.5 },
    { band: 2, fromMinutes: 31, toMinutes: 60, cutPercent: 1 },
    { band: 3, fromMinutes: 61, toMinutes: 90, cutPercent: 1.25 },
    { band: 4, fromMinutes: 91, toMinutes: null, cutPercent: 1.5 },
  ];
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
