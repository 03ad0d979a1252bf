import type { RecordedEvent } from '@fleksi/contracts';
import type { Projection, ProjectionContext } from '@fleksi/read-models';
import type pg from 'pg';

/*
 * Advisory lock classes (the first key of PostgreSQL's two-key advisory locks), so a
 * tenant lock and an employee lock never share a key however their names hash.
 */
const TENANT_LOCK_CLASS = 0x464b5431; // "FKT1"
const EMPLOYEE_LOCK_CLASS = 0x464b4531; // "FKE1"

interface LockPlan {
  /** Tenant id to true for an exclusive lock, false for a shared one. */
  readonly tenants: Map<string, boolean>;
  /** `<tenant>/<nip>` of every employee the batch touches. */
  readonly employees: Set<string>;
}

/**
 * Plans the locks a batch needs. An event whose data names an employee (`nip`)
 * changes only that employee's rows: a shared lock on its tenant and an exclusive one
 * on the employee. Any other event (tenant settings, calendar, schedules, a closed
 * workday, a unit) may change rows of every employee of the tenant, so it takes the
 * tenant lock exclusively.
 */
export function planLocks(events: readonly RecordedEvent[]): LockPlan {
  const tenants = new Map<string, boolean>();
  const employees = new Set<string>();
  for (const event of events) {
    const tenantId = event.metadata.tenantId;
    const nip = (event.data as { nip?: unknown } | null)?.nip;
    if (typeof nip === 'string') {
      tenants.set(tenantId, tenants.get(tenantId) ?? false);
      employees.add(`${tenantId}/${nip}`);
    } else {
      tenants.set(tenantId, true);
    }
  }
  return { tenants, employees };
}

/**
 * Takes the batch's advisory locks, held until its transaction ends: tenants first,
 * then employees, each class in ascending key order. Every batch takes its locks in
 * that one order before it reads or writes anything of the read model, so two batches
 * never wait for each other in a cycle.
 */
export async function takeLocks(client: pg.PoolClient, plan: LockPlan): Promise<void> {
  const tenantIds = [...plan.tenants.keys()];
  if (tenantIds.length > 0) {
    const keys = await client.query<{ name: string; key: number }>(
      'SELECT name, hashtext(name) AS key FROM unnest($1::text[]) AS name ORDER BY key, name',
      [tenantIds],
    );
    const taken = new Set<number>();
    for (const { name, key } of keys.rows) {
      if (taken.has(key)) {
        continue;
      }
      taken.add(key);
      // Tenants whose names hash alike share the key; exclusive then wins.
      const exclusive = keys.rows.some((row) => row.key === key && plan.tenants.get(row.name) === true);
      await client.query(exclusive ? 'SELECT pg_advisory_xact_lock($1, $2)' : 'SELECT pg_advisory_xact_lock_shared($1, $2)', [TENANT_LOCK_CLASS, key]);
    }
  }

  if (plan.employees.size > 0) {
    // ORDER BY makes PostgreSQL call the volatile lock function row by row after sorting.
    await client.query(
      `SELECT pg_advisory_xact_lock($1, key) FROM (
         SELECT DISTINCT hashtext(name) AS key FROM unnest($2::text[]) AS name
       ) AS keys ORDER BY key`,
      [EMPLOYEE_LOCK_CLASS, [...plan.employees]],
    );
  }
}

/**
 * Drops events whose stream version the generation already applied. The runtime
 * checks this before the locks; a batch of the same partition that another worker
 * committed while this one waited for the locks (during a rebalance) is seen here.
 */
async function stillFresh(client: pg.PoolClient, schema: string, events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
  const streamIds = [...new Set(events.map((event) => event.streamId))];
  const known = await client.query<{ stream_id: string; version: string }>(
    `SELECT stream_id, version FROM ${schema}.stream_versions WHERE stream_id = ANY($1::text[])`,
    [streamIds],
  );
  const applied = new Map(known.rows.map((row) => [row.stream_id, Number(row.version)]));
  return events.filter((event) => event.streamVersion > (applied.get(event.streamId) ?? 0));
}

/**
 * Wraps a projection so that batches applied at the same time by several Kafka
 * workers do not interleave on shared rows.
 *
 * The workdays projection stores facts and then re-derives each employee-day from
 * the facts it can see. Two workers on different partitions (one with the check-in,
 * one with the leave of the same employee) would each see the facts without the
 * other's uncommitted ones, and the later commit would keep a derived row missing
 * one of them. With the locks, the second batch waits for the first to commit and
 * then reads its facts, so the rows equal those of the log-fed projector.
 */
export function withEmployeeLocks(projection: Projection): Projection {
  return {
    name: projection.name,
    version: projection.version,
    eventTypes: projection.eventTypes,
    setup: (client, schema) => projection.setup(client, schema),
    apply: async (context: ProjectionContext, events: readonly RecordedEvent[]) => {
      await takeLocks(context.client, planLocks(events));
      const fresh = await stillFresh(context.client, context.schema, events);
      if (fresh.length > 0) {
        await projection.apply(context, fresh);
      }
    },
  };
}
