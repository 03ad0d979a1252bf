import { pino } from 'pino';

import { PostgresEventStore } from '@fleksi/event-store';
import { createPool, migrate, startApplicationPostgres } from '@fleksi/postgres';

import { buildApp } from './app.ts';
import { readServerConfig } from './config.ts';

const VERSION = '0.1.0';

/**
 * `npm start`: PostgreSQL (embedded unless DATABASE_URL is set), migrations, then
 * the HTTP server. SIGTERM or SIGINT drains the server before stopping the database.
 */
async function main(): Promise<void> {
  const config = readServerConfig(process.env);
  const logger = pino({ level: config.logLevel, redact: ['req.headers.authorization'] });

  // 1. Database and schema.
  const postgres = await startApplicationPostgres({ environment: process.env, logger });
  const pool = createPool(postgres.url, { max: 20, applicationName: 'fleksi-api', logger });
  await migrate(pool, { logger });

  // 2. HTTP server.
  const eventStore = new PostgresEventStore(pool);
  const app = await buildApp({ eventStore, pool, databaseOrigin: postgres.origin, logger, version: VERSION });
  await app.listen({ host: config.host, port: config.port });

  // 3. Orderly stop.
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    try {
      await app.close();
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
