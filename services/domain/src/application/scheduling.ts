import type { z } from 'zod';

import type { AssignWfaDaysBody, AssignWfaDayBody, CloseWorkdayBody, RevokeWfaDayBody, Weekday } from '@fleksi/contracts';

import { handleCommand, type CommandMetadata, type CommandResult } from '../command-handler.ts';
import { wfaWeekDecider } from '../deciders/wfa-week.ts';
import { workdayDecider } from '../deciders/workday.ts';
import { DomainError, ensure } from '../errors.ts';
import { streams } from '../streams.ts';
import { addDays, datesBetween, weekdayOf } from '../time.ts';
import { commandMetadata, loadUnit, requireEmployee, type ApplicationDependencies, type RequestInfo, type TenantCache } from './context.ts';
import { administersUnit, requireRole, type Principal } from './principal.ts';

/** Maximum range of one recurring assignment, in days, so one request stays bounded. */
export const MAX_ASSIGNMENT_DAYS = 366;

export interface AssignmentOutcome {
  readonly nip: string;
  readonly date: string;
  readonly status: 'assigned' | 'rejected';
  readonly code?: string;
  readonly params?: Readonly<Record<string, string | number | undefined>>;
  readonly position?: string;
}

export interface AssignmentReport {
  readonly assignmentId: string;
  readonly assigned: number;
  readonly rejected: number;
  readonly outcomes: readonly AssignmentOutcome[];
  /** Result of the last successful append, for read-your-writes. */
  readonly last: CommandResult | null;
}

/**
 * Assigns WFA days to one employee or to every employee of a unit, on one date or
 * on chosen weekdays of a date range. Each employee-week is its own stream, so the
 * outcome is reported per employee and date: a day over the weekly limit or on a
 * holiday is rejected while the others are assigned. A retry with the same
 * Idempotency-Key repeats none of the appends that already succeeded.
 */
export async function assignWfaDays(
  dependencies: ApplicationDependencies,
  tenants: TenantCache,
  principal: Principal,
  body: z.output<typeof AssignWfaDaysBody> | z.output<typeof AssignWfaDayBody>,
  request: RequestInfo,
): Promise<AssignmentReport> {
  const role = requireRole(principal, ['unit_admin', 'tenant_admin']);
  const configuration = await tenants.get(principal.tenantId);
  const dates = 'date' in body ? [body.date] : selectDates(body.from, body.to, body.weekdays);

  // 1. The employees concerned, each with the unit they belong to.
  const targets = await resolveTargets(dependencies, principal, body);
  const command = 'date' in body ? 'AssignWFADay' : 'AssignWFADays';
  const assignmentId = request.idempotency?.key ?? request.correlationId;
  const metadata = commandMetadata(principal, role, command, { ...request, source: 'admin' }, dependencies.clock());

  // 2. One append per employee and date, each judged on its own week.
  const outcomes: AssignmentOutcome[] = [];
  let last: CommandResult | null = null;
  for (const { nip, unitId } of targets) {
    for (const date of dates) {
      try {
        const data = { nip, date, unitId, assignmentId, scope: body.unitId === undefined ? ('employee' as const) : ('unit' as const) };
        const result = await handleCommand(
          dependencies,
          streams.wfaWeek(principal.tenantId, nip, date),
          wfaWeekDecider,
          { type: 'AssignWFADay', data, context: { configuration } },
          perDate(metadata, date),
        );
        last = result;
        outcomes.push({ nip, date, status: 'assigned', position: `${result.position.commit}-${result.position.prepare}` });
      } catch (error) {
        if (!(error instanceof DomainError)) {
          throw error;
        }
        outcomes.push({ nip, date, status: 'rejected', code: error.code, params: error.params });
      }
    }
  }

  const assigned = outcomes.filter((outcome) => outcome.status === 'assigned').length;
  return { assignmentId, assigned, rejected: outcomes.length - assigned, outcomes, last };
}

export async function revokeWfaDay(
  dependencies: ApplicationDependencies,
  principal: Principal,
  body: z.output<typeof RevokeWfaDayBody>,
  request: RequestInfo,
): Promise<CommandResult> {
  const role = requireRole(principal, ['unit_admin', 'tenant_admin']);
  const employee = await requireEmployee(dependencies, principal.tenantId, body.nip);
  ensure(administersUnit(principal, employee.unitId), 'FORBIDDEN_SCOPE');

  const metadata = commandMetadata(principal, role, 'RevokeWFADay', { ...request, source: 'admin' }, dependencies.clock());
  return handleCommand(dependencies, streams.wfaWeek(principal.tenantId, body.nip, body.date), wfaWeekDecider, { type: 'RevokeWFADay', data: body }, metadata);
}

export async function closeWorkday(
  dependencies: ApplicationDependencies,
  tenants: TenantCache,
  principal: Principal,
  body: z.output<typeof CloseWorkdayBody>,
  request: RequestInfo,
): Promise<CommandResult> {
  const role = requireRole(principal, ['system', 'tenant_admin']);
  const configuration = await tenants.get(principal.tenantId);
  const now = dependencies.clock();
  const metadata = commandMetadata(principal, role, 'CloseWorkday', { ...request, source: 'system' }, now);
  return handleCommand(
    dependencies,
    streams.workday(principal.tenantId, body.date),
    workdayDecider,
    { type: 'CloseWorkday', data: body, context: { now, configuration } },
    metadata,
  );
}

function selectDates(from: string, to: string, weekdays: readonly Weekday[]): string[] {
  ensure(to <= addDays(from, MAX_ASSIGNMENT_DAYS - 1), 'WFA_RANGE_TOO_LONG', { maxDays: MAX_ASSIGNMENT_DAYS });
  const all = datesBetween(from, to);
  return all.filter((date) => weekdays.includes(weekdayOf(date)));
}

async function resolveTargets(
  dependencies: ApplicationDependencies,
  principal: Principal,
  body: { nip?: string | undefined; unitId?: string | undefined },
): Promise<Array<{ nip: string; unitId: string }>> {
  if (body.nip !== undefined) {
    const employee = await requireEmployee(dependencies, principal.tenantId, body.nip);
    ensure(administersUnit(principal, employee.unitId), 'FORBIDDEN_SCOPE');
    return [{ nip: body.nip, unitId: employee.unitId }];
  }

  const unitId = body.unitId ?? '';
  ensure(administersUnit(principal, unitId), 'FORBIDDEN_SCOPE');
  const unit = await loadUnit(dependencies, principal.tenantId, unitId);
  ensure(unit.status === 'registered', 'UNIT_NOT_FOUND', { unitId });
  if (dependencies.directory === undefined) {
    throw new Error('assigning WFA days to a whole unit needs the employee directory read model');
  }
  const nips = await dependencies.directory.employeesOfUnit(principal.tenantId, unitId);
  return nips.map((nip) => ({ nip, unitId }));
}

/** Gives each date its own idempotency key, because two dates of one week share a stream. */
function perDate(metadata: CommandMetadata, date: string): CommandMetadata {
  const { idempotency } = metadata;
  return idempotency === undefined ? metadata : { ...metadata, idempotency: { key: `${idempotency.key}:${date}`, requestHash: idempotency.requestHash } };
}
