import { createFleksiEventRegistry } from '@fleksi/contracts';
import {
  addDays,
  closeWorkday,
  DomainError,
  isAfterDeadline,
  localDateOf,
  streams,
  TenantCache,
  type ApplicationDependencies,
  type Principal,
} from '@fleksi/domain';
import type { EventStore } from '@fleksi/event-store';
import { activeReadModel, workdaysProjection } from '@fleksi/read-models';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';

/** How far back the scheduler looks for workdays left unclosed, for example after downtime. */
const LOOKBACK_DAYS = 14;

export interface WorkdaySchedulerOptions {
  readonly pool: pg.Pool;
  readonly store: EventStore;
  readonly logger: FastifyBaseLogger;
  readonly clock?: () => string;
  readonly intervalMs?: number;
}

/**
 * Appends CloseWorkday for every tenant's dates whose report deadline has passed,
 * so "tanpa keterangan" comes from an event in the log rather than from a projection
 * looking at the clock. Several servers may run it: closing is idempotent per date.
 */
export function startWorkdayScheduler(options: WorkdaySchedulerOptions): { stop(): Promise<void>; runOnce(): Promise<number> } {
  const clock = options.clock ?? (() => new Date().toISOString());
  const dependencies: ApplicationDependencies = { store: options.store, registry: createFleksiEventRegistry(), clock };
  const tenants = new TenantCache(options.store);
  let running: Promise<number> = Promise.resolve(0);

  async function runOnce(): Promise<number> {
    const model = await activeReadModel(options.pool, workdaysProjection.name);
    if (model === undefined) {
      return 0;
    }
    const tenantIds = (await options.pool.query<{ tenant_id: string }>(`SELECT tenant_id FROM ${model.schema}.tenants ORDER BY tenant_id`)).rows.map((row) => row.tenant_id);
    let closed = 0;

    for (const tenantId of tenantIds) {
      const configuration = await tenants.get(tenantId);
      const today = localDateOf(clock(), configuration.settings.timeZone);
      const system: Principal = { tenantId, subject: 'fleksi-scheduler', roles: ['system'], nip: null, unitId: null };

      for (let offset = LOOKBACK_DAYS; offset >= 0; offset -= 1) {
        const date = addDays(today, -offset);
        // Every date is closed, not only calendar workdays: a rostered shift on a
        // weekend or holiday is a workday for the employees on it.
        if (!isAfterDeadline(configuration, date, clock())) {
          continue;
        }
        const existing = await options.store.readStream(streams.workday(tenantId, date), { maxCount: 1 });
        if (existing.currentVersion > 0) {
          continue;
        }
        try {
          await closeWorkday(dependencies, tenants, system, { date }, { correlationId: `scheduler-${tenantId}-${date}` });
          closed += 1;
          options.logger.info({ tenantId, date }, 'workday closed');
        } catch (error) {
          if (!(error instanceof DomainError && error.code === 'WORKDAY_ALREADY_CLOSED')) {
            throw error;
          }
        }
      }
    }
    return closed;
  }

  const timer = setInterval(() => {
    running = running.then(runOnce).catch((error: unknown) => {
      options.logger.error({ err: error }, 'workday scheduler run failed');
      return 0;
    });
  }, options.intervalMs ?? 60_000);
  timer.unref();

  return {
    runOnce: () => {
      running = running.then(runOnce);
      return running;
    },
    stop: async () => {
      clearInterval(timer);
      await running.catch(() => undefined);
    },
  };
}
