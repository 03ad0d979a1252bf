import type { z } from 'zod';

import {
  AssignWfaDayBody,
  AssignWfaDaysBody,
  CancelAbsenceBody,
  ChangeEmployeeDomicileBody,
  ChangeTenantSettingsBody,
  ChangeUnitGeofencesBody,
  ClearRosterBody,
  CheckInBody,
  CheckOutBody,
  CloseWorkdayBody,
  CorrectAttendanceBody,
  DeclareCalendarDayBody,
  DefineShiftBody,
  DefineTrialBody,
  DefineWorkScheduleBody,
  PublishRosterBody,
  RecordAbsenceBody,
  RegisterEmployeeBody,
  RegisterTenantBody,
  RegisterUnitBody,
  RemoveCalendarDayBody,
  RemoveShiftBody,
  RemoveWorkScheduleBody,
  ReviewActivityBody,
  ReviseActivityBody,
  RevokeWfaDayBody,
  SubmitActivityBody,
  TransferEmployeeBody,
  WithdrawActivityBody,
} from '@fleksi/contracts';
import {
  assignWfaDays,
  cancelAbsence,
  changeEmployeeDomicile,
  changeTenant,
  changeUnitGeofences,
  clearRoster,
  closeWorkday,
  correctAttendance,
  defineShift,
  defineTrial,
  publishRoster,
  recordAbsence,
  recordPresence,
  registerEmployee,
  registerTenant,
  registerUnit,
  removeShift,
  reviewActivity,
  reviseActivity,
  revokeWfaDay,
  submitActivity,
  transferEmployee,
  withdrawActivity,
  type ApplicationDependencies,
  type AssignmentReport,
  type CommandResult,
  type Principal,
  type RequestInfo,
  type TenantCache,
} from '@fleksi/domain';

export interface CommandServices {
  readonly dependencies: ApplicationDependencies;
  readonly tenants: TenantCache;
}

export type CommandOutcome =
  | { kind: 'appended'; result: CommandResult; extra?: Record<string, unknown> }
  | { kind: 'assignment'; report: AssignmentReport }
  | { kind: 'report'; last: CommandResult | null; report: Record<string, unknown> };

export interface CommandRoute {
  /** Path segment under /v1/commands/. */
  readonly name: string;
  readonly summary: string;
  readonly body: z.ZodType;
  run(services: CommandServices, principal: Principal, body: never, request: RequestInfo): Promise<CommandOutcome>;
}

function route<Schema extends z.ZodType>(
  name: string,
  summary: string,
  body: Schema,
  run: (services: CommandServices, principal: Principal, body: z.output<Schema>, request: RequestInfo) => Promise<CommandOutcome>,
): CommandRoute {
  return { name, summary, body, run: run as CommandRoute['run'] };
}

const appended = async (result: Promise<CommandResult>): Promise<CommandOutcome> => ({ kind: 'appended', result: await result });

/** A tenant change, after which this process reads the configuration afresh. */
const tenantChanged = async (services: CommandServices, tenantId: string, result: Promise<CommandResult>): Promise<CommandOutcome> => {
  const outcome = await appended(result);
  services.tenants.evict(tenantId);
  return outcome;
};

