import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { TenantSettings, type TrialDefinition } from '@fleksi/contracts';
import { addDays, planDay, tenantDecider, weekdayOf, type TenantConfiguration, type TenantState } from '@fleksi/domain';
import { PostgresEventStore } from '@fleksi/event-store';
import { createPool, migrate } from '@fleksi/postgres';
import { createGeneration, evaluateTrial, loadEvaluationRows, quoteIdentifier, workdaysProjection } from '@fleksi/read-models';
import type pg from 'pg';
import { pino } from 'pino';

import { buildApp, createTokenVerifier, signDevelopmentToken } from '@fleksi/api';

import { assertDurableCommits, withFreshDatabase } from '../postgres.ts';
import { SeededRandom } from '../regency/random.ts';
import { generateRegency, trialDefinition, TRIAL_ID, type Employee, type Regency } from '../regency/world.ts';
import { check, publicSpec, type TrialResult, type TrialSpec } from '../trial.ts';
import type { WorkloadDefinition } from './workload.ts';

/*
 * The WFA trial evaluation of a large regency. The trial's labelled employee-days
 * (the workdays projection's trial_days table) are written directly into an active
 * generation, one row per employee and workday, instead of being projected from
 * millions of events. The trial then times loadEvaluationRows plus evaluateTrial
 * in this process, and GET /v1/trials/:id/evaluation of an API in this process,
 * first cold and then again while the result is cached.
 */

const FIRST_WORKDAY = '2026-01-05';
/** Workdays of the baseline; the trial period takes the rest. */
const BASELINE_SHARE = 0.3;
const ROWS_PER_INSERT = 5_000;

export const evaluationWorkload: WorkloadDefinition = {
  name: 'evaluation',
  title: 'WFA trial evaluation of a large regency',
  description:
    'trial_days rows for every employee and workday (baseline then trial, WFA on Thursdays and Fridays for participating ' +
    'units, about one unit in six as comparison, realistic presence, punctuality and daily-report metrics) are written into an active ' +
    'workdays generation. The trial times loadEvaluationRows and evaluateTrial (all designs, scopes and metrics, with ' +
    'and without Ramadan days) in the benchmark process, then GET /v1/trials/:id/evaluation over loopback against the ' +
    'API built in the same process: first cold (rows loaded, evaluation in a new worker thread), then again with the ' +
    'result cached. Figures are seconds of wall time.',
  variants: (settings) => [
    {
      name: `employees-${settings.evaluation.employees}`,
      description: `${settings.evaluation.employees} employees × ${settings.evaluation.workdays} workdays, ${settings.evaluation.bootstrapSamples} bootstrap samples`,
    },
  ],
  metrics: [
    { key: 'loadSeconds', label: 'load s', decimals: 2 },
    { key: 'evaluateSeconds', label: 'evaluate s', decimals: 2 },
    { key: 'loadAndEvaluateSeconds', label: 'load + evaluate s', decimals: 2 },
    { key: 'httpColdSeconds', label: 'HTTP cold s', decimals: 2 },
    { key: 'httpCachedSeconds', label: 'HTTP cached s', decimals: 2 },
    { key: 'rows', label: 'rows', decimals: 0 },
  ],
  // Lower is better here; the runner's ratios need a throughput metric and there is only one system.
  throughputMetric: 'rows',
  systems: ['fleksi'],
  defaultRepeats: 1,
  describeSettings: (settings) => ({
    employees: settings.evaluation.employees,
    workdays: settings.evaluation.workdays,
    'bootstrap samples': settings.evaluation.bootstrapSamples,
  }),
  trialTimeoutMs: (settings) => 1_200_000 + settings.evaluation.employees * settings.evaluation.workdays * 2,
  runTrial: runEvaluationTrial,
};

