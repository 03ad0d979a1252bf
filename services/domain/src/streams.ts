import { isoWeekOf } from './time.ts';

/*
 * Stream ids. Each starts with the tenant so no two tenants ever share a stream,
 * and each is one consistency boundary: one check-in per employee per day is
 * enforced by the attendance-day stream, the weekly WFA limit by the WFA-week stream.
 */
export const streams = {
  tenant: (tenantId: string) => `tenant-${tenantId}`,
  unit: (tenantId: string, unitId: string) => `unit-${tenantId}-${unitId}`,
  employee: (tenantId: string, nip: string) => `employee-${tenantId}-${nip}`,
  wfaWeek: (tenantId: string, nip: string, date: string) => `wfa-${tenantId}-${nip}-${isoWeekOf(date)}`,
  attendanceDay: (tenantId: string, nip: string, date: string) => `attendance-${tenantId}-${nip}-${date}`,
  attendanceAttempts: (tenantId: string, nip: string) => `attempts-${tenantId}-${nip}`,
  absences: (tenantId: string, nip: string) => `absences-${tenantId}-${nip}`,
  dailyReport: (tenantId: string, nip: string, date: string) => `report-${tenantId}-${nip}-${date}`,
  workday: (tenantId: string, date: string) => `workday-${tenantId}-${date}`,
  trial: (tenantId: string, trialId: string) => `trial-${tenantId}-${trialId}`,
  auditLog: (tenantId: string) => `audit-log-${tenantId}`,
  /** One employee's roster for the month of `date`. */
  roster: (tenantId: string, nip: string, date: string) => `roster-${tenantId}-${nip}-${date.slice(0, 7)}`,
};
