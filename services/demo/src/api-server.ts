import { buildApp, createTokenVerifier } from '@fleksi/api';
import { createFleksiEventRegistry } from '@fleksi/contracts';
import { PostgresEventStore } from '@fleksi/event-store';
import { createPool } from '@fleksi/postgres';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { pino } from 'pino';

import type { ApiServerConfig, ParentMessage, ServerMessage } from './api-process.ts';
import { SimulatedClock } from './simulated-clock.ts';

/*
 * The demo's API server, in a process of its own so that it and the simulator each
 * get a core. The parent (api-process.ts) sends `start`, `real-time` and `stop`
 * over the IPC channel. When the channel closes, the server shuts down too.
 */

let app: FastifyInstance | undefined;
let pool: pg.Pool | undefined;
let clock: SimulatedClock | undefined;
let stopping: Promise<void> | undefined;

function send(message: ServerMessage): void {
  process.send?.(message);
}

async function start(config: ApiServerConfig): Promise<void> {
  const logger = pino({ level: config.logLevel });
  process.env['FLEKSI_FINGERPRINT_DEVICES'] = config.devicesFile;
  pool = createPool(config.databaseUrl, { max: 40, applicationName: 'fleksi-demo-api', logger });
  clock = new SimulatedClock(config.start);
  const simulated = clock;
  app = await buildApp({
    eventStore: new PostgresEventStore(pool, { registry: createFleksiEventRegistry() }),
    pool,
    databaseOrigin: config.databaseOrigin,
    logger,
    version: 'demo',
    verifier: createTokenVerifier({ kind: 'secret', secret: config.secret }),
    clock: simulated.now,
    rateLimitPerMinute: 1_000_000,
    beforeRoutes: (instance) => simulated.install(instance),
  });
  await app.listen({ host: '127.0.0.1', port: config.port });
  send({ type: 'listening', port: (app.server.address() as { port: number }).port });
}

function stop(): Promise<void> {
  stopping ??= (async () => {
    await app?.close();
    await pool?.end();
  })();
  return stopping;
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'start') {
    start(message.config).catch((error: unknown) => {
      send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exitCode = 1;
      void stop().finally(() => process.disconnect?.());
    });
  } else if (message.type === 'real-time') {
    clock?.useRealTime();
    send({ type: 'real-time' });
  } else if (message.type === 'stop') {
    void stop().then(() => process.disconnect?.());
  }
});

// Ctrl-C reaches the whole process group, but the parent decides when this server stops.
process.on('SIGINT', () => undefined);
process.on('disconnect', () => {
  void stop().then(() => process.exit());
});