export async function runEvaluationTrial(spec: TrialSpec): Promise<TrialResult> {
  const settings = spec.settings.evaluation;
  if (spec.variant !== `employees-${settings.employees}`) {
    throw new Error(`unknown evaluation variant ${JSON.stringify(spec.variant)}; expected employees-${settings.employees}`);
  }

  return withFreshDatabase(spec.adminUrl, 'evaluation', async (database) => {
    await assertDurableCommits(database.url);
    const pool = createPool(database.url, { max: 10, applicationName: 'fleksi-bench-evaluation' });
    pool.on('error', () => undefined);
    try {
      await migrate(pool);
      const regency = generateRegency(settings.employees);
      const configuration = nationalConfiguration(regency.tenantId);
      const workdays = firstWorkdays(configuration, FIRST_WORKDAY, settings.workdays);
      const baselineDays = Math.max(1, Math.round(workdays.length * BASELINE_SHARE));
      const trial = trialDefinition(regency, {
        baselineStart: workdays[0] ?? FIRST_WORKDAY,
        baselineEnd: workdays[baselineDays - 1] ?? FIRST_WORKDAY,
        startDate: workdays[baselineDays] ?? FIRST_WORKDAY,
        endDate: workdays[workdays.length - 1] ?? FIRST_WORKDAY,
      });

      const generation = await createGeneration(pool, workdaysProjection);
      const schema = quoteIdentifier(generation.schema);
      const seedStarted = performance.now();
      const written = await writeTrialDays(pool, schema, regency, configuration, trial, workdays);
      await pool.query(`VACUUM (ANALYZE) ${schema}.trial_days`);
      const seedSeconds = (performance.now() - seedStarted) / 1000;

      // In this process: what the endpoint does, without HTTP and the worker thread.
      const loadStarted = performance.now();
      const loaded = await loadEvaluationRows(pool, schema, regency.tenantId, TRIAL_ID);
      const loadSeconds = (performance.now() - loadStarted) / 1000;
      if (loaded === undefined) {
        throw new Error(`trial ${TRIAL_ID} was not found in ${generation.schema}`);
      }
      const evaluateStarted = performance.now();
      const evaluation = evaluateTrial(loaded.trial, loaded.revision, loaded.rows, { bootstrapSamples: settings.bootstrapSamples });
      const evaluateSeconds = (performance.now() - evaluateStarted) / 1000;

      const http = await timeEndpoint(pool, regency, settings.bootstrapSamples);
      const sameEstimates = JSON.stringify(http.cold.estimates) === JSON.stringify(evaluation.estimates);

      return {
        spec: publicSpec(spec),
        metrics: {
          loadSeconds,
          evaluateSeconds,
          loadAndEvaluateSeconds: loadSeconds + evaluateSeconds,
          httpColdSeconds: http.coldSeconds,
          httpCachedSeconds: http.cachedSeconds,
          rows: loaded.rows.length,
          estimates: evaluation.estimates.length,
        },
        checks: [
          check('every closed workday loaded', loaded.rows.length === written.evaluated, `${loaded.rows.length} rows loaded, ${written.evaluated} written closed and not on leave`),
          check('HTTP answered 200 twice', http.coldStatus === 200 && http.cachedStatus === 200, `cold ${http.coldStatus}, cached ${http.cachedStatus}`),
          check('HTTP estimates equal the in-process ones', sameEstimates, `${http.cold.estimates?.length ?? 0} estimates over HTTP, ${evaluation.estimates.length} in process`),
        ],
        details: {
          employees: regency.employees.length,
          units: regency.units.length,
          participatingUnits: trial.participatingUnits.length,
          workdays: workdays.length,
          firstWorkday: workdays[0],
          lastWorkday: workdays[workdays.length - 1],
          trialDaysWritten: written.rows,
          seedSeconds,
          estimates: evaluation.estimates.length,
          httpResponseBytes: http.coldBytes,
        },
      };
    } finally {
      await pool.end();
    }
  });
}

/** The tenant configuration a new tenant gets: default settings, national calendar and schedules. */
function nationalConfiguration(tenantId: string): TenantConfiguration {
  let state: TenantState = tenantDecider.initialState();
  const command = { type: 'RegisterTenant' as const, data: { tenantId, name: 'Pemerintah Kabupaten Simulasi', settings: TenantSettings.parse({}), preloadNationalCalendar: true } };
  for (const event of tenantDecider.decide(command, state)) {
    state = tenantDecider.evolve(state, event);
  }
  if (state.status !== 'registered') {
    throw new Error('the local tenant configuration did not register');
  }
  return state.configuration;
}

function firstWorkdays(configuration: TenantConfiguration, from: string, count: number): string[] {
  const days: string[] = [];
  for (let date = from; days.length < count; date = addDays(date, 1)) {
    if (planDay(configuration, date).dayType === 'workday') {
      days.push(date);
    }
  }
  return days;
}

interface DayLabels {
  readonly weekday: number;
  readonly ramadan: boolean;
  readonly holidayAdjacent: boolean;
}

/**
 * Writes one trial_days row per employee and workday, with metric values drawn as
 * the workdays projection would derive them from a realistic day: about 97% present,
 * mostly on time, 1% on leave, daily reports by each employee's diligence.
 */
async function writeTrialDays(
  pool: pg.Pool,
  schema: string,
  regency: Regency,
  configuration: TenantConfiguration,
  trial: TrialDefinition,
  workdays: readonly string[],
): Promise<{ rows: number; evaluated: number }> {
  await pool.query(`INSERT INTO ${schema}.trials VALUES ($1, $2, 1, $3, now())`, [regency.tenantId, trial.trialId, JSON.stringify(trial)]);
  const labels = new Map<string, DayLabels>();
  for (const date of workdays) {
    const offDay = (candidate: string): boolean => ['holiday', 'cuti_bersama'].includes(planDay(configuration, candidate).dayType);
    labels.set(date, {
      weekday: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].indexOf(weekdayOf(date)) + 1,
      ramadan: planDay(configuration, date).scheduleKind === 'ramadan',
      holidayAdjacent: offDay(addDays(date, -1)) || offDay(addDays(date, 1)),
    });
  }

  const participating = new Set(trial.participatingUnits);
  let columns = emptyColumns();
  let rows = 0;
  let evaluated = 0;
  for (const employee of regency.employees) {
    for (const date of workdays) {
      const label = labels.get(date);
      if (label === undefined) {
        continue;
      }
      const row = trialDayRow(regency.tenantId, trial, participating, employee, date, label);
      row.forEach((value, index) => columns[index]?.push(value));
      rows += 1;
      evaluated += row[13] === false ? 1 : 0;
      if ((columns[0]?.length ?? 0) >= ROWS_PER_INSERT) {
        await insertTrialDays(pool, schema, columns);
        columns = emptyColumns();
      }
    }
  }
  await insertTrialDays(pool, schema, columns);
  return { rows, evaluated };
}

