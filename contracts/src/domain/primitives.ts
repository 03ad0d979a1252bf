import { z } from 'zod';

/**
 * A calendar date in the tenant's local time, `YYYY-MM-DD`, checked to exist, in the
 * years 1900 to 2999. The bound keeps walks over date ranges finite and short.
 */
export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine(isRealDate, 'no such calendar date')
  .refine((text) => yearOf(text) >= 1900 && yearOf(text) <= 2999, 'expected a year from 1900 to 2999');
export type LocalDate = z.infer<typeof LocalDate>;

/**
 * An instant with an explicit offset, for example `2026-01-22T07:25:00+08:00`, in the
 * years 1901 to 2998, so that its local date in any time zone is a valid LocalDate.
 */
export const Instant = z.iso
  .datetime({ offset: true })
  .refine((text) => yearOf(text) >= 1901 && yearOf(text) <= 2998, 'expected a year from 1901 to 2998');
export type Instant = z.infer<typeof Instant>;

/** A wall-clock time of day, `HH:MM`, 00:00 to 23:59. */
export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:MM (00:00 to 23:59)');
export type TimeOfDay = z.infer<typeof TimeOfDay>;

export const Weekday = z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
export type Weekday = z.infer<typeof Weekday>;

/** Short identifier chosen by an administrator: unit codes, tenant ids, schedule ids. */
export const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lower-case letters, digits and hyphens, starting with a letter or digit');
export type Slug = z.infer<typeof Slug>;

/** Plain text for names, notes and descriptions: no control characters. */
export function plainText(maxLength: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(maxLength)
    .refine((text) => !hasControlCharacters(text), 'control characters are not allowed');
}

/** Tells whether the text holds a C0 or C1 control character other than tab and line breaks. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

// Tab and line breaks are allowed in long texts; every other C0/C1 control is not.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export const Coordinates = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});
export type Coordinates = z.infer<typeof Coordinates>;

export const Location = Coordinates.extend({
  /** Reported horizontal accuracy of the fix, in metres. */
  accuracyMeters: z.number().min(0).max(100_000),
});
export type Location = z.infer<typeof Location>;

export const Geofence = Coordinates.extend({
  id: Slug,
  name: plainText(120),
  radiusMeters: z.number().min(10).max(5_000),
});
export type Geofence = z.infer<typeof Geofence>;

export const AttendanceMode = z.enum(['WFO', 'WFA']);
export type AttendanceMode = z.infer<typeof AttendanceMode>;

export const AttendanceSource = z.enum(['mobile', 'web', 'fingerprint']);
export type AttendanceSource = z.infer<typeof AttendanceSource>;

export const EmployeeKind = z.enum(['PNS', 'PPPK']);
export type EmployeeKind = z.infer<typeof EmployeeKind>;

export const AbsenceType = z.enum([
  'cuti_tahunan',
  'cuti_sakit',
  'cuti_besar',
  'cuti_melahirkan',
  'cuti_alasan_penting',
  'cuti_bersama',
  'cltn',
  'dinas_luar',
  'tugas_belajar',
  'izin',
]);
export type AbsenceType = z.infer<typeof AbsenceType>;

export const CalendarDayKind = z.enum(['holiday', 'cuti_bersama']);
export type CalendarDayKind = z.infer<typeof CalendarDayKind>;

function yearOf(text: string): number {
  return Number(text.slice(0, 4));
}

function isRealDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined) {
    return false;
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
