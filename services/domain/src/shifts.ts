import type { ShiftDefinition } from '@fleksi/contracts';
import { DateTime } from 'luxon';

import { addDays } from './time.ts';
import { zoneOf } from './zones.ts';

/** A roster entry of one date: a shift, a rest day, or undefined when the weekday schedule applies. */
export type RosterDay = ShiftDefinition | 'rest' | undefined;

/** Start and end of a shift on a date, as instants; a shift whose end is not after its start ends the next day. */
export function shiftInstants(shift: Pick<ShiftDefinition, 'start' | 'end'>, date: string, timeZone: string): { start: DateTime; end: DateTime; endsNextDay: boolean } {
  const start = DateTime.fromISO(`${date}T${shift.start}`, { zone: zoneOf(timeZone) });
  const endsNextDay = shift.end <= shift.start;
  const end = DateTime.fromISO(`${endsNextDay ? addDays(date, 1) : date}T${shift.end}`, { zone: zoneOf(timeZone) });
  return { start, end, endsNextDay };
}

/** How long after a night shift's end its check-out still closes it, in hours. */
const LATE_CHECK_OUT_HOURS = 6;

/**
 * Returns the attendance day of a check-in or check-out by a rostered employee: the
 * day the shift starts. A check-out in the morning after a night shift closes that
 * shift. A check-in within the shift's window before its start belongs to it, so an
 * early arrival for a night shift is not taken as the end of the previous one.
 */
export function attendanceDayOf(
  kind: 'CheckIn' | 'CheckOut',
  instant: string,
  localDate: string,
  timeZone: string,
  rosterOn: (date: string) => RosterDay,
): string {
  const at = DateTime.fromISO(instant, { setZone: true });
  const yesterday = addDays(localDate, -1);
  const previous = rosterOn(yesterday);
  const current = rosterOn(localDate);
  const previousShift = previous !== undefined && previous !== 'rest' ? shiftInstants(previous, yesterday, timeZone) : undefined;
  const currentShift = current !== undefined && current !== 'rest' ? shiftInstants(current, localDate, timeZone) : undefined;
  const windowOpens = current !== undefined && current !== 'rest' && currentShift !== undefined ? currentShift.start.minus({ minutes: current.checkInWindowMinutes }) : undefined;

  if (previousShift?.endsNextDay !== true) {
    return localDate;
  }
  if (kind === 'CheckOut') {
    // Closes last night's shift unless today's shift has already begun.
    const beforeTodaysShift = currentShift === undefined || at < currentShift.start;
    return at <= previousShift.end.plus({ hours: LATE_CHECK_OUT_HOURS }) && beforeTodaysShift ? yesterday : localDate;
  }
  // A late check-in for last night's shift, unless it already falls in today's window.
  const beforeTodaysWindow = windowOpens === undefined || at < windowOpens;
  return at < previousShift.end && beforeTodaysWindow ? yesterday : localDate;
}