function emptyColumns(): unknown[][] {
  return Array.from({ length: 24 }, () => []);
}

function trialDayRow(tenantId: string, trial: TrialDefinition, participating: ReadonlySet<string>, employee: Employee, date: string, label: DayLabels): unknown[] {
  const random = SeededRandom.forKey(2026, `${employee.nip}:${date}`);
  const period = date >= trial.startDate ? 'trial' : 'baseline';
  const isParticipating = participating.has(employee.unitId);
  const wfaWeekday = trial.wfaWeekdays.includes(weekdayOf(date));
  const plannedMode = period === 'trial' && isParticipating && wfaWeekday ? 'WFA' : 'WFO';
  const onLeave = random.chance(0.01);
  const present = !onLeave && random.chance(0.97);
  const late = present && random.chance(0.15);
  const leftEarly = present && random.chance(0.08);
  const reports = !onLeave && random.chance(employee.diligence) ? random.integer(1, 2) : 0;
  const approved = reports === 0 ? 0 : random.integer(Math.max(0, reports - 1), reports);
  const lateSubmissions = reports > 0 && random.chance(0.04) ? 1 : 0;
  return [
    tenantId,
    trial.trialId,
    employee.nip,
    date,
    employee.unitId,
    period,
    isParticipating ? 'participating' : 'comparison',
    label.weekday,
    wfaWeekday,
    plannedMode,
    present ? plannedMode : null,
    label.ramadan,
    label.holidayAdjacent,
    onLeave,
    true,
    present ? 100 : 0,
    present ? (late ? 0 : 100) : null,
    present ? (late ? random.integer(1, 90) : 0) : null,
    present ? (leftEarly ? 100 : 0) : null,
    reports > 0 && lateSubmissions === 0 ? 100 : 0,
    reports,
    approved,
    reports * random.integer(120, 240),
    lateSubmissions,
  ];
}

async function insertTrialDays(pool: pg.Pool, schema: string, columns: unknown[][]): Promise<void> {
  if ((columns[0]?.length ?? 0) === 0) {
    return;
  }
  await pool.query(
    `INSERT INTO ${schema}.trial_days
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], $8::int[], $9::boolean[], $10::text[],
                          $11::text[], $12::boolean[], $13::boolean[], $14::boolean[], $15::boolean[], $16::numeric[], $17::numeric[], $18::numeric[],
                          $19::numeric[], $20::numeric[], $21::numeric[], $22::numeric[], $23::numeric[], $24::numeric[])`,
    columns,
  );
}

interface EndpointTimes {
  readonly coldSeconds: number;
  readonly cachedSeconds: number;
  readonly coldStatus: number;
  readonly cachedStatus: number;
  readonly coldBytes: number;
  readonly cold: { estimates?: unknown[] };
}

/** Builds the API on the same database, listens on loopback and times two identical GETs of the evaluation. */
async function timeEndpoint(pool: pg.Pool, regency: Regency, bootstrapSamples: number): Promise<EndpointTimes> {
  const secret = randomBytes(32).toString('base64url');
  const app = await buildApp({
    eventStore: new PostgresEventStore(pool),
    pool,
    databaseOrigin: 'environment',
    logger: pino({ level: 'silent' }),
    version: 'bench',
    verifier: createTokenVerifier({ kind: 'secret', secret }),
  });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const token = await signDevelopmentToken(secret, { tenant: regency.tenantId, subject: 'tim-evaluasi', roles: ['evaluator'] });
    const url = `http://127.0.0.1:${port}/v1/trials/${TRIAL_ID}/evaluation?bootstrap=${bootstrapSamples}`;
    const get = async (): Promise<{ seconds: number; status: number; text: string }> => {
      const started = performance.now();
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      const text = await response.text();
      return { seconds: (performance.now() - started) / 1000, status: response.status, text };
    };
    const cold = await get();
    const cached = await get();
    const parsed = cold.status === 200 ? (JSON.parse(cold.text) as { estimates?: unknown[] }) : {};
    return {
      coldSeconds: cold.seconds,
      cachedSeconds: cached.seconds,
      coldStatus: cold.status,
      cachedStatus: cached.status,
      coldBytes: Buffer.byteLength(cold.text),
      cold: parsed,
    };
  } finally {
    await app.close();
  }
}
