import { createFleksiEventRegistry } from '@fleksi/contracts';
import { PostgresEventStore } from '@fleksi/event-store';
import { createPool, migrate } from '@fleksi/postgres';
import { pino } from 'pino';

import { buildApp, createTokenVerifier } from '@fleksi/api';

import { BenchClock } from '../regency/clock.ts';

/*
 * Entry point of the API server child of the command workload. It builds the app as
 * `npm start` does (buildApp, a pool of 20, the production rate limit and log
 * level unless told otherwise), with a clock that follows the `x-bench-time` header,
 * and without the projection manager and schedulers, which `npm start` runs in the
 * same process. The parent talks to it over IPC:
 *
 *   parent -> { type: 'start', config }    child -> { type: 'listening', port }
 *   parent -> { type: 'mark', label }      child -> { type: 'mark', label, monotonicMicros }
 *   parent -> { type: 'stop' }             child closes the server and pool, then exits 0
 *
 * Marks read the monotonic clock that V8 stamps CPU profile samples with, so the
 * parent can keep only the samples of a load window.
 */

export interface CommandServerConfig {
  readonly databaseUrl: string;
  readonly secret: string;
  readonly logLevel: string;
  readonly rateLimitPerMinute: number;
  /** Server time of requests without the `x-bench-time` header. */
  readonly fallbackTime: string;
}

export type ServerMessage =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'mark'; readonly label: string; readonly monotonicMicros: number }
  | { readonly type: 'failed'; readonly error: string };

export type ParentMessage = { readonly type: 'start'; readonly config: CommandServerConfig } | { readonly type: 'mark'; readonly label: string } | { readonly type: 'stop' };

let stop: (() => Promise<void>) | undefined;

process.on('message', (message: ParentMessage) => {
  switch (message.type) {
    case 'start':
      start(message.config).catch((error: unknown) => {
        send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        process.exit(1);
      });
      return;
    case 'mark':
      send({ type: 'mark', label: message.label, monotonicMicros: Number(process.hrtime.bigint() / 1_000n) });
      return;
    case 'stop':
      void (stop ?? (async () => undefined))().finally(() => process.exit(0));
      return;
  }
});

function send(message: ServerMessage): void {
  process.send?.(message);
}

async function start(config: CommandServerConfig): Promise<void> {
  const logger = pino({ level: config.logLevel });
  const pool = createPool(config.databaseUrl, { max: 20, applicationName: 'fleksi-api', logger });
  await migrate(pool, { logger });
  const eventStore = new PostgresEventStore(pool, { registry: createFleksiEventRegistry() });
  const clock = new BenchClock(config.fallbackTime);
  const app = await buildApp({
    eventStore,
    pool,
    databaseOrigin: 'environment',
    logger,
    version: 'bench',
    verifier: createTokenVerifier({ kind: 'secret', secret: config.secret }),
    clock: clock.now,
    rateLimitPerMinute: config.rateLimitPerMinute,
    beforeRoutes: (instance) => clock.install(instance),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  stop = async () => {
    await app.close();
    await pool.end();
  };
  const address = app.server.address();
  if (address === null || typeof address === 'string') {
    throw new Error(`the server listens on ${String(address)}, not on a TCP port`);
  }
  send({ type: 'listening', port: address.port });
}
