import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { createFleksiEventRegistry } from '@fleksi/contracts';
import { loadEmployee, loadUnit, TenantCache, type EmployeeState, type UnitState } from '@fleksi/domain';
import { PostgresEventStore } from '@fleksi/event-store';
import { createPool, migrate, withDatabase } from '@fleksi/postgres';
import pg from 'pg';
import { pino } from 'pino';

import { buildApp, createTokenVerifier } from '@fleksi/api';

import { BenchClock } from '../regency/clock.ts';
import { injectRequests, registerRegency } from '../regency/setup.ts';
import { generateRegency, trialDefinition, type Regency } from '../regency/world.ts';
import { AppendBatch } from './bulk-append.ts';
import { LogGenerator, toNewEvents, trustingRegistry, type GeneratorContext } from './generator.ts';

/*
 * Generated event logs, kept as databases named bench_log_g<generator>_e<employees>_n<events>
 * on the benchmark's server, so later trials and runs reuse them. A log of N events
 * holds the regency's set-up commands and then the first N minus those of the
 * generated appends, and the generator replays the same appends every time. So a
 * larger log is made by copying the largest smaller one (CREATE DATABASE ... TEMPLATE)
 * and appending the rest. A table bench_log_info in each log records how far it got;
 * a log whose build was interrupted is dropped and built again.
 */

/** Raise when the generator's output changes, so old cached logs are not reused. */
export const GENERATOR_VERSION = 1;
const SEED = 2026;
/** First simulated day, a Monday. */
export const LOG_START_DATE = '2026-01-05';
export const LOG_TRIAL_PERIOD = { baselineStart: '2026-01-05', baselineEnd: '2026-03-31', startDate: '2026-04-01', endDate: '2026-09-30' } as const;
const SETUP_TIME = '2026-01-02T01:00:00.000Z';
/** Events per insert transaction while generating. */
const EVENTS_PER_TRANSACTION = 5_000;
/**
 * Every event among the first this many written by a build, and one in
 * SCHEMA_CHECK_INTERVAL after them, passes the events' zod schemas; a failure stops
 * the build. Checking all of them would halve the generation speed.
 */
const SCHEMA_CHECKED_EVENTS = 5_000;
const SCHEMA_CHECK_INTERVAL = 100;

export interface EventLogSpec {
  /** Events of the log: set-up plus generated. */
  readonly events: number;
  readonly employees: number;
  /** Keep the database for later trials; otherwise `release` drops it. */
  readonly keep: boolean;
}

export interface EventLog {
  readonly url: string;
  readonly database: string;
  readonly regency: Regency;
  /** True when an existing complete log was used as it was. */
  readonly reused: boolean;
  /** The cached log this one was copied from, if any. */
  readonly copiedFrom: string | null;
  /** Time spent copying and generating in this call, in seconds; 0 when reused. */
  readonly buildSeconds: number;
  readonly setupEvents: number;
  readonly generatedEvents: number;
  /** Events appended later by benchmarks, such as the growth workload's appends. */
  readonly extraEvents: number;
  /** Records events a benchmark appended to the log. */
  recordExtraEvents(count: number): Promise<void>;
  /** Drops the database unless it is kept. */
  release(): Promise<void>;
}

interface LogInfo {
  readonly generator: number;
  readonly employees: number;
  readonly setupEvents: number;
  readonly generatedEvents: number;
  readonly extraEvents: number;
  readonly complete: boolean;
}

