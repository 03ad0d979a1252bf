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
  /** Short-lived cache of employee and unit state; without one every command reads them. */
  readonly cache?: StateCache;
}

/**
 * Employee and unit state kept for a moment, because nearly every check-in needs both
 * and they rarely change. A change made through this process evicts its entry at once;
 * a change made by another server process shows up after at most `ttlMs`.
 */
export class StateCache {
  private readonly entries = new Map<string, { expires: number; value: unknown }>();

  constructor(
    private readonly ttlMs = 1_000,
    private readonly maxEntries = 20_000,
  ) {}

  async get<T>(key: string, load: () => Promise<T>, keep: (value: T) => boolean): Promise<T> {
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.expires > Date.now()) {
      return entry.value as T;
    }
    const value = await load();
    if (keep(value)) {
      if (this.entries.size >= this.maxEntries) {
        this.entries.clear();
      }
      this.entries.set(key, { expires: Date.now() + this.ttlMs, value });
    }
    return value;
  }

  evict(key: string): void {
    this.entries.delete(key);
  }
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

/** Reads a stream and folds it with a decider's `evolve`. */
export async function readStreamState<State>(dependencies: ApplicationDependencies, streamId: string, decider: Folder<State>): Promise<State> {
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
  private readonly cache = new Map<string, { version: number; state: TenantState; checkedAt: number }>();

  /** @param maxAgeMs how long a configuration is used before checking the stream for changes again. */
  constructor(
    private readonly store: EventStore,
    private readonly maxAgeMs = 0,
  ) {}

  async get(tenantId: string): Promise<TenantConfiguration> {
    const streamId = streams.tenant(tenantId);
    const cached = this.cache.get(tenantId) ?? { version: 0, state: tenantDecider.initialState(), checkedAt: 0 };
    if (cached.state.status === 'registered' && Date.now() - cached.checkedAt < this.maxAgeMs) {
      return cached.state.configuration;
    }
    const { events, currentVersion } = await this.store.readStream(streamId, { fromVersion: cached.version + 1 });

    let state = cached.state;
    for (const event of events) {
      state = tenantDecider.evolve(state, event as never);
    }
    this.cache.set(tenantId, { version: Math.max(cached.version, currentVersion), state, checkedAt: Date.now() });

    if (state.status !== 'registered') {
      throw new DomainError('TENANT_NOT_FOUND', { tenantId });
    }
    return state.configuration;
  }

  /** Forgets a tenant's configuration after this process changed it. */
  evict(tenantId: string): void {
    this.cache.delete(tenantId);
  }
}

export async function loadEmployee(dependencies: ApplicationDependencies, tenantId: string, nip: string): Promise<EmployeeState> {
  const streamId = streams.employee(tenantId, nip);
  const load = (): Promise<EmployeeState> => readStreamState(dependencies, streamId, employeeDecider);
  return dependencies.cache === undefined ? load() : dependencies.cache.get(streamId, load, (state) => state.status === 'registered');
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
  const streamId = streams.unit(tenantId, unitId);
  const load = (): Promise<UnitState> => readStreamState(dependencies, streamId, unitDecider);
  return dependencies.cache === undefined ? load() : dependencies.cache.get(streamId, load, (state) => state.status === 'registered');
}

export async function loadWfaWeek(dependencies: ApplicationDependencies, tenantId: string, nip: string, date: string): Promise<WfaWeekState> {
  return readStreamState(dependencies, streams.wfaWeek(tenantId, nip, date), wfaWeekDecider);
}
