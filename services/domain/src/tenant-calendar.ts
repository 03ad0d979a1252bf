import type { CalendarDayKind, DayHours, TenantSettings, WorkSchedule } from '@fleksi/contracts';

import { weekdayOf } from './time.ts';

/** A tenant's configuration, folded from its stream: the input of every time rule. */
export interface TenantConfiguration {
  readonly tenantId: string;
  readonly name: string;
  readonly settings: TenantSettings;
  readonly schedules: ReadonlyMap<string, WorkSchedule>;
  readonly calendar: ReadonlyMap<string, { readonly kind: CalendarDayKind; readonly name: string }>;
}

/** `rest` is a rest day on an employee's shift roster. */
export type DayType = 'workday' | 'weekend' | 'holiday' | 'cuti_bersama' | 'rest';

export interface PlannedDay {
  readonly date: string;
  readonly dayType: DayType;
  /** Working hours of the day; null unless it is a workday. */
  readonly hours: DayHours | null;
  readonly scheduleId: string | null;
  readonly scheduleKind: WorkSchedule['kind'] | null;
  readonly holidayName: string | null;
}

/**
 * Returns the day type and working hours of a date under a tenant's calendar and
 * schedules. A holiday or cuti bersama wins over any schedule; a weekday that no
 * applicable schedule covers is a weekend day.
 */
export function planDay(configuration: TenantConfiguration, date: string): PlannedDay {
  const calendarDay = configuration.calendar.get(date);
  if (calendarDay !== undefined) {
    return { date, dayType: calendarDay.kind, hours: null, scheduleId: null, scheduleKind: null, holidayName: calendarDay.name };
  }

  const schedule = applicableSchedule(configuration, date);
  const hours = schedule?.days[weekdayOf(date)];
  if (schedule === undefined || hours === undefined) {
    return { date, dayType: 'weekend', hours: null, scheduleId: schedule?.id ?? null, scheduleKind: schedule?.kind ?? null, holidayName: null };
  }
  return { date, dayType: 'workday', hours, scheduleId: schedule.id, scheduleKind: schedule.kind, holidayName: null };
}

/** Returns the schedule covering `date` with the latest start, or on a tie the one defined last. */
export function applicableSchedule(configuration: TenantConfiguration, date: string): WorkSchedule | undefined {
  let chosen: WorkSchedule | undefined;
  for (const schedule of configuration.schedules.values()) {
    const covers = schedule.effectiveFrom <= date && (schedule.effectiveTo === null || date <= schedule.effectiveTo);
    if (covers && (chosen === undefined || schedule.effectiveFrom >= chosen.effectiveFrom)) {
      chosen = schedule;
    }
  }
  return chosen;
}

export function isWorkday(configuration: TenantConfiguration, date: string): boolean {
  return planDay(configuration, date).dayType === 'workday';
}
