import { randomUUID } from 'node:crypto';

import type { z } from 'zod';

import type {
  CancelAbsenceBody,
  CheckInBody,
  CorrectAttendanceBody,
  RecordAbsenceBody,
} from '@fleksi/contracts';

import { handleCommand, toNewEvent, type CommandResult } from '../command-handler.ts';
import { absencesDecider } from '../deciders/absences.ts';
import { attendanceDayDecider, attendanceInstant, type PresenceContext } from '../deciders/attendance-day.ts';
import { DomainError, ensure } from '../errors.ts';
import { streams } from '../streams.ts';
import { attendanceDayOf } from '../shifts.ts';
import { addDays, localDateOf } from '../time.ts';
import {
  commandMetadata,
  loadUnit,
  loadWfaWeek,
  requireEmployee,
  type ApplicationDependencies,
  type RequestInfo,
  type TenantCache,
} from './context.ts';
import { administersUnit, hasRole, requireRole, type Principal } from './principal.ts';
import { loadRosterDay } from './rosters.ts';
import type { UnitState } from '../deciders/unit.ts';

type PresenceBody = z.output<typeof CheckInBody>;

/** Checks an employee in or out; a rejected attempt is kept in the employee's attempts stream for fraud review. */
export async function recordPresence(
  dependencies: ApplicationDependencies,
  tenants: TenantCache,
  principal: Principal,
  kind: 'CheckIn' | 'CheckOut',
  body: PresenceBody,
  request: RequestInfo,
): Promise<CommandResult> {
  // 1. Who: an employee for themself, or the system (fingerprint import) for anyone.
  const role = requireRole(principal, ['employee', 'system']);
  const nip = role === 'system' ? body.nip : principal.nip;
  if (nip === undefined || nip === null) {
    throw new DomainError('VALIDATION_FAILED', { field: 'nip' });
  }
  if (role === 'employee' && body.nip !== undefined && body.nip !== principal.nip) {
    throw new DomainError('FORBIDDEN_SCOPE');
  }
  // Terminal records skip the location checks, so only the system importer may send them.
  ensure(body.source !== 'fingerprint' || role === 'system', 'FORBIDDEN_ROLE', { roles: 'system' });
  const offlineWindow = role === 'system' && body.source === 'fingerprint' ? 'waive' : 'enforce';

  // 2. Context from other streams.
  const now = dependencies.clock();
  const configuration = await tenants.get(principal.tenantId);
  const employee = await requireEmployee(dependencies, principal.tenantId, nip);
  const unit = await loadUnit(dependencies, principal.tenantId, employee.unitId);
  if (unit.status !== 'registered') {
    throw new DomainError('UNIT_NOT_FOUND', { unitId: employee.unitId });
  }
  const metadata = commandMetadata(principal, role, kind, { ...request, source: body.source }, now);

  try {
    // 3. The attendance day follows from the time that counts.
    const { effectiveAt } = attendanceInstant(body.deviceTime, now, configuration, offlineWindow);
    const localDate = localDateOf(effectiveAt, configuration.settings.timeZone);
    const date = await attendanceDateOf(dependencies, principal.tenantId, employee.nip, unit, kind, effectiveAt, localDate, configuration.settings.timeZone);
    const wfaWeek = await loadWfaWeek(dependencies, principal.tenantId, nip, date);
    const context: PresenceContext = { now, date, configuration, employee, unit, wfaWeek, offlineWindow };
    const data = { nip, mode: body.mode, source: body.source, location: body.location, deviceTime: body.deviceTime, deviceId: body.deviceId };

    // 4. Decide and append on the attendance-day stream.
    return await handleCommand(dependencies, streams.attendanceDay(principal.tenantId, nip, date), attendanceDayDecider, { type: kind, data, context }, metadata);
  } catch (error) {
    if (error instanceof DomainError && error.code !== 'CONCURRENT_CHANGE') {
      const date = localDateOf(body.deviceTime ?? now, configuration.settings.timeZone);
      await recordRejectedAttempt(dependencies, principal.tenantId, nip, date, kind, body, error, metadata);
    }
    throw error;
  }
}

async function recordRejectedAttempt(
  dependencies: ApplicationDependencies,
  tenantId: string,
  nip: string,
  date: string,
  kind: 'CheckIn' | 'CheckOut',
  body: PresenceBody,
  error: DomainError,
  metadata: ReturnType<typeof commandMetadata>,
): Promise<void> {
  const streamId = streams.attendanceAttempts(tenantId, nip);
  const data = {
    nip,
    date,
    kind: kind === 'CheckIn' ? ('check-in' as const) : ('check-out' as const),
    reason: error.code,
    mode: body.mode,
    source: body.source,
    location: body.location,
    deviceTime: body.deviceTime,
    receivedAt: metadata.receivedAt,
    deviceId: body.deviceId,
  };
  // An audit record, not a decision: appended whatever the stream's version, so
  // simultaneous rejected attempts never conflict with each other.
  const rejectedMetadata = { ...metadata, command: `${metadata.command}Rejected` };
  await dependencies.store.appendToStream(
    streamId,
    [toNewEvent(dependencies.registry, streamId, { type: 'AttendanceAttemptRejected', data }, 0, rejectedMetadata)],
    { expectedVersion: 'any' },
  );
}

