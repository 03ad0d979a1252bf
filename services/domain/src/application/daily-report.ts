import { randomUUID } from 'node:crypto';

import type { z } from 'zod';

import type { ReviewActivityBody, ReviseActivityBody, SubmitActivityBody, WithdrawActivityBody } from '@fleksi/contracts';

import { handleCommand, type CommandResult } from '../command-handler.ts';
import { dailyReportDecider } from '../deciders/daily-report.ts';
import { DomainError } from '../errors.ts';
import { streams } from '../streams.ts';
import { addDays } from '../time.ts';
import { commandMetadata, loadEmployee, loadUnit, requireEmployee, type ApplicationDependencies, type RequestInfo, type TenantCache } from './context.ts';
import { loadRosterDay } from './rosters.ts';
import { requireRole, type Principal } from './principal.ts';

/** Returns the caller's NIP: employees write only their own daily reports. */
function authorNip(principal: Principal): string {
  requireRole(principal, ['employee']);
  if (principal.nip === null) {
    throw new DomainError('FORBIDDEN_SCOPE');
  }
  return principal.nip;
}

export async function submitActivity(
  dependencies: ApplicationDependencies,
  tenants: TenantCache,
  principal: Principal,
  body: z.output<typeof SubmitActivityBody>,
  request: RequestInfo,
): Promise<CommandResult & { activityId: string }> {
  const nip = authorNip(principal);
  const employee = await requireEmployee(dependencies, principal.tenantId, nip);
  const configuration = await tenants.get(principal.tenantId);
  const now = dependencies.clock();
  const deadlineDate = await shiftDeadlineDate(dependencies, principal.tenantId, employee.unitId, nip, body.date);

  const activityId = body.activityId ?? randomUUID();
  const metadata = commandMetadata(principal, 'employee', 'SubmitActivity', request, now);
  const result = await handleCommand(
    dependencies,
    streams.dailyReport(principal.tenantId, nip, body.date),
    dailyReportDecider,
    { type: 'SubmitActivity', data: { ...body, activityId, nip }, context: { now, configuration, deadlineDate } },
    metadata,
  );
  const submitted = result.events[0];
  return { ...result, activityId: submitted?.type === 'ActivitySubmitted' ? submitted.data.activityId : activityId };
}

export async function reviseActivity(
  dependencies: ApplicationDependencies,
  tenants: TenantCache,
  principal: Principal,
  body: z.output<typeof ReviseActivityBody>,
  request: RequestInfo,
): Promise<CommandResult> {
  const nip = authorNip(principal);
  const configuration = await tenants.get(principal.tenantId);
  const now = dependencies.clock();
  const metadata = commandMetadata(principal, 'employee', 'ReviseActivity', request, now);
  return handleCommand(
    dependencies,
    streams.dailyReport(principal.tenantId, nip, body.date),
    dailyReportDecider,
    { type: 'ReviseActivity', data: { ...body, nip }, context: { now, configuration } },
    metadata,
  );
}

export async function withdrawActivity(
  dependencies: ApplicationDependencies,
  principal: Principal,
  body: z.output<typeof WithdrawActivityBody>,
  request: RequestInfo,
): Promise<CommandResult> {
  const nip = authorNip(principal);
  const metadata = commandMetadata(principal, 'employee', 'WithdrawActivity', request, dependencies.clock());
  return handleCommand(
    dependencies,
    streams.dailyReport(principal.tenantId, nip, body.date),
    dailyReportDecider,
    { type: 'WithdrawActivity', data: { ...body, nip } },
    metadata,
  );
}

/** Only the author's direct supervisor (atasan langsung) may review. */
export async function reviewActivity(
  dependencies: ApplicationDependencies,
  principal: Principal,
  body: z.output<typeof ReviewActivityBody>,
  request: RequestInfo,
): Promise<CommandResult> {
  requireRole(principal, ['supervisor']);
  if (principal.nip === null) {
    throw new DomainError('NOT_SUPERVISOR', { nip: body.nip });
  }
  const author = await loadEmployee(dependencies, principal.tenantId, body.nip);
  if (author.status !== 'registered') {
    throw new DomainError('EMPLOYEE_NOT_FOUND', { nip: body.nip });
  }

  const metadata = commandMetadata(principal, 'supervisor', 'ReviewActivity', request, dependencies.clock());
  return handleCommand(
    dependencies,
    streams.dailyReport(principal.tenantId, body.nip, body.date),
    dailyReportDecider,
    { type: 'ReviewActivity', data: { ...body, reviewerNip: principal.nip }, context: { author } },
    metadata,
  );
}

/** Returns the date whose report deadline applies: the next day after a night shift, else the report's date. */
async function shiftDeadlineDate(dependencies: ApplicationDependencies, tenantId: string, unitId: string, nip: string, date: string): Promise<string> {
  const unit = await loadUnit(dependencies, tenantId, unitId);
  if (unit.status !== 'registered' || unit.shifts === undefined || unit.shifts.size === 0) {
    return date;
  }
  const rostered = await loadRosterDay(dependencies, tenantId, nip, unit.shifts, date);
  return rostered !== undefined && rostered !== 'rest' && rostered.end <= rostered.start ? addDays(date, 1) : date;
}
