import type { z } from 'zod';

import type {
  ChangeEmployeeDomicileBody,
  ChangeTenantSettingsBody,
  ChangeUnitGeofencesBody,
  DeclareCalendarDayBody,
  DefineWorkScheduleBody,
  RegisterEmployeeBody,
  RegisterTenantBody,
  RemoveCalendarDayBody,
  RemoveWorkScheduleBody,
  RegisterUnitBody,
  TransferEmployeeBody,
} from '@fleksi/contracts';

import { handleCommand, type CommandResult } from '../command-handler.ts';
import { employeeDecider, type EmployeeRegistration } from '../deciders/employee.ts';
import { tenantDecider, type TenantCommand } from '../deciders/tenant.ts';
import { unitDecider } from '../deciders/unit.ts';
import { DomainError, ensure } from '../errors.ts';
import { streams } from '../streams.ts';
import { commandMetadata, loadEmployee, loadUnit, requireEmployee, type ApplicationDependencies, type RequestInfo } from './context.ts';
import { administersUnit, requireRole, type Principal } from './principal.ts';

/** Registers the caller's own tenant; only a system actor (the installer or the platform operator) may. */
export async function registerTenant(
  dependencies: ApplicationDependencies,
  principal: Principal,
  body: z.output<typeof RegisterTenantBody>,
  request: RequestInfo,
): Promise<CommandResult> {
  const role = requireRole(principal, ['system']);
  ensure(body.tenantId === principal.tenantId, 'FORBIDDEN_SCOPE');
  const metadata = commandMetadata(principal, role, 'RegisterTenant', { ...request, source: 'admin' }, dependencies.clock());
  return handleCommand(dependencies, streams.tenant(body.tenantId), tenantDecider, { type: 'RegisterTenant', data: body }, metadata);
}

type TenantChange =
  | { type: 'ChangeTenantSettings'; body: z.output<typeof ChangeTenantSettingsBody> }
  | { type: 'DefineWorkSchedule'; body: z.output<typeof DefineWorkScheduleBody> }
  | { type: 'RemoveWorkSchedule'; body: z.output<typeof RemoveWorkScheduleBody> }
  | { type: 'DeclareCalendarDay'; body: z.output<typeof DeclareCalendarDayBody> }
  | { type: 'RemoveCalendarDay'; body: z.output<typeof RemoveCalendarDayBody> };

/** Settings, schedules and the holiday calendar belong to the tenant admin (BKPSDM). */
export async function changeTenant(
  dependencies: ApplicationDependencies,
  principal: Principal,
  change: TenantChange,
  request: RequestInfo,
): Promise<CommandResult> {
  const role = requireRole(principal, ['tenant_admin']);
  const metadata = commandMetadata(principal, role, change.type, { ...request, source: 'admin' }, dependencies.clock());
  const command = { type: change.type, data: change.body } as TenantCommand;
  return handleCommand(dependencies, streams.tenant(principal.tenantId), tenantDecider, command, metadata);
}

export async function registerUnit(
  dependencies: ApplicationDependencies,
  principal: Principal,
  body: z.output<typeof RegisterUnitBody>,
  request: RequestInfo,
): Promise<CommandResult> {
  const role = requireRole(principal, ['tenant_admin']);
  const metadata = commandMetadata(principal, role, 'RegisterUnit', { ...request, source: 'admin' }, dependencies.clock());
  const result = await handleCommand(dependencies, streams.unit(principal.tenantId, body.unitId), unitDecider, { type: 'RegisterUnit', data: body }, metadata);
  dependencies.cache?.evict(streams.unit(principal.tenantId, body.unitId));
  return result;
}

