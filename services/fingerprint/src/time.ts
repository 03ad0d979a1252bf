import { DateTime } from 'luxon';

const TERMINAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

/**
 * Converts a terminal date-time "YYYY-MM-DD HH:MM:SS" into the local ISO form
 * "YYYY-MM-DDTHH:mm:ss", or returns null when the text is not a real calendar
 * date and clock time. Hours run from 00 to 23 and seconds from 00 to 59, so
 * "24:00:00" and leap seconds are rejected.
 */
export function parseTerminalDateTime(text: string): string | null {
  const match = TERMINAL_DATE_TIME.exec(text);
  if (match === null) {
    return null;
  }

  const [, year, month, day, hour, minute, second] = match.map(Number) as [number, number, number, number, number, number, number];
  if (hour > 23 || minute > 59 || second > 59) {
    return null;
  }

  // Luxon rejects dates such as 2026-02-30 or 2025-02-29. UTC is used because the
  // calendar check must not depend on any zone's daylight saving gaps.
  const calendarDate = DateTime.fromObject({ year, month, day }, { zone: 'UTC' });
  if (!calendarDate.isValid) {
    return null;
  }

  return text.replace(' ', 'T');
}

/** Tells whether the text has the shape "YYYY-MM-DDTHH:mm:ss" (no zone, no fraction). */
export function isLocalDateTime(text: string): boolean {
  return LOCAL_DATE_TIME.test(text);
}

/**
 * Returns the seconds of a local date-time counted as if it were UTC. Only the
 * difference between two such values is meaningful, which is all that duplicate
 * detection needs.
 */
export function localEpochSeconds(localDateTime: string): number {
  return Date.parse(`${localDateTime}Z`) / 1000;
}

/**
 * Converts a local date-time of the office into an ISO 8601 UTC instant, for
 * example toInstant('2026-01-05T07:30:00', 'Asia/Makassar') returns
 * '2026-01-04T23:30:00.000Z'.
 *
 * Throws a RangeError when the date-time is not a real "YYYY-MM-DDTHH:mm:ss"
 * or the zone is not an IANA zone name. Indonesian zones (Asia/Jakarta,
 * Asia/Makassar, Asia/Jayapura) have no daylight saving time. In zones that
 * have it, luxon 3.7 moves a local time that does not exist and picks one of
 * the two instants of a local time that occurs twice, and this helper does not
 * flag either case.
 */
export function toInstant(localDateTime: string, zone: string): string {
  if (!isLocalDateTime(localDateTime)) {
    throw new RangeError(`invalid local date-time "${localDateTime}": expected YYYY-MM-DDTHH:mm:ss`);
  }

  const local = DateTime.fromISO(localDateTime, { zone });
  if (local.invalidReason === 'unsupported zone') {
    throw new RangeError(`unknown time zone "${zone}": use an IANA zone name such as Asia/Makassar`);
  }
  if (!local.isValid) {
    throw new RangeError(`invalid local date-time "${localDateTime}": ${local.invalidExplanation ?? local.invalidReason}`);
  }

  const instant = local.toUTC().toISO();
  if (instant === null) {
    throw new RangeError(`cannot format "${localDateTime}" in zone "${zone}" as an ISO instant`);
  }
  return instant;
}
