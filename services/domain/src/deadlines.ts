import { DateTime } from 'luxon';

import type { TenantConfiguration } from './tenant-calendar.ts';
import { addDays, instantAt, minutesBetween } from './time.ts';

/** Returns the instant after which a daily report for `date` counts as late (grace included). */
export function reportDeadline(configuration: TenantConfiguration, date: string): string {
  const { time, nextDay, graceMinutes } = configuration.settings.reportDeadline;
  const deadlineDate = nextDay ? addDays(date, 1) : date;
  // HH:MM deadlines mean the end of that minute: 23:59 allows 23:59:59.
  const endOfMinute = DateTime.fromISO(instantAt(deadlineDate, time, configuration.settings.timeZone)).plus({ minutes: 1 + graceMinutes });
  return endOfMinute.toUTC().toISO() ?? '';
}

export function isAfterDeadline(configuration: TenantConfiguration, date: string, instant: string): boolean {
  return minutesBetween(reportDeadline(configuration, date), instant) >= 0;
}