/** Returns a log of `spec.events` events, reusing, extending or building one. */
export async function openEventLog(adminUrl: string, spec: EventLogSpec, log: (line: string) => void): Promise<EventLog> {
  const prefix = `bench_log_g${GENERATOR_VERSION}_e${spec.employees}_n`;
  const database = spec.keep ? `${prefix}${spec.events}` : `bench_log_tmp_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(adminUrl, database);
  const regency = generateRegency(spec.employees, SEED);
  const started = performance.now();

  const existing = await listDatabases(adminUrl, prefix);
  let copiedFrom: string | null = null;
  let info = existing.includes(database) ? await readInfo(url) : undefined;
  if (info?.complete === true && info.setupEvents + info.generatedEvents === spec.events) {
    return describe({ url, database, regency, reused: true, copiedFrom, buildSeconds: 0, info, adminUrl, keep: spec.keep });
  }
  if (existing.includes(database)) {
    log(`event log ${database} is incomplete; building it again`);
    await adminStatement(adminUrl, `DROP DATABASE ${database} WITH (FORCE)`);
  }

  const base = spec.keep ? await findBase(adminUrl, prefix, existing, spec.events) : undefined;
  if (base !== undefined) {
    log(`copying event log ${base} to ${database}`);
    await adminStatement(adminUrl, `CREATE DATABASE ${database} TEMPLATE ${base} STRATEGY FILE_COPY`);
    copiedFrom = base;
  } else {
    await adminStatement(adminUrl, `CREATE DATABASE ${database}`);
  }

  try {
    info = await build(url, regency, spec, log);
  } catch (error) {
    if (!spec.keep) {
      await adminStatement(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
    throw error;
  }
  const buildSeconds = (performance.now() - started) / 1000;
  log(`event log ${database}: ${spec.events} events ready after ${buildSeconds.toFixed(0)} s`);
  return describe({ url, database, regency, reused: false, copiedFrom, buildSeconds, info, adminUrl, keep: spec.keep });
}

function describe(input: {
  url: string;
  database: string;
  regency: Regency;
  reused: boolean;
  copiedFrom: string | null;
  buildSeconds: number;
  info: LogInfo;
  adminUrl: string;
  keep: boolean;
}): EventLog {
  return {
    url: input.url,
    database: input.database,
    regency: input.regency,
    reused: input.reused,
    copiedFrom: input.copiedFrom,
    buildSeconds: input.buildSeconds,
    setupEvents: input.info.setupEvents,
    generatedEvents: input.info.generatedEvents,
    extraEvents: input.info.extraEvents,
    recordExtraEvents: async (count) => {
      await withClient(input.url, (client) => client.query('UPDATE bench_log_info SET extra_events = extra_events + $1', [count]));
    },
    release: async () => {
      if (!input.keep) {
        await adminStatement(input.adminUrl, `DROP DATABASE IF EXISTS ${input.database} WITH (FORCE)`);
      }
    },
  };
}

/** The largest complete cached log below `events`, of the same generator and regency. */
async function findBase(adminUrl: string, prefix: string, existing: readonly string[], events: number): Promise<string | undefined> {
  const candidates = existing
    .map((name) => ({ name, events: Number(name.slice(prefix.length)) }))
    .filter((candidate) => Number.isSafeInteger(candidate.events) && candidate.events < events)
    .sort((left, right) => right.events - left.events);
  for (const candidate of candidates) {
    const info = await readInfo(withDatabase(adminUrl, candidate.name));
    if (info?.complete === true && info.setupEvents + info.generatedEvents === candidate.events) {
      return candidate.name;
    }
  }
  return undefined;
}

/** Brings the log in the database at `url` up to `spec.events` events. */
async function build(url: string, regency: Regency, spec: EventLogSpec, log: (line: string) => void): Promise<LogInfo> {
  const pool = createPool(url, { max: 4, applicationName: 'fleksi-bench-log' });
  pool.on('error', () => undefined);
  try {
    await migrate(pool);
    await pool.query(`
      CREATE TABLE IF NOT EXISTS bench_log_info (
        generator integer NOT NULL,
        employees integer NOT NULL,
        setup_events bigint NOT NULL,
        generated_events bigint NOT NULL,
        extra_events bigint NOT NULL DEFAULT 0,
        complete boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    const registry = createFleksiEventRegistry();
    const store = new PostgresEventStore(pool, { registry });
    const trial = trialDefinition(regency, LOG_TRIAL_PERIOD);

    let info = await readInfo(url);
    if (info === undefined) {
      await registerWithApi(pool, store, regency, trial);
      const setupEvents = Number((await pool.query<{ count: string }>('SELECT count(*) AS count FROM events')).rows[0]?.count);
      info = { generator: GENERATOR_VERSION, employees: spec.employees, setupEvents, generatedEvents: 0, extraEvents: 0, complete: false };
      await pool.query('INSERT INTO bench_log_info (generator, employees, setup_events, generated_events, complete) VALUES ($1, $2, $3, 0, false)', [
        GENERATOR_VERSION,
        spec.employees,
        setupEvents,
      ]);
    }
    const target = spec.events - info.setupEvents;
    if (target < info.generatedEvents) {
      throw new Error(`a log of ${spec.events} events cannot be cut from ${info.setupEvents + info.generatedEvents} stored events`);
    }
    await pool.query('UPDATE bench_log_info SET complete = false, updated_at = now()');

    const context = await readGeneratorContext(store, regency, trial);
    const generated = await generate(pool, registry, context, info.generatedEvents, target, log);
    await pool.query('UPDATE bench_log_info SET generated_events = $1, complete = true, updated_at = now()', [generated]);
    log('running VACUUM (ANALYZE) on the event log');
    await pool.query('VACUUM (ANALYZE) events, event_streams');
    return { ...info, generatedEvents: generated, complete: true };
  } finally {
    await pool.end();
  }
}

