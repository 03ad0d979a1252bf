import { DateTime } from 'luxon';

import type { Weekday } from '@fleksi/contracts';

const WEEKDAYS: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Parses an ISO instant; throws on malformed input, which zod should have caught before. */
export function parseInstant(instant: string): DateTime {
  const parsed = DateTime.fromISO(instant, { setZone: true });
  if (!parsed.isValid) {
    throw new Error(`invalid ISO instant ${JSON.stringify(instant)}`);
  }
  return parsed;
}

/** Returns the local date (`YYYY-MM-DD`) of an instant in a time zone. */
export function localDateOf(instant: string, timeZone: string): string {
  return parseInstant(instant).setZone(timeZone).toISODate() ?? '';
}

/** Returns the local wall-clock time (`HH:mm`) of an instant in a time zone. */
export function localTimeOf(instant: string, timeZone: string): string {
  return parseInstant(instant).setZone(timeZone).toFormat('HH:mm');
}

/** Returns the UTC instant of a local date and `HH:MM` time in a time zone. */
export function instantAt(date: string, time: string, timeZone: string): string {
  return DateTime.fromISO(`${date}T${time}`, { zone: timeZone }).toUTC().toISO() ?? '';
}

export function weekdayOf(date: string): Weekday {
  const weekday = DateTime.fromISO(date, { zone: 'UTC' }).weekday;
  return WEEKDAYS[weekday - 1] ?? 'monday';
}

/** Returns the ISO week of a date, for example `2026-W04`. */
export function isoWeekOf(date: string): string {
  const parsed = DateTime.fromISO(date, { zone: 'UTC' });
  return `${parsed.weekYear}-W${String(parsed.weekNumber).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() ?? '';
}

/** Longest range `datesBetween` walks: about 110 years, far beyond any working range. */
const MAX_DATES_BETWEEN = 40_000;

/**
 * Lists the dates from `from` to `to`, both included; empty when `to` is earlier.
 * Counts days rather than comparing strings, because the day after 9999-12-31 is
 * written `+010000-01-01`, which sorts before it.
 */
export function datesBetween(from: string, to: string): string[] {
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
  if (!Number.isFinite(days)) {
    throw new RangeError(`datesBetween needs two dates as YYYY-MM-DD, got ${JSON.stringify(from)} and ${JSON.stringify(to)}`);
  }
  if (days + 1 > MAX_DATES_BETWEEN) {
    throw new RangeError(`datesBetween walks at most ${MAX_DATES_BETWEEN} days, got ${from} to ${to}`);
  }
  const dates: string[] = [];
  for (let index = 0, date = from; index <= days; index += 1, date = addDays(date, 1)) {
    dates.push(date);
  }
  return dates;
}

export function minutesBetween(fromInstant: string, toInstant: string): number {
  return parseInstant(toInstant).diff(parseInstant(fromInstant), 'minutes').minutes;
}

export function isValidTimeZone(timeZone: string): boolean {
  return DateTime.local().setZone(timeZone).isValid;
}