export async function correctAttendance(
  dependencies: ApplicationDependencies,
  principal: Principal,
  body: z.output<typeof CorrectAttendanceBody>,
  request: RequestInfo,
): Promise<CommandResult> {
  const role = requireRole(principal, ['unit_admin', 'tenant_admin']);
  const employee = await requireEmployee(dependencies, principal.tenantId, body.nip);
  ensure(administersUnit(principal, employee.unitId), 'FORBIDDEN_SCOPE');

  const metadata = commandMetadata(principal, role, 'CorrectAttendance', { ...request, source: 'admin' }, dependencies.clock());
  const { nip, date, reason, reference } = body;
  const data = {
    nip,
    date,
    reason,
    reference,
    ...(body.checkInAt === undefined ? {} : { checkInAt: body.checkInAt }),
    ...(body.checkOutAt === undefined ? {} : { checkOutAt: body.checkOutAt }),
    ...(body.mode === undefined ? {} : { mode: body.mode }),
  };
  return handleCommand(dependencies, streams.attendanceDay(principal.tenantId, nip, date), attendanceDayDecider, { type: 'CorrectAttendance', data }, metadata);
}

export async function recordAbsence(
  dependencies: ApplicationDependencies,
  tenants: TenantCache,
  principal: Principal,
  body: z.output<typeof RecordAbsenceBody>,
  request: RequestInfo,
): Promise<CommandResult> {
  const role = requireRole(principal, ['supervisor', 'unit_admin', 'tenant_admin']);
  const employee = await requireEmployee(dependencies, principal.tenantId, body.nip);
  const isSupervisor = hasRole(principal, 'supervisor') && employee.supervisorNip === principal.nip;
  ensure(isSupervisor || administersUnit(principal, employee.unitId), 'FORBIDDEN_SCOPE');

  const configuration = await tenants.get(principal.tenantId);
  const metadata = commandMetadata(principal, isSupervisor ? 'supervisor' : role, 'RecordAbsence', { ...request, source: 'admin' }, dependencies.clock());
  const data = {
    absenceId: body.absenceId ?? randomUUID(),
    nip: body.nip,
    type: body.type,
    from: body.from,
    to: body.to,
    reference: body.reference,
    note: body.note,
  };
  return handleCommand(dependencies, streams.absences(principal.tenantId, body.nip), absencesDecider, { type: 'RecordAbsence', data, context: { configuration } }, metadata);
}

export async function cancelAbsence(
  dependencies: ApplicationDependencies,
  principal: Principal,
  body: z.output<typeof CancelAbsenceBody>,
  request: RequestInfo,
): Promise<CommandResult> {
  const role = requireRole(principal, ['supervisor', 'unit_admin', 'tenant_admin']);
  const employee = await requireEmployee(dependencies, principal.tenantId, body.nip);
  const isSupervisor = hasRole(principal, 'supervisor') && employee.supervisorNip === principal.nip;
  ensure(isSupervisor || administersUnit(principal, employee.unitId), 'FORBIDDEN_SCOPE');

  const metadata = commandMetadata(principal, isSupervisor ? 'supervisor' : role, 'CancelAbsence', { ...request, source: 'admin' }, dependencies.clock());
  return handleCommand(dependencies, streams.absences(principal.tenantId, body.nip), absencesDecider, { type: 'CancelAbsence', data: body }, metadata);
}

/**
 * Returns the attendance day of a check-in or check-out. It is the local date, except
 * for an employee of a unit with shifts, whose day is the one the rostered shift
 * starts: a check-out after a night shift closes the previous day.
 */
async function attendanceDateOf(
  dependencies: ApplicationDependencies,
  tenantId: string,
  nip: string,
  unit: Extract<UnitState, { status: 'registered' }>,
  kind: 'CheckIn' | 'CheckOut',
  effectiveAt: string,
  localDate: string,
  timeZone: string,
): Promise<string> {
  if (unit.shifts === undefined || unit.shifts.size === 0) {
    return localDate;
  }
  const yesterday = addDays(localDate, -1);
  const days = new Map([
    [yesterday, await loadRosterDay(dependencies, tenantId, nip, unit.shifts, yesterday)],
    [localDate, await loadRosterDay(dependencies, tenantId, nip, unit.shifts, localDate)],
  ]);
  return attendanceDayOf(kind, effectiveAt, localDate, timeZone, (date) => days.get(date));
}
