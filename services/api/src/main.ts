import { pino } from 'pino';
import { register } from 'prom-client';

import { createFleksiEventRegistry } from '@fleksi/contracts';
import { PostgresEventStore } from '@fleksi/event-store';
import { createPool, migrate, startApplicationPostgres } from '@fleksi/postgres';
import { readKafkaConfig, registerKafkaMetrics, startKafkaBridge } from '@fleksi/kafka-bridge';
import { ALL_PROJECTIONS, ProjectionManager } from '@fleksi/read-models';

import { buildApp } from './app.ts';
import { loadJwtSecret } from './auth/secret.ts';
import { createTokenVerifier } from './auth/tokens.ts';
import { bootstrapDemoTenant } from './bootstrap.ts';
import { redactError } from './http/log-redaction.ts';
import { readServerConfig, readVerifierConfig } from './config.ts';
import { startCheckpointScheduler } from './checkpoint-scheduler.ts';
import { startWorkdayScheduler } from './workday-scheduler.ts';

const VERSION = '0.1.0';

/**
 * `npm start`: PostgreSQL (embedded unless DATABASE_URL is set), migrations, then
 * the HTTP server. SIGTERM or SIGINT drains the server before stopping the database.
 */
async function main(): Promise<void> {
  const config = readServerConfig(process.env);
  // Errors logged outside requests (projector, scheduler) get NIPs masked too.
  const logger = pino({ level: config.logLevel, redact: ['req.headers.authorization', 'headers.authorization'], serializers: { err: redactError } });

  // 1. Database and schema.
  const postgres = await startApplicationPostgres({ environment: process.env, logger });
  const pool = createPool(postgres.url, { max: 20, applicationName: 'fleksi-api', queryTimeoutMs: config.queryTimeoutMs, logger });
  // pg emits 'error' on a checked-out client whose connection drops between queries,
  // and pg-pool removes its own listener on checkout. Without this listener a database
  // restart would end the process through a client held open (the projector's lock).
  // The holder still gets the failure from its next query. Only message and code are
  // logged: pg-pool attaches the whole client, connection settings included, to the error.
  pool.on('connect', (client) => {
    client.on('error', (error: Error & { code?: string }) => logger.warn({ error: error.message, code: error.code }, 'postgres connection lost'));
  });
  await migrate(pool, { logger });
  const eventStore = new PostgresEventStore(pool, { registry: createFleksiEventRegistry() });

  // 2. A demo tenant on the embedded default, so curl works at once.
  const bootstrapTenant = process.env['FLEKSI_BOOTSTRAP_TENANT'] ?? (postgres.origin === 'embedded' ? config.bootstrapTenant : '');
  if (bootstrapTenant !== '') {
    await bootstrapDemoTenant(eventStore, bootstrapTenant, logger);
  }

  // 3. Projections and the workday scheduler, unless another process runs them. The
  // projectors read the log directly, or the Kafka topic the relay fills (docs/kafka.md).
  const kafkaConfig = readKafkaConfig(process.env);
  const fromLog = config.runProjections && kafkaConfig.source === 'log';
  const projections = fromLog ? new ProjectionManager({ pool, store: eventStore, projections: ALL_PROJECTIONS, logger }) : undefined;
  const kafkaBridge =
    config.runProjections && kafkaConfig.source === 'kafka'
      ? startKafkaBridge({ config: kafkaConfig, pool, store: eventStore, logger, registry: createFleksiEventRegistry(), projections: ALL_PROJECTIONS })
      : undefined;
  await projections?.start();
  const scheduler = config.runProjections ? startWorkdayScheduler({ pool, store: eventStore, logger }) : undefined;
  const checkpoints = config.runProjections ? startCheckpointScheduler({ pool, store: eventStore, logger, intervalMs: config.checkpointIntervalMinutes * 60_000 }) : undefined;

  // 4. HTTP server.
  const verifier = createTokenVerifier(readVerifierConfig(process.env, await loadJwtSecret(process.env)));
  const app = await buildApp({
    eventStore,
    pool,
    databaseOrigin: postgres.origin,
    logger,
    version: VERSION,
    verifier,
    rateLimitPerMinute: config.rateLimitPerMinute,
  });
  const kafkaMetrics = kafkaBridge === undefined ? undefined : registerKafkaMetrics({ registry: register, pool, kafka: kafkaBridge.kafka, topic: kafkaConfig.topic, logger });
  await app.listen({ host: config.host, port: config.port });
  logger.info({ docs: `http://${config.host}:${config.port}/docs` }, 'API documentation');

  // 5. Orderly stop.
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    try {
      await app.close();
      await scheduler?.stop();
      await checkpoints?.stop();
      await projections?.stop();
      await kafkaMetrics?.close();
      await kafkaBridge?.stop();
      await pool.end();
      await postgres.stop();
      logger.info('stopped');
    } catch (error) {
      logger.error({ err: error }, 'stop failed');
      process.exitCode = 1;
    }
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  process.stderr.write(`fleksi failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
