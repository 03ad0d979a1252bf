import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pg from 'pg';
import type { Logger } from 'pino';

import { startEmbeddedPostgres } from './embedded.ts';
import { findFreePort } from './free-port.ts';
import { withDatabase } from './pool.ts';

export type PostgresOrigin = 'environment' | 'testcontainers' | 'embedded';

export interface PostgresServer {
  /** Connection string with rights to create databases. */
  readonly url: string;
  readonly origin: PostgresOrigin;
  stop(): Promise<void>;
}

export const DEFAULT_EMBEDDED_PORT = 54329;

/**
 * PostgreSQL for `npm start`: the server named by DATABASE_URL, else an embedded
 * cluster whose data stays in `<dataDir>/postgres` between runs.
 */
export async function startApplicationPostgres(options: {
  readonly environment: NodeJS.ProcessEnv;
  readonly logger: Logger;
  /** `share` for tools that run beside a server and must not stop its database. */
  readonly whenRunning?: 'take-over' | 'share';
}): Promise<PostgresServer> {
  const { environment, logger } = options;
  const explicitUrl = environment['DATABASE_URL'];
  if (explicitUrl !== undefined && explicitUrl !== '') {
    return { url: explicitUrl, origin: 'environment', stop: async () => undefined };
  }

  const dataDir = path.resolve(environment['FLEKSI_DATA_DIR'] ?? '.fleksi');
  const port = parsePort(environment['FLEKSI_PG_PORT']) ?? DEFAULT_EMBEDDED_PORT;
  const embedded = await startEmbeddedPostgres({ dataDir, port, logger, whenRunning: options.whenRunning ?? 'take-over' });
  try {
    const url = await ensureDatabase(embedded.url, APPLICATION_DATABASE);
    return { url, origin: 'embedded', stop: embedded.stop };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

const APPLICATION_DATABASE = 'fleksi';

/** Creates the database when it does not exist; returns its connection string. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    }
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, database);
}

/**
 * PostgreSQL for a test run, chosen in this order: DATABASE_URL, then
 * testcontainers when a Docker engine answers, then a throw-away embedded cluster.
 */
export async function startTestPostgres(options: {
  readonly environment: NodeJS.ProcessEnv;
  readonly logger: Logger;
}): Promise<PostgresServer> {
  const { environment, logger } = options;
  const explicitUrl = environment['DATABASE_URL'];
  if (explicitUrl !== undefined && explicitUrl !== '') {
    logger.info('tests use the PostgreSQL server named by DATABASE_URL');
    return { url: explicitUrl, origin: 'environment', stop: async () => undefined };
  }

  const container = await startPostgresContainer(environment, logger);
  if (container !== undefined) {
    return container;
  }

  const dataDir = await mkdtemp(path.join(tmpdir(), 'fleksi-test-pg-'));
  // mkdtemp makes the folder private; as root the cluster runs as `postgres`, which
  // must be able to enter it.
  await chmod(dataDir, 0o711);
  const port = await findFreePort();
  logger.info({ dataDir, port }, 'no DATABASE_URL and no Docker engine: tests use an embedded PostgreSQL');
  const embedded = await startEmbeddedPostgres({ dataDir, port, logger });
  return {
    url: embedded.url,
    origin: 'embedded',
    stop: async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function startPostgresContainer(
  environment: NodeJS.ProcessEnv,
  logger: Logger,
): Promise<PostgresServer | undefined> {
  if (!dockerMayBeReachable(environment)) {
    return undefined;
  }

  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch (error) {
    logger.info({ err: error }, 'no Docker engine answered; skipping testcontainers');
    return undefined;
  }

  const container = await new GenericContainer('postgres:17-alpine')
    .withEnvironment({ POSTGRES_PASSWORD: 'fleksi' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  const url = `postgres://postgres:fleksi@${container.getHost()}:${container.getMappedPort(5432)}/postgres`;
  logger.info('tests use a PostgreSQL container from testcontainers');
  return {
    url,
    origin: 'testcontainers',
    stop: async () => {
      await container.stop();
    },
  };
}

function dockerMayBeReachable(environment: NodeJS.ProcessEnv): boolean {
  if (environment['DOCKER_HOST'] !== undefined || environment['TESTCONTAINERS_HOST_OVERRIDE'] !== undefined) {
    return true;
  }
  return existsSync('/var/run/docker.sock') || existsSync(path.join(environment['HOME'] ?? '', '.docker', 'run', 'docker.sock'));
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`FLEKSI_PG_PORT must be a TCP port number, got ${JSON.stringify(value)}`);
  }
  return port;
}
