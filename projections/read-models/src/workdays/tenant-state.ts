import type { RecordedEvent } from '@fleksi/contracts';
import { tenantDecider, type TenantConfiguration, type TenantState } from '@fleksi/domain';
import type pg from 'pg';

/** TenantConfiguration with its maps as arrays, as stored in jsonb. */
interface StoredConfiguration {
  tenantId: string;
  name: string;
  settings: TenantConfiguration['settings'];
  schedules: Array<[string, unknown]>;
  calendar: Array<[string, { kind: string; name: string }]>;
}

export function serialiseConfiguration(configuration: TenantConfiguration): StoredConfiguration {
  return {
    tenantId: configuration.tenantId,
    name: configuration.name,
    settings: configuration.settings,
    schedules: [...configuration.schedules.entries()],
    calendar: [...configuration.calendar.entries()],
  };
}

export function deserialiseConfiguration(stored: StoredConfiguration): TenantConfiguration {
  return {
    tenantId: stored.tenantId,
    name: stored.name,
    settings: stored.settings,
    schedules: new Map(stored.schedules) as TenantConfiguration['schedules'],
    calendar: new Map(stored.calendar) as TenantConfiguration['calendar'],
  };
}

/**
 * Tenant configurations as the projection knows them, loaded from its table once
 * per batch and written back after the batch's tenant events are folded in with the
 * write side's own `evolve`, so both sides read the calendar the same way.
 */
export class TenantStates {
  private readonly states = new Map<string, TenantState>();
  private readonly changed = new Set<string>();

  constructor(
    private readonly client: pg.PoolClient,
    private readonly schema: string,
  ) {}

  async load(tenantIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(tenantIds)].filter((tenantId) => !this.states.has(tenantId));
    if (missing.length === 0) {
      return;
    }
    const result = await this.client.query<{ tenant_id: string; configuration: StoredConfiguration }>(
      `SELECT tenant_id, configuration FROM ${this.schema}.tenants WHERE tenant_id = ANY($1::text[])`,
      [missing],
    );
    for (const row of result.rows) {
      this.states.set(row.tenant_id, { status: 'registered', configuration: deserialiseConfiguration(row.configuration) });
    }
  }

  apply(event: RecordedEvent): void {
    const tenantId = event.metadata.tenantId;
    const state = this.states.get(tenantId) ?? tenantDecider.initialState();
    this.states.set(tenantId, tenantDecider.evolve(state, event as never));
    this.changed.add(tenantId);
  }

  configuration(tenantId: string): TenantConfiguration | undefined {
    const state = this.states.get(tenantId);
    return state?.status === 'registered' ? state.configuration : undefined;
  }

  async save(): Promise<void> {
    for (const tenantId of this.changed) {
      const configuration = this.configuration(tenantId);
      if (configuration === undefined) {
        continue;
      }
      await this.client.query(
        `INSERT INTO ${this.schema}.tenants (tenant_id, name, configuration) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id) DO UPDATE SET name = excluded.name, configuration = excluded.configuration`,
        [tenantId, configuration.name, JSON.stringify(serialiseConfiguration(configuration))],
      );
    }
    this.changed.clear();
  }
}
