import { createFleksiEventRegistry } from '@fleksi/contracts';
import { PostgresEventStore } from '@fleksi/event-store';
import { createPool, migrate, startApplicationPostgres } from '@fleksi/postgres';
import type pg from 'pg';
import { pino } from 'pino';

export interface Database {
  readonly pool: pg.Pool;
  readonly store: PostgresEventStore;
  close(): Promise<void>;
}

/**
 * Connects to the server's database: DATABASE_URL, else the embedded cluster under
 * FLEKSI_DATA_DIR, shared with a running server or started for this command only.
 */
export async function openDatabase(environment: NodeJS.ProcessEnv = process.env): Promise<Database> {
  const logger = pino({ level: environment['FLEKSI_LOG_LEVEL'] ?? 'warn' }, pino.destination(2));
  const postgres = await startApplicationPostgres({ environment, logger, whenRunning: 'share' });
  const pool = createPool(postgres.url, { max: 5, applicationName: 'fleksi-cli', logger });
  await migrate(pool, { logger });
  return {
    pool,
    store: new PostgresEventStore(pool, { registry: createFleksiEventRegistry() }),
    close: async () => {
      await pool.end();
      await postgres.stop();
    },
  };
}
