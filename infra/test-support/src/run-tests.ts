import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { pino, type Logger } from 'pino';

import { findFreePort, startTestPostgres } from '@fleksi/postgres';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const KAFKA_SCRIPT = path.join(REPO_ROOT, 'infra/kafka/kafka.sh');

type KafkaOrigin = 'environment' | 'testcontainers' | 'local-launcher';

interface KafkaServer {
  /** Bootstrap brokers, host:port separated by commas. */
  readonly brokers: string;
  readonly origin: KafkaOrigin;
  stop(): Promise<void>;
}

/**
 * `npm test`: starts the services the suites need once, then runs every package's
 * type check and tests through turbo with those services in the environment.
 * A service that cannot start fails the run; no suite is skipped for it.
 */
async function main(): Promise<number> {
  const logger = pino({ level: process.env['FLEKSI_LOG_LEVEL'] ?? 'info' });

  // 1. PostgreSQL: DATABASE_URL, else testcontainers, else embedded.
  const postgres = await startTestPostgres({ environment: process.env, logger });
  logger.info({ origin: postgres.origin }, 'postgres ready for tests');

  try {
    // 2. Kafka: KAFKA_BROKERS, else testcontainers, else the local launcher.
    const kafka = await startTestKafka(process.env, logger);
    logger.info({ origin: kafka.origin, brokers: kafka.brokers }, 'kafka ready for tests');

    try {
      // 3. Every package's type check and tests, sharing those servers.
      const turboArguments = ['turbo', 'run', 'typecheck', 'test', '--concurrency=2', ...process.argv.slice(2)];
      return await runChild(spawn('npx', turboArguments, {
        stdio: 'inherit',
        env: { ...process.env, DATABASE_URL: postgres.url, KAFKA_BROKERS: kafka.brokers, TURBO_TELEMETRY_DISABLED: '1' },
      }));
    } finally {
      // 4. Stop what this run started.
      await kafka.stop();
    }
  } finally {
    await postgres.stop();
  }
}

/** Waits for the child; SIGINT or SIGTERM to this process goes to it, so the servers still stop afterwards. */
function runChild(child: ChildProcess): Promise<number> {
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise<number>((resolve) => {
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal === null ? 1 : 128));
    });
  });
}

async function startTestKafka(environment: NodeJS.ProcessEnv, logger: Logger): Promise<KafkaServer> {
  const explicit = environment['KAFKA_BROKERS'];
  if (explicit !== undefined && explicit !== '') {
    logger.info('tests use the Kafka brokers named by KAFKA_BROKERS');
    return { brokers: explicit, origin: 'environment', stop: async () => undefined };
  }
  return (await startKafkaContainer(environment, logger)) ?? (await startLocalKafka(logger));
}

/**
 * Starts a single-node Kafka (KRaft) container. The broker must advertise the address
 * clients reach, so the host port is picked first and bound to the container's
 * listener one to one.
 * NOTE: this path has not run yet, because the development machine has no Docker
 * engine.
 */
async function startKafkaContainer(environment: NodeJS.ProcessEnv, logger: Logger): Promise<KafkaServer | undefined> {
  if (!dockerMayBeReachable(environment)) {
    return undefined;
  }
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch (error) {
    logger.info({ err: error }, 'no Docker engine responded; skipping the Kafka container');
    return undefined;
  }

  const hostPort = await findFreePort();
  const container = await new GenericContainer('apache/kafka:4.3.2')
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${hostPort}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withExposedPorts({ container: 9092, host: hostPort })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  logger.info('tests use a Kafka container from testcontainers');
  return {
    brokers: `127.0.0.1:${hostPort}`,
    origin: 'testcontainers',
    stop: async () => {
      await container.stop();
    },
  };
}

/** Starts a broker with infra/kafka/kafka.sh in a throw-away data folder. It needs a JDK 17 and, for the first fetch, Maven. */
async function startLocalKafka(logger: Logger): Promise<KafkaServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fleksi-test-kafka-'));
  logger.info({ dataDir }, 'no KAFKA_BROKERS and no Docker engine: tests use a local broker from infra/kafka/kafka.sh');
  const stop = async (): Promise<void> => {
    try {
      await run('bash', [KAFKA_SCRIPT, 'stop', '--dir', dataDir]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  };

  let stdout: string;
  try {
    // The launcher reports progress on stderr, which the run shows as it happens.
    stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn('bash', [KAFKA_SCRIPT, 'start', '--port', '0', '--dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
      });
      child.on('error', reject);
      child.on('exit', (code) => {
        if (code === 0) {
          resolve(output);
        } else {
          reject(new Error(`infra/kafka/kafka.sh start exited with ${code}: see its messages above`));
        }
      });
    });
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }

  const line = stdout.trim().split('\n').pop() ?? '';
  const match = /^KAFKA_BROKERS=(\S+)$/.exec(line);
  if (match?.[1] === undefined) {
    await stop().catch(() => undefined);
    throw new Error(`infra/kafka/kafka.sh start printed ${JSON.stringify(line)} instead of KAFKA_BROKERS=host:port`);
  }
  return { brokers: match[1], origin: 'local-launcher', stop };
}

function dockerMayBeReachable(environment: NodeJS.ProcessEnv): boolean {
  if (environment['DOCKER_HOST'] !== undefined || environment['TESTCONTAINERS_HOST_OVERRIDE'] !== undefined) {
    return true;
  }
  return existsSync('/var/run/docker.sock') || existsSync(path.join(environment['HOME'] ?? '', '.docker', 'run', 'docker.sock'));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`test run failed before the suites started: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
