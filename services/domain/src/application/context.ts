import type { EventRegistry } from '@fleksi/contracts';
import type { EventStore } from '@fleksi/event-store';

import type { CommandHandlerDependencies, CommandMetadata } from '../command-handler.ts';
import { employeeDecider, type EmployeeState } from '../deciders/employee.ts';
import { tenantDecider, type TenantState } from '../deciders/tenant.ts';
import { unitDecider, type UnitState } from '../deciders/unit.ts';
import { wfaWeekDecider, type WfaWeekState } from '../deciders/wfa-week.ts';
import { DomainError } from '../errors.ts';
import { streams } from '../streams.ts';
import type { TenantConfiguration } from '../tenant-calendar.ts';
import type { Principal } from './principal.ts';

/** Lists the employees of a unit; backed by a read model that may lag the log slightly. */
export interface EmployeeDirectory {
  employeesOfUnit(tenantId: string, unitId: string): Promise<string[]>;
}

export interface ApplicationDependencies extends CommandHandlerDependencies {
  readonly store: EventStore;
  readonly registry: EventRegistry;
  /** Current time as an ISO instant; tests pass a fixed clock. */
  readonly clock: () => string;
  readonly directory?: EmployeeDirectory;
}

/** Per-request facts that end up in every event's metadata. */
export interface RequestInfo {
  readonly correlationId: string;
  readonly idempotency?: { readonly key: string; readonly requestHash: string };
  readonly source?: CommandMetadata['source'];
}

export function commandMetadata(principal: Principal, role: CommandMetadata['actor']['role'], command: string, request: RequestInfo, receivedAt: string): CommandMetadata {
  return {
    tenantId: principal.tenantId,
    actor: { subject: principal.subject, role },
    correlationId: request.correlationId,
    command,
    receivedAt,
    ...(request.source === undefined ? {} : { source: request.source }),
    ...(request.idempotency === undefined ? {} : { idempotency: request.idempotency }),
  };
}

/** The folding half of a decider; `never` lets any decider's event type fit. */
interface Folder<State> {
  initialState(): State;
  evolve(state: State, event: never): State;
}

async function readState<State>(dependencies: ApplicationDependencies, streamId: string, decider: Folder<State>): Promise<State> {
  const { events } = await dependencies.store.readStream(streamId);
  let state = decider.initialState();
  for (const event of events) {
    state = decider.evolve(state, event as never);
  }
  return state;
}

/**
 * Returns a tenant's configuration. Every command needs it and it changes rarely,
 * so it is cached per tenant and only the events after the cached version are read.
 */
export class TenantCache {
  private readonly cache = new Map<string, { version: number; state: TenantState }>();

  constructor(private readonly store: EventStore) {}

  async get(tenantId: string): Promise<TenantConfiguration> {
    const streamId = streams.tenant(tenantId);
    const cached = this.cache.get(tenantId) ?? { version: 0, state: tenantDecider.initialState() };
    const { events, currentVersion } = await this.store.readStream(streamId, { fromVersion: cached.version + 1 });

    let state = cached.state;
    for (const event of events) {
      state = tenantDecider.evolve(state, event as never);
    }
    this.cache.set(tenantId, { version: Math.max(cached.version, currentVersion), state });

    if (state.status !== 'registered') {
      throw new DomainError('TENANT_NOT_FOUND', { tenantId });
    }
    return state.configuration;
  }
}

export async function loadEmployee(dependencies: ApplicationDependencies, tenantId: string, nip: string): Promise<EmployeeState> {
  return readState(dependencies, streams.employee(tenantId, nip), employeeDecider);
}

export async function requireEmployee(
  dependencies: ApplicationDependencies,
  tenantId: string,
  nip: string,
): Promise<Extract<EmployeeState, { status: 'registered' }>> {
  const employee = await loadEmployee(dependencies, tenantId, nip);
  if (employee.status !== 'registered') {
    throw new DomainError('EMPLOYEE_NOT_FOUND', { nip });
  }
  return employee;
}

export async function loadUnit(dependencies: ApplicationDependencies, tenantId: string, unitId: string): Promise<UnitState> {
  return readState(dependencies, streams.unit(tenantId, unitId), unitDecider);
}

export async function loadWfaWeek(dependencies: ApplicationDependencies, tenantId: string, nip: string, date: string): Promise<WfaWeekState> {
  return readState(dependencies, streams.wfaWeek(tenantId, nip, date), wfaWeekDecider);
}