/** Registers tenant, units, employees and trial through the HTTP API in this process. */
async function registerWithApi(pool: pg.Pool, store: PostgresEventStore, regency: Regency, trial: ReturnType<typeof trialDefinition>): Promise<void> {
  const secret = randomBytes(32).toString('base64url');
  const clock = new BenchClock(SETUP_TIME);
  const app = await buildApp({
    eventStore: store,
    pool,
    databaseOrigin: 'environment',
    logger: pino({ level: 'silent' }),
    version: 'bench',
    verifier: createTokenVerifier({ kind: 'secret', secret }),
    clock: clock.now,
    rateLimitPerMinute: 1_000_000,
    beforeRoutes: (instance) => clock.install(instance),
  });
  try {
    await registerRegency(injectRequests(app), secret, regency, { time: SETUP_TIME, trial });
  } finally {
    await app.close();
  }
}

/** Reads the state every generated command needs from the streams the set-up wrote. */
async function readGeneratorContext(store: PostgresEventStore, regency: Regency, trial: ReturnType<typeof trialDefinition>): Promise<GeneratorContext> {
  const dependencies = { store, registry: createFleksiEventRegistry(), clock: () => SETUP_TIME };
  const configuration = await new TenantCache(store).get(regency.tenantId);
  const employees = new Map<string, Extract<EmployeeState, { status: 'registered' }>>();
  for (const employee of regency.employees) {
    const state = await loadEmployee(dependencies, regency.tenantId, employee.nip);
    if (state.status !== 'registered') {
      throw new Error(`employee ${employee.nip} is missing from the event log`);
    }
    employees.set(employee.nip, state);
  }
  const units = new Map<string, Extract<UnitState, { status: 'registered' }>>();
  for (const unit of regency.units) {
    const state = await loadUnit(dependencies, regency.tenantId, unit.id);
    if (state.status !== 'registered') {
      throw new Error(`unit ${unit.id} is missing from the event log`);
    }
    units.set(unit.id, state);
  }
  return { regency, configuration, employees, units, trial, startDate: LOG_START_DATE, seed: SEED };
}

/**
 * Replays the generator from its start, skips the `skip` events already stored and
 * stores the following ones until `target` generated events exist. Returns `target`.
 * Generating the next batch overlaps with storing the previous one.
 */
async function generate(
  pool: pg.Pool,
  registry: ReturnType<typeof createFleksiEventRegistry>,
  context: GeneratorContext,
  skip: number,
  target: number,
  log: (line: string) => void,
): Promise<number> {
  if (skip >= target) {
    return target;
  }
  const client = await pool.connect();
  const started = performance.now();
  const reportEvery = Math.max(EVENTS_PER_TRANSACTION, Math.round((target - skip) / 10));
  let nextReport = skip + reportEvery;
  let writing: Promise<void> = Promise.resolve();
  let batch = new AppendBatch();
  let index = 0;
  let appends = 0;
  const trusting = trustingRegistry(registry);

  try {
    for (const append of new LogGenerator(context).appends()) {
      const count = append.decided.length;
      const from = Math.max(0, skip - index);
      const to = Math.min(count, target - index);
      if (from < to) {
        const written = index + from - skip;
        const checked = written < SCHEMA_CHECKED_EVENTS || appends % SCHEMA_CHECK_INTERVAL === 0;
        batch.add(append.streamId, append.firstVersion + from, toNewEvents(checked ? registry : trusting, append, from, to));
        appends += 1;
      }
      index += count;
      if (batch.size >= EVENTS_PER_TRANSACTION || index >= target) {
        await writing;
        const full = batch;
        batch = new AppendBatch();
        writing = full.write(client);
      }
      if (index >= nextReport) {
        const rate = (index - skip) / ((performance.now() - started) / 1000);
        log(`generated ${Math.min(index, target)} of ${target} events (${Math.round(rate)} events/s)`);
        nextReport += reportEvery;
      }
      if (index >= target) {
        break;
      }
    }
    await writing;
  } finally {
    client.release();
  }
  return target;
}

async function readInfo(url: string): Promise<LogInfo | undefined> {
  return withClient(url, async (client) => {
    const table = await client.query("SELECT to_regclass('bench_log_info') IS NOT NULL AS present");
    if (table.rows[0]?.present !== true) {
      return undefined;
    }
    const result = await client.query<{ generator: number; employees: number; setup_events: string; generated_events: string; extra_events: string; complete: boolean }>(
      'SELECT generator, employees, setup_events, generated_events, extra_events, complete FROM bench_log_info',
    );
    const row = result.rows[0];
    if (row === undefined) {
      return undefined;
    }
    return {
      generator: row.generator,
      employees: row.employees,
      setupEvents: Number(row.setup_events),
      generatedEvents: Number(row.generated_events),
      extraEvents: Number(row.extra_events),
      complete: row.complete,
    };
  });
}

async function listDatabases(adminUrl: string, prefix: string): Promise<string[]> {
  return withClient(adminUrl, async (client) => {
    const result = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
    return result.rows.map((row) => row.datname);
  });
}

async function adminStatement(adminUrl: string, statement: string): Promise<void> {
  await withClient(adminUrl, (client) => client.query(statement));
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'fleksi-bench-log' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
