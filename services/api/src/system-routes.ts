import type { FastifyInstance } from 'fastify';
import type pg from 'pg';

import type { EventStore } from '@fleksi/event-store';
import type { PostgresOrigin } from '@fleksi/postgres';

import { problemFor, sendProblem } from './http/problem.ts';

export interface SystemRouteOptions {
  readonly eventStore: EventStore;
  readonly pool: pg.Pool;
  readonly databaseOrigin: PostgresOrigin;
  readonly version: string;
  /** How long `/ready` waits for the database, in milliseconds. */
  readonly readinessTimeoutMs?: number;
}

/** `/health` tells that the process runs; `/ready` that it can serve requests now. */
export async function registerSystemRoutes(app: FastifyInstance, options: SystemRouteOptions): Promise<void> {
  const startedAt = Date.now();
  const readinessTimeoutMs = options.readinessTimeoutMs ?? 2_000;

  app.get('/health', async () => ({
    status: 'ok',
    eventStore: options.eventStore.name,
    database: options.databaseOrigin,
    version: options.version,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
  }));

  app.get('/ready', async (request, reply) => {
    try {
      await withTimeout(options.pool.query('SELECT 1'), readinessTimeoutMs);
      return { status: 'ready', checks: { database: 'ok' } };
    } catch (error) {
      app.log.warn({ err: error }, 'readiness check failed');
      return sendProblem(reply, problemFor(request, 'SERVICE_NOT_READY', {}, { checks: { database: 'unavailable' } }));
    }
  });
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
