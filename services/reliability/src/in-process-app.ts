import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type pg from 'pg';
import { pino } from 'pino';

import { buildApp, createTokenVerifier } from '@fleksi/api';
import { createFleksiEventRegistry } from '@fleksi/contracts';
import { PostgresEventStore } from '@fleksi/event-store';

import { RELIABILITY_SECRET } from './tokens.ts';

/** Builds the API in this process, as `main.ts` does, for suites that use `inject`. */
export async function buildInProcessApp(options: {
  readonly pool: pg.Pool;
  readonly logger?: FastifyBaseLogger;
  readonly rateLimitPerMinute?: number;
}): Promise<FastifyInstance> {
  return buildApp({
    eventStore: new PostgresEventStore(options.pool, { registry: createFleksiEventRegistry() }),
    pool: options.pool,
    databaseOrigin: 'environment',
    logger: options.logger ?? pino({ level: 'silent' }),
    version: 'reliability',
    verifier: createTokenVerifier({ kind: 'secret', secret: RELIABILITY_SECRET }),
    rateLimitPerMinute: options.rateLimitPerMinute ?? 1_000_000,
  });
}