/** Every command the HTTP API accepts, each at `POST /v1/commands/<name>`. */
export const COMMAND_ROUTES: readonly CommandRoute[] = [
  route('check-in', 'Presensi masuk (check in), WFO or WFA', CheckInBody, (s, p, body, r) =>
    appended(recordPresence(s.dependencies, s.tenants, p, 'CheckIn', body, r)),
  ),
  route('check-out', 'Presensi pulang (check out)', CheckOutBody, (s, p, body, r) =>
    appended(recordPresence(s.dependencies, s.tenants, p, 'CheckOut', body, r)),
  ),
  route('correct-attendance', 'Correct a day of attendance, as a new event (unit or tenant admin)', CorrectAttendanceBody, (s, p, body, r) =>
    appended(correctAttendance(s.dependencies, p, body, r)),
  ),
  route('record-absence', 'Record leave, sick leave, official duty and other absences', RecordAbsenceBody, (s, p, body, r) =>
    appended(recordAbsence(s.dependencies, s.tenants, p, body, r)),
  ),
  route('cancel-absence', 'Cancel a recorded absence', CancelAbsenceBody, (s, p, body, r) => appended(cancelAbsence(s.dependencies, p, body, r))),
  route('submit-activity', 'Add an activity to the daily performance report', SubmitActivityBody, async (s, p, body, r) => {
    const result = await submitActivity(s.dependencies, s.tenants, p, body, r);
    return { kind: 'appended', result, extra: { activityId: result.activityId } };
  }),
  route('revise-activity', 'Revise an activity before it is reviewed', ReviseActivityBody, (s, p, body, r) =>
    appended(reviseActivity(s.dependencies, s.tenants, p, body, r)),
  ),
  route('withdraw-activity', 'Withdraw an activity before it is reviewed', WithdrawActivityBody, (s, p, body, r) =>
    appended(withdrawActivity(s.dependencies, p, body, r)),
  ),
  route('review-activity', "Approve, reject or ask to revise a subordinate's activity", ReviewActivityBody, (s, p, body, r) =>
    appended(reviewActivity(s.dependencies, p, body, r)),
  ),
  route('assign-wfa-day', 'Assign one WFA day to an employee or a whole unit', AssignWfaDayBody, async (s, p, body, r) => {
    const report = await assignWfaDays(s.dependencies, s.tenants, p, body, r);
    return { kind: 'assignment', report };
  }),
  route('assign-wfa-days', 'Assign WFA on chosen weekdays of a date range, for example every Thursday and Friday', AssignWfaDaysBody, async (s, p, body, r) => {
    const report = await assignWfaDays(s.dependencies, s.tenants, p, body, r);
    return { kind: 'assignment', report };
  }),
  route('revoke-wfa-day', 'Revoke an assigned WFA day', RevokeWfaDayBody, (s, p, body, r) => appended(revokeWfaDay(s.dependencies, p, body, r))),
  route('close-workday', 'Close a workday after its report deadline (scheduler)', CloseWorkdayBody, (s, p, body, r) =>
    appended(closeWorkday(s.dependencies, s.tenants, p, body, r)),
  ),
  route('register-tenant', 'Register the tenant of the token (system role)', RegisterTenantBody, (s, p, body, r) =>
    tenantChanged(s, p.tenantId, registerTenant(s.dependencies, p, body, r)),
  ),
  route('change-tenant-settings', 'Change time zone, deadlines, bands and policies', ChangeTenantSettingsBody, (s, p, body, r) =>
    tenantChanged(s, p.tenantId, changeTenant(s.dependencies, p, { type: 'ChangeTenantSettings', body }, r)),
  ),
  route('define-work-schedule', 'Define or replace a work schedule for a date range', DefineWorkScheduleBody, (s, p, body, r) =>
    tenantChanged(s, p.tenantId, changeTenant(s.dependencies, p, { type: 'DefineWorkSchedule', body }, r)),
  ),
  route('remove-work-schedule', 'Remove a work schedule', RemoveWorkScheduleBody, (s, p, body, r) =>
    tenantChanged(s, p.tenantId, changeTenant(s.dependencies, p, { type: 'RemoveWorkSchedule', body }, r)),
  ),
  route('declare-calendar-day', 'Declare a holiday or cuti bersama', DeclareCalendarDayBody, (s, p, body, r) =>
    tenantChanged(s, p.tenantId, changeTenant(s.dependencies, p, { type: 'DeclareCalendarDay', body }, r)),
  ),
  route('remove-calendar-day', 'Remove a holiday or cuti bersama', RemoveCalendarDayBody, (s, p, body, r) =>
    tenantChanged(s, p.tenantId, changeTenant(s.dependencies, p, { type: 'RemoveCalendarDay', body }, r)),
  ),
  route('define-trial', 'Define or redefine a WFA trial and its evaluation (tenant admin)', DefineTrialBody, (s, p, body, r) =>
    appended(defineTrial(s.dependencies, p, body, r)),
  ),
  route('register-unit', 'Register a unit (OPD) with its office geofences', RegisterUnitBody, (s, p, body, r) => appended(registerUnit(s.dependencies, p, body, r))),
  route('change-unit-geofences', "Replace a unit's office geofences", ChangeUnitGeofencesBody, (s, p, body, r) =>
    appended(changeUnitGeofences(s.dependencies, p, body, r)),
  ),
  route('define-shift', 'Define or replace a shift of a unit that works around the clock', DefineShiftBody, (s, p, body, r) =>
    appended(defineShift(s.dependencies, p, body, r)),
  ),
  route('remove-shift', 'Remove a shift of a unit', RemoveShiftBody, (s, p, body, r) => appended(removeShift(s.dependencies, p, body, r))),
  route('publish-roster', "Publish or change a unit's roster: a shift or a rest day per employee and date", PublishRosterBody, async (s, p, body, r) => {
    const report = await publishRoster(s.dependencies, p, body, r);
    return { kind: 'report', last: report.last, report: { employees: report.employees, changedEntries: report.changedEntries } };
  }),
  route('clear-roster', 'Take dates off an employee roster, back to the weekday schedule', ClearRosterBody, async (s, p, body, r) => {
    const report = await clearRoster(s.dependencies, p, body, r);
    return { kind: 'report', last: report.last, report: { changedEntries: report.changedEntries } };
  }),
  route('register-employee', 'Register an employee (ASN, PNS or PPPK) by NIP', RegisterEmployeeBody, (s, p, body, r) =>
    appended(registerEmployee(s.dependencies, p, body, r)),
  ),
  route('transfer-employee', 'Move an employee to another unit or supervisor', TransferEmployeeBody, (s, p, body, r) =>
    appended(transferEmployee(s.dependencies, p, body, r)),
  ),
  route('change-employee-domicile', "Record or clear an employee's domicile", ChangeEmployeeDomicileBody, (s, p, body, r) =>
    appended(changeEmployeeDomicile(s.dependencies, p, body, r)),
  ),
];