export async function changeUnitGeofences(
  dependencies: ApplicationDependencies,
  principal: Principal,
  body: z.output<typeof ChangeUnitGeofencesBody>,
  request: RequestInfo,
): Promise<CommandResult> {
  const role = requireRole(principal, ['unit_admin', 'tenant_admin']);
  ensure(administersUnit(principal, body.unitId), 'FORBIDDEN_SCOPE');
  const metadata = commandMetadata(principal, role, 'ChangeUnitGeofences', { ...request, source: 'admin' }, dependencies.clock());
  const result = await handleCommand(dependencies, streams.unit(principal.tenantId, body.unitId), unitDecider, { type: 'ChangeUnitGeofences', data: body }, metadata);
  dependencies.cache?.evict(streams.unit(principal.tenantId, body.unitId));
  return result;
}

export async function registerEmployee(
  dependencies: ApplicationDependencies,
  principal: Principal,
  body: z.output<typeof RegisterEmployeeBody>,
  request: RequestInfo,
): Promise<CommandResult> {
  const role = requireRole(principal, ['unit_admin', 'tenant_admin']);
  ensure(administersUnit(principal, body.unitId), 'FORBIDDEN_SCOPE');
  const context = await lookUpPlacement(dependencies, principal.tenantId, body.unitId, body.supervisorNip);

  const metadata = commandMetadata(principal, role, 'RegisterEmployee', { ...request, source: 'admin' }, dependencies.clock());
  const data: EmployeeRegistration = { ...body, roles: [...body.roles] };
  const result = await handleCommand(dependencies, streams.employee(principal.tenantId, body.nip), employeeDecider, { type: 'RegisterEmployee', data, context }, metadata);
  dependencies.cache?.evict(streams.employee(principal.tenantId, body.nip));
  return result;
}

/** Moves an employee to another unit; an admin of either unit, or the tenant admin, may. */
export async function transferEmployee(
  dependencies: ApplicationDependencies,
  principal: Principal,
  body: z.output<typeof TransferEmployeeBody>,
  request: RequestInfo,
): Promise<CommandResult> {
  const role = requireRole(principal, ['unit_admin', 'tenant_admin']);
  const employee = await requireEmployee(dependencies, principal.tenantId, body.nip);
  ensure(administersUnit(principal, employee.unitId) || administersUnit(principal, body.toUnitId), 'FORBIDDEN_SCOPE');
  const context = await lookUpPlacement(dependencies, principal.tenantId, body.toUnitId, body.supervisorNip);

  const metadata = commandMetadata(principal, role, 'TransferEmployee', { ...request, source: 'admin' }, dependencies.clock());
  const result = await handleCommand(dependencies, streams.employee(principal.tenantId, body.nip), employeeDecider, { type: 'TransferEmployee', data: body, context }, metadata);
  dependencies.cache?.evict(streams.employee(principal.tenantId, body.nip));
  return result;
}

export async function changeEmployeeDomicile(
  dependencies: ApplicationDependencies,
  principal: Principal,
  body: z.output<typeof ChangeEmployeeDomicileBody>,
  request: RequestInfo,
): Promise<CommandResult> {
  const role = requireRole(principal, ['unit_admin', 'tenant_admin']);
  const employee = await requireEmployee(dependencies, principal.tenantId, body.nip);
  ensure(administersUnit(principal, employee.unitId), 'FORBIDDEN_SCOPE');
  const metadata = commandMetadata(principal, role, 'ChangeEmployeeDomicile', { ...request, source: 'admin' }, dependencies.clock());
  const result = await handleCommand(dependencies, streams.employee(principal.tenantId, body.nip), employeeDecider, { type: 'ChangeEmployeeDomicile', data: body }, metadata);
  dependencies.cache?.evict(streams.employee(principal.tenantId, body.nip));
  return result;
}

async function lookUpPlacement(
  dependencies: ApplicationDependencies,
  tenantId: string,
  unitId: string,
  supervisorNip: string | null,
): Promise<{ unitExists: boolean; supervisorExists: boolean }> {
  const unit = await loadUnit(dependencies, tenantId, unitId);
  if (unit.status !== 'registered') {
    throw new DomainError('UNIT_NOT_FOUND', { unitId });
  }
  const supervisor = supervisorNip === null ? undefined : await loadEmployee(dependencies, tenantId, supervisorNip);
  return { unitExists: true, supervisorExists: supervisor?.status === 'registered' };
}
