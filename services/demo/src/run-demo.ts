import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { compareLogPositions, createFleksiEventRegistry, type Role } from '@fleksi/contracts';
import { PostgresEventStore } from '@fleksi/event-store';
import { createPool, ensureDatabase, migrate, startApplicationPostgres, withDatabase, type PostgresServer } from '@fleksi/postgres';
import { activeGeneration, ProjectionManager, workdaysProjection } from '@fleksi/read-models';
import pg from 'pg';
import { pino, type Logger } from 'pino';

import { startApiProcess, type ApiProcess } from './api-process.ts';
import { pushFromTerminals, writeTerminalRegistry } from './baseline.ts';
import { DemoClient } from './client.ts';
import { Random } from './random.ts';
import { Simulation, TENANT_ID } from './simulation.ts';
import { printSummary } from './summary.ts';
import { generateWorld } from './world.ts';

export interface DemoOptions {
  readonly employees: number;
  readonly seed: number;
  readonly wfaEffectPoints: number;
  readonly baselineStart: string;
  readonly port: number;
  readonly concurrency: number;
  readonly language: 'id' | 'en';
  /** Keep the server running after the summary (the default for `npm run demo`). */
  readonly serve: boolean;
  readonly dataDir: string;
  readonly write: (text: string) => void;
}

export interface DemoResult {
  readonly seconds: number;
  readonly commands: number;
  readonly employees: number;
  readonly workdays: number;
  readonly url: string;
  /** A bearer token with the evaluator role, for the trial routes. */
  readonly evaluatorToken: string;
  /** The HTML evaluation report written at the end. */
  readonly reportFile: string;
  /** Signs a bearer token of the demo tenant for any role, as the simulator does. */
  signToken(subject: string, roles: readonly Role[], claims?: { nip?: string; unit?: string }): Promise<string>;
  stop(): Promise<void>;
}

const DEMO_DATABASE = 'fleksi_demo';

/**
 * Runs the whole demo: a fresh database, the API on loopback with a simulated clock,
 * the regency played through HTTP and the fingerprint importer, then the Indonesian
 * summary. With `serve`, the server keeps running on real time afterwards.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const startedAt = Date.now();
  const logger = pino({ level: process.env['FLEKSI_LOG_LEVEL'] ?? 'warn' });
  const say = (id: string, en: string): void => options.write(`${options.language === 'id' ? id : en}\n`);

  // 1. A fresh database for the demo, on DATABASE_URL's server or an embedded one.
  say('Menyiapkan basis data demo…', 'Preparing the demo database…');
  const postgres = await startApplicationPostgres({
    environment: { ...process.env, FLEKSI_DATA_DIR: path.join(options.dataDir, 'demo'), FLEKSI_PG_PORT: process.env['FLEKSI_DEMO_PG_PORT'] ?? '54339' },
    logger,
    whenRunning: 'take-over',
  });
  const url = await freshDatabase(postgres);
  const pool = createPool(url, { max: 8, applicationName: 'fleksi-demo', logger });
  await migrate(pool, { logger });
  const store = new PostgresEventStore(pool, { registry: createFleksiEventRegistry() });

  // 2. The regency and its office terminals, then the API with a simulated clock.
  const random = new Random(options.seed);
  const world = generateWorld(options.employees, random.fork('world'));
  const { file: devicesFile, terminals } = await writeTerminalRegistry(world, TENANT_ID, path.join(options.dataDir, 'demo', 'terminals'));
  const secret = randomBytes(32).toString('base64url');
  const api = await startApiProcess({
    databaseUrl: url,
    databaseOrigin: postgres.origin,
    secret,
    port: options.port,
    devicesFile,
    start: `${options.baselineStart}T00:00:00.000Z`,
    logLevel: process.env['FLEKSI_LOG_LEVEL'] ?? 'warn',
  });
  const baseUrl = api.baseUrl;
  const projections = new ProjectionManager({ pool, store, projections: [workdaysProjection], logger, pollIntervalMs: 200 });
  await projections.start();

  // 3. The regency, played day by day.
  const client = new DemoClient(baseUrl, secret, TENANT_ID, options.concurrency);
  say(
    `Kabupaten simulasi: ${world.units.length} OPD, ${world.employees.length} ASN. Periode dasar mulai ${options.baselineStart}, uji coba WFA 22 Januari s.d. 22 April 2026.`,
    `Simulated regency: ${world.units.length} units, ${world.employees.length} civil servants. Baseline from ${options.baselineStart}, WFA trial 22 January to 22 April 2026.`,
  );
  const simulation = new Simulation(client, world, random.fork('days'), {
    baselineStart: options.baselineStart,
    wfaEffectPoints: options.wfaEffectPoints,
    onProgress: ({ date, days, commands }) => say(`  ${date}: ${days} hari kerja, ${commands} perintah`, `  ${date}: ${days} workdays, ${commands} commands`),
  }, pushFromTerminals(baseUrl, terminals));
  await simulation.setUp();
  await simulation.play();

  // 4. Wait for the read models, then report.
  await settle(pool, store);
  await api.useRealTime();
  const seconds = (Date.now() - startedAt) / 1000;
  const report = await printSummary({ client, language: options.language, write: options.write, world, stats: simulation.stats, seconds });
  const reportFile = path.resolve(options.dataDir, 'demo', 'laporan-evaluasi.html');
  await mkdir(path.dirname(reportFile), { recursive: true });
  await writeFile(reportFile, report);
  const evaluatorToken = await client.token('tim-evaluasi', ['evaluator']);

  say(
    `\nSelesai dalam ${seconds.toFixed(0)} detik. Laporan evaluasi tersimpan di ${reportFile}`,
    `\nDone in ${seconds.toFixed(0)} seconds. The evaluation report is saved at ${reportFile}`,
  );
  if (options.serve) {
    say(
      `Server tetap berjalan (tekan Ctrl-C untuk berhenti):\n  Dokumentasi API: ${baseUrl}/docs\n  Laporan evaluasi: curl -H "Authorization: Bearer ${evaluatorToken}" ${baseUrl}/v1/trials/wfa-2026/report > laporan.html`,
      `The server keeps running (Ctrl-C to stop):\n  API docs: ${baseUrl}/docs\n  Evaluation report: curl -H "Authorization: Bearer ${evaluatorToken}" ${baseUrl}/v1/trials/wfa-2026/report?lang=en > report.html`,
    );
  }

  return {
    seconds,
    commands: simulation.stats.commands,
    employees: world.employees.length,
    workdays: simulation.stats.days,
    url: baseUrl,
    evaluatorToken,
    reportFile,
    signToken: (subject, roles, claims = {}) => client.token(subject, roles, claims),
    stop: () => {
      client.close();
      return shutDown(api, projections, pool, postgres, logger);
    },
  };
}

async function freshDatabase(postgres: PostgresServer): Promise<string> {
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DEMO_DATABASE} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await ensureDatabase(postgres.url, DEMO_DATABASE);
  return withDatabase(postgres.url, DEMO_DATABASE);
}

async function settle(pool: pg.Pool, store: PostgresEventStore): Promise<void> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    const head = await store.headPosition();
    const generation = await activeGeneration(pool, workdaysProjection.name);
    if (head === undefined || (generation !== undefined && compareLogPositions(generation.position, head) >= 0)) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error('read models did not catch up within 10 minutes');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function shutDown(api: ApiProcess, projections: ProjectionManager, pool: pg.Pool, postgres: PostgresServer, logger: Logger): Promise<void> {
  await api.stop();
  await projections.stop();
  await pool.end();
  await postgres.stop();
  logger.info('demo stopped');
}
