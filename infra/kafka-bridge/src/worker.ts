// A process that runs the Kafka relay and the Kafka-fed projectors beside (or instead
// of) the API server: `node --import tsx infra/kafka-bridge/src/worker.ts`.
//
// FLEKSI_KAFKA_ROLES picks what it runs: `relay`, `projections` or both (the default,
// "relay,projections"). Several workers share the partitions of each projection's
// consumer group; one relay per topic is active and the others stand by.
import { createFleksiEventRegistry } from '@fleksi/contracts';
import { PostgresEventStore } from '@fleksi/event-store';
import { createPool, migrate, startApplicationPostgres } from '@fleksi/postgres';
import { ALL_PROJECTIONS } from '@fleksi/read-models';
import { pino } from 'pino';

import { startKafkaBridge } from './bridge.ts';
import { readKafkaConfig } from './config.ts';

const ROLES = new Set(['relay', 'projections']);

async function main(): Promise<void> {
  const logger = pino({ level: process.env['FLEKSI_LOG_LEVEL'] ?? 'info' });
  const config = readKafkaConfig(process.env);
  const roles = (process.env['FLEKSI_KAFKA_ROLES'] ?? 'relay,projections').split(',').map((role) => role.trim()).filter((role) => role !== '');
  const unknown = roles.filter((role) => !ROLES.has(role));
  if (roles.length === 0 || unknown.length > 0) {
    throw new Error(`FLEKSI_KAFKA_ROLES must list "relay" and/or "projections", got ${JSON.stringify(process.env['FLEKSI_KAFKA_ROLES'])}`);
  }

  // Shares the embedded cluster of a running server instead of taking it over.
  const postgres = await startApplicationPostgres({ environment: process.env, logger, whenRunning: 'share' });
  const pool = createPool(postgres.url, { max: 10, applicationName: 'fleksi-kafka-worker', logger });
  // A client held checked out (the relay's lock) emits 'error' when its connection
  // drops, and without a listener that would end the process. Its holder gets the
  // error on its next query and reconnects.
  pool.on('connect', (client) => {
    client.on('error', (error) => logger.warn({ err: error }, 'postgres connection lost'));
  });
  await migrate(pool, { logger });
  const registry = createFleksiEventRegistry();
  const store = new PostgresEventStore(pool, { registry });

  const bridge = startKafkaBridge({
    config,
    pool,
    store,
    logger,
    registry,
    projections: ALL_PROJECTIONS,
    relay: roles.includes('relay'),
    projectors: roles.includes('projections'),
  });
  logger.info({ roles, topic: config.topic, brokers: config.brokers }, 'kafka worker started');

  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'stopping kafka worker');
    try {
      await bridge.stop();
      await pool.end();
      await postgres.stop();
      logger.info('kafka worker stopped');
    } catch (error) {
      logger.error({ err: error }, 'kafka worker stop failed');
      process.exitCode = 1;
    }
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  process.stderr.write(`fleksi kafka worker failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
