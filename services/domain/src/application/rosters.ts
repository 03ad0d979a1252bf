import type { z } from 'zod';

import type { ClearRosterBody, DefineShiftBody, PublishRosterBody, RemoveShiftBody, ShiftDefinition } from '@fleksi/contracts';

import { handleCommand, type CommandMetadata, type CommandResult } from '../command-handler.ts';
import { rosterDecider } from '../deciders/roster.ts';
import { unitDecider } from '../deciders/unit.ts';
import { DomainError, ensure } from '../errors.ts';
import type { RosterDay } from '../shifts.ts';
import { streams } from '../streams.ts';
import { commandMetadata, loadUnit, readStreamState, requireEmployee, type ApplicationDependencies, type RequestInfo } from './context.ts';
import { administersUnit, requireRole, type Principal } from './principal.ts';

export async function defineShift(
  dependencies: ApplicationDependencies,
  principal: Principal,
  body: z.output<typeof DefineShiftBody>,
  request: RequestInfo,
): Promise<CommandResult> {
  const role = requireRole(principal, ['unit_admin', 'tenant_admin']);
  ensure(administersUnit(principal, body.unitId), 'FORBIDDEN_SCOPE');
  const metadata = commandMetadata(principal, role, 'DefineShift', { ...request, source: 'admin' }, dependencies.clock());
  const result = await handleCommand(dependencies, streams.unit(principal.tenantId, body.unitId), unitDecider, { type: 'DefineShift', data: body }, metadata);
  dependencies.cache?.evict(streams.unit(principal.tenantId, body.unitId));
  return result;
}

export async function removeShift(
  dependencies: ApplicationDependencies,
  principal: Principal,
  body: z.output<typeof RemoveShiftBody>,
  request: RequestInfo,
): Promise<CommandResult> {
  const role = requireRole(principal, ['unit_admin', 'tenant_admin']);
  ensure(administersUnit(principal, body.unitId), 'FORBIDDEN_SCOPE');
  const metadata = commandMetadata(principal, role, 'RemoveShift', { ...request, source: 'admin' }, dependencies.clock());
  const result = await handleCommand(dependencies, streams.unit(principal.tenantId, body.unitId), unitDecider, { type: 'RemoveShift', data: body }, metadata);
  dependencies.cache?.evict(streams.unit(principal.tenantId, body.unitId));
  return result;
}

export interface RosterReport {
  readonly employees: number;
  readonly changedEntries: number;
  /** Result of the last append that changed something, for read-your-writes. */
  readonly last: CommandResult | null;
}

/**
 * Publishes a unit's roster. Entries are grouped per employee and month, and each group
 * is one append to that employee's roster stream. Unchanged entries add nothing, so a
 * republished roster records only what changed, with who changed it and when.
 */
export async function publishRoster(
  dependencies: ApplicationDependencies,
  principal: Principal,
  body: z.output<typeof PublishRosterBody>,
  request: RequestInfo,
): Promise<RosterReport> {
  const role = requireRole(principal, ['unit_admin', 'tenant_admin']);
  ensure(administersUnit(principal, body.unitId), 'FORBIDDEN_SCOPE');
  const unit = await loadUnit(dependencies, principal.tenantId, body.unitId);
  if (unit.status !== 'registered') {
    throw new DomainError('UNIT_NOT_FOUND', { unitId: body.unitId });
  }
  const shifts: ReadonlyMap<string, ShiftDefinition> = unit.shifts ?? new Map();

  const groups = new Map<string, { nip: string; entries: Array<{ date: string; shiftId: string | null }> }>();
  for (const entry of body.entries) {
    const streamId = streams.roster(principal.tenantId, entry.nip, entry.date);
    const group = groups.get(streamId) ?? { nip: entry.nip, entries: [] };
    group.entries.push({ date: entry.date, shiftId: entry.shiftId });
    groups.set(streamId, group);
  }
  for (const nip of new Set(body.entries.map((entry) => entry.nip))) {
    const employee = await requireEmployee(dependencies, principal.tenantId, nip);
    ensure(employee.unitId === body.unitId, 'EMPLOYEE_NOT_IN_UNIT', { nip, unitId: body.unitId });
  }

  const metadata = commandMetadata(principal, role, 'PublishRoster', { ...request, source: 'admin' }, dependencies.clock());
  let changedEntries = 0;
  let last: CommandResult | null = null;
  for (const [streamId, group] of groups) {
    const result = await handleCommand(
      dependencies,
      streamId,
      rosterDecider,
      { type: 'PublishRoster', data: { nip: group.nip, unitId: body.unitId, entries: group.entries }, context: { shifts } },
      perStream(metadata, streamId),
    );
    for (const event of result.events) {
      if (event.type === 'RosterPublished') {
        changedEntries += event.data.entries.length;
        last = result;
      }
    }
  }
  return { employees: new Set(body.entries.map((entry) => entry.nip)).size, changedEntries, last };
}

export async function clearRoster(
  dependencies: ApplicationDependencies,
  principal: Principal,
  body: z.output<typeof ClearRosterBody>,
  request: RequestInfo,
): Promise<RosterReport> {
  const role = requireRole(principal, ['unit_admin', 'tenant_admin']);
  const employee = await requireEmployee(dependencies, principal.tenantId, body.nip);
  ensure(administersUnit(principal, employee.unitId), 'FORBIDDEN_SCOPE');
  const metadata = commandMetadata(principal, role, 'ClearRoster', { ...request, source: 'admin' }, dependencies.clock());

  const byStream = new Map<string, string[]>();
  for (const date of body.dates) {
    const streamId = streams.roster(principal.tenantId, body.nip, date);
    byStream.set(streamId, [...(byStream.get(streamId) ?? []), date]);
  }
  let changedEntries = 0;
  let last: CommandResult | null = null;
  for (const [streamId, dates] of byStream) {
    const result = await handleCommand(dependencies, streamId, rosterDecider, { type: 'ClearRoster', data: { nip: body.nip, dates } }, perStream(metadata, streamId));
    for (const event of result.events) {
      if (event.type === 'RosterCleared') {
        changedEntries += event.data.dates.length;
        last = result;
      }
    }
  }
  return { employees: 1, changedEntries, last };
}

/**
 * Returns the roster entry of one employee's date, resolved with the unit's shift
 * definitions: a shift, a rest day, or undefined when the weekday schedule applies.
 */
export async function loadRosterDay(dependencies: ApplicationDependencies, tenantId: string, nip: string, unitShifts: ReadonlyMap<string, ShiftDefinition> | undefined, date: string): Promise<RosterDay> {
  const state = await readStreamState(dependencies, streams.roster(tenantId, nip, date), rosterDecider);
  if (!state.days.has(date)) {
    return undefined;
  }
  const shiftId = state.days.get(date) ?? null;
  return shiftId === null ? 'rest' : (unitShifts?.get(shiftId) ?? undefined);
}

/** Gives each stream its own idempotency key, because one request fans out to several streams. */
function perStream(metadata: CommandMetadata, streamId: string): CommandMetadata {
  const { idempotency } = metadata;
  return idempotency === undefined ? metadata : { ...metadata, idempotency: { key: `${idempotency.key}:${streamId}`, requestHash: idempotency.requestHash } };
}
