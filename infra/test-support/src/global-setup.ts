import { pino } from 'pino';
import type { TestProject } from 'vitest/node';

import { startTestPostgres, type PostgresServer } from '@fleksi/postgres';

import './provided-context.ts';

let server: PostgresServer | undefined;

/** Vitest global set-up: starts (or finds) one PostgreSQL server for the whole run. */
export async function setup(project: TestProject): Promise<void> {
  const logger = pino({ level: process.env['FLEKSI_LOG_LEVEL'] ?? 'warn' });
  server = await startTestPostgres({ environment: process.env, logger });
  project.provide('pgAdminUrl', server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
