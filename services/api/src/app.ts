import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import metricsPlugin from 'fastify-metrics';
import type pg from 'pg';

import type { EventStore } from '@fleksi/event-store';
import type { PostgresOrigin } from '@fleksi/postgres';

import { registerSystemRoutes } from './system-routes.ts';

export interface AppDependencies {
  readonly eventStore: EventStore;
  readonly pool: pg.Pool;
  readonly databaseOrigin: PostgresOrigin;
  readonly logger: FastifyBaseLogger;
  readonly version: string;
}

/** Builds the HTTP application without listening, so tests can use `inject`. */
export async function buildApp(dependencies: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: dependencies.logger,
    bodyLimit: 256 * 1024,
    requestIdHeader: 'x-request-id',
  });

  await app.register(metricsPlugin, {
    endpoint: '/metrics',
    // Each app owns the default registry, so tests that build several apps in one
    // process do not collide on metric names.
    clearRegisterOnInit: true,
    defaultMetrics: { enabled: true },
    routeMetrics: { enabled: true, registeredRoutesOnly: true },
  });
  await registerSystemRoutes(app, dependencies);

  return app;
}
