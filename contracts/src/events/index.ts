import type { z } from 'zod';

import { EventRegistry } from '../event-registry.ts';
import * as attendance from './attendance.ts';
import * as audit from './audit.ts';
import * as dailyReport from './daily-report.ts';
import * as organisation from './organisation.ts';
import * as rosters from './rosters.ts';
import * as scheduling from './scheduling.ts';
import * as trial from './trial.ts';

export * from './attendance.ts';
export * from './audit.ts';
export * from './daily-report.ts';
export * from './organisation.ts';
export * from './rosters.ts';
export * from './scheduling.ts';
export * from './trial.ts';

const definitions = [
  organisation.TenantRegistered,
  organisation.TenantSettingsChanged,
  organisation.WorkScheduleDefined,
  organisation.WorkScheduleRemoved,
  organisation.CalendarDayDeclared,
  organisation.CalendarDayRemoved,
  organisation.UnitRegistered,
  organisation.UnitGeofencesChanged,
  organisation.EmployeeRegistered,
  organisation.EmployeeTransferred,
  organisation.EmployeeDomicileChanged,
  scheduling.WFADayAssigned,
  scheduling.WFADayRevoked,
  scheduling.WorkdayClosed,
  attendance.CheckedIn,
  attendance.CheckedOut,
  attendance.AttendanceCorrected,
  attendance.AttendanceAttemptRejected,
  attendance.AbsenceRecorded,
  attendance.AbsenceCancelled,
  dailyReport.ActivitySubmitted,
  dailyReport.ActivityRevised,
  dailyReport.ActivityWithdrawn,
  dailyReport.ActivityReviewed,
  trial.TrialDefined,
  audit.AuditQueried,
  rosters.UnitShiftDefined,
  rosters.UnitShiftRemoved,
  rosters.RosterPublished,
  rosters.RosterCleared,
] as const;

type Definition = (typeof definitions)[number];

/** Every Fleksi domain event as a discriminated union of `{ type, data }`. */
export type FleksiEvent = {
  [D in Definition as D['type']]: { readonly type: D['type']; readonly data: z.infer<D['schema']> };
}[Definition['type']];

export type FleksiEventType = FleksiEvent['type'];

export type EventData<T extends FleksiEventType> = Extract<FleksiEvent, { type: T }>['data'];

export const FLEKSI_EVENT_DEFINITIONS: readonly Definition[] = definitions;

/** A registry of every Fleksi event at its current schema version. */
export function createFleksiEventRegistry(): EventRegistry {
  return new EventRegistry().register(...definitions);
}
