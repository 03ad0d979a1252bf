import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { addDays } from '@fleksi/domain';
import { createPool, migrate } from '@fleksi/postgres';

import { signDevelopmentToken } from '@fleksi/api';

import { summariseCpuProfile, type ProfileSummary } from '../http/cpu-profile.ts';
import { runLoad, type LoadResult } from '../http/load.ts';
import { startServerProcess, type ServerProcess } from '../http/server-process.ts';
import { assertDurableCommits, withFreshDatabase } from '../postgres.ts';
import { BENCH_TIME_HEADER } from '../regency/clock.ts';
import { fetchRequests, registerRegency } from '../regency/setup.ts';
import { generateRegency, offset, type Regency } from '../regency/world.ts';
import { formatNumber, type WorkloadReport } from '../runner.ts';
import type { CommandSettings } from '../settings.ts';
import { latencyPercentiles } from '../stats.ts';
import { check, publicSpec, type TrialCheck, type TrialResult, type TrialSpec } from '../trial.ts';
import type { WorkloadDefinition } from './workload.ts';

/*
 * CheckIn requests end to end over HTTP on loopback: body validation, JWT
 * verification, the decision (geofence, attendance day) and the append. The API
 * server runs in its own child process on a fresh database; autocannon runs in the
 * trial process. Each request checks in the next (employee, day) pair: request i
 * goes to employee i mod N on simulated day i div N, with the day's time in the
 * x-bench-time header the server takes as its clock. So every request is a first
 * check-in of its employee and day, inside the unit's geofence, and must be accepted.
 */

const SETUP_TIME = '2026-01-02T01:00:00.000Z';
/** First simulated day of check-ins. */
const FIRST_DAY = '2026-01-05';
const CHECK_IN_PATH = '/v1/commands/check-in';
/** The production default of FLEKSI_RATE_LIMIT_PER_MINUTE; each employee sends far fewer. */
const RATE_LIMIT_PER_MINUTE = 600;
/** Length of the profiled pass, in seconds, at most. */
const PROFILE_SECONDS = 10;

export const commandWorkload: WorkloadDefinition = {
  name: 'command',
  title: 'CheckIn over HTTP: validation, authentication, decision and append',
  description:
    'A server child process builds the API with buildApp as npm start does (pool of 20, rate limit 600 per minute and ' +
    'caller, pino at the configured level writing to /dev/null) on a fresh database, without the projection manager and ' +
    'schedulers. The tenant, one unit with a geofence and N employees are registered through the command API. autocannon ' +
    'in the benchmark process then sends POST /v1/commands/check-in with one token per employee; every request is the ' +
    'first check-in of its employee on its simulated day (server clock from a request header), WFO inside the geofence, ' +
    'so every one is accepted and appended. Latency runs from writing a request to the end of its response.',
  variants: (settings) => [
    {
      name: `rate-${settings.command.rate}`,
      description:
        `${settings.command.rate} requests per second offered over ${settings.command.rateConnections} connections (autocannon overallRate: ` +
        'each connection sends its share back to back from the start of every second)',
    },
    { name: 'saturation', description: `${settings.command.saturationConnections} connections, each sending its next request when the previous response arrives` },
  ],
  metrics: [
    { key: 'requestsPerSecond', label: 'accepted/s', decimals: 0 },
    { key: 'p50Ms', label: 'p50 ms', decimals: 1 },
    { key: 'p90Ms', label: 'p90 ms', decimals: 1 },
    { key: 'p99Ms', label: 'p99 ms', decimals: 1 },
    { key: 'maxMs', label: 'max ms', decimals: 0 },
    { key: 'non2xx', label: 'non-2xx', decimals: 0 },
  ],
  throughputMetric: 'requestsPerSecond',
  systems: ['fleksi'],
  describeSettings: (settings) => ({
    employees: settings.command.employees,
    'warm-up s': settings.command.warmupSeconds,
    'measured s': settings.command.durationSeconds,
    'server log level': settings.command.serverLogLevel,
    'p99 goal ms (fixed rate)': settings.command.p99GoalMs,
    'CPU profile': settings.command.cpuProfile,
  }),
  trialTimeoutMs: (settings) => (2 * (settings.command.warmupSeconds + settings.command.durationSeconds) + PROFILE_SECONDS) * 1000 + 600_000,
  runTrial: runCommandTrial,
  renderNotes: renderCommandNotes,
};

interface CheckInSource {
  /** Builds the next check-in request. */
  next(): { headers: Record<string, string>; body: string };
  /** Requests built so far, sent or not. */
  readonly built: number;
}

export async function runCommandTrial(spec: TrialSpec): Promise<TrialResult> {
  const settings = spec.settings.command;
  const saturation = spec.variant === 'saturation';
  if (!saturation && spec.variant !== `rate-${settings.rate}`) {
    throw new Error(`unknown command variant ${JSON.stringify(spec.variant)}; expected rate-${settings.rate} or saturation`);
  }
  const load = (durationSeconds: number): { connections: number; overallRate?: number; durationSeconds: number } =>
    saturation ? { connections: settings.saturationConnections, durationSeconds } : { connections: settings.rateConnections, overallRate: settings.rate, durationSeconds };

  return withFreshDatabase(spec.adminUrl, 'command', async (database) => {
    await assertDurableCommits(database.url);
    const secret = randomBytes(32).toString('base64url');
    const serverConfig = { databaseUrl: database.url, secret, logLevel: settings.serverLogLevel, rateLimitPerMinute: RATE_LIMIT_PER_MINUTE, fallbackTime: SETUP_TIME };
    const regency = generateRegency(settings.employees, 2026, 1);

    let server: ServerProcess | undefined = await startServerProcess(serverConfig);
    try {
      const setupStarted = performance.now();
      await registerRegency(fetchRequests(server.baseUrl), secret, regency, { time: SETUP_TIME });
      const setupSeconds = (performance.now() - setupStarted) / 1000;
      const source = await checkInSource(regency, secret);
      const target = { baseUrl: server.baseUrl, path: CHECK_IN_PATH, nextRequest: () => source.next() };

      const warmup = await runLoad({ ...target, ...load(settings.warmupSeconds) });
      const measured = await runLoad({ ...target, ...load(settings.durationSeconds) });
      await server.stop();
      server = undefined;

      const latency = latencyPercentiles(measured.latencies);
      const requestsPerSecond = measured.ok / measured.seconds;
      const profileWanted = !saturation && (settings.cpuProfile === 'always' || (settings.cpuProfile === 'on-failure' && latency.p99Ms >= settings.p99GoalMs));
      const profiled = profileWanted ? await profileServer(serverConfig, source, settings, load) : undefined;

      const passes = [warmup, measured, ...(profiled === undefined ? [] : [profiled.load])];
      const checks = await checkCommandTrial(database.url, passes, measured, source.built);
      return {
        spec: publicSpec(spec),
        metrics: {
          requestsPerSecond,
          p50Ms: latency.p50Ms,
          p90Ms: latency.p90Ms,
          p99Ms: latency.p99Ms,
          maxMs: latency.maxMs,
          non2xx: measured.non2xx,
          ...(saturation ? {} : { offeredRate: settings.rate, achievedShare: requestsPerSecond / settings.rate, p99GoalMet: latency.p99Ms < settings.p99GoalMs ? 1 : 0 }),
        },
        checks,
        details: {
          employees: settings.employees,
          connections: load(0).connections,
          setupSeconds,
          checkInsBuilt: source.built,
          simulatedDays: Math.ceil(source.built / settings.employees),
          warmup: describeLoad(warmup),
          measured: describeLoad(measured),
          ...(profiled === undefined ? {} : { profiledPass: describeLoad(profiled.load), cpuProfile: profiled.summary }),
        },
      };
    } finally {
      await server?.stop();
    }
  });
}

/** Signs one token per employee and hands out check-ins for consecutive (employee, day) pairs. */
async function checkInSource(regency: Regency, secret: string): Promise<CheckInSource> {
  const employees = regency.employees;
  const unit = regency.units[0];
  if (unit === undefined) {
    throw new Error('the regency has no unit');
  }
  const tokens = await Promise.all(
    employees.map((employee) => signDevelopmentToken(secret, { tenant: regency.tenantId, subject: employee.nip, roles: ['employee'], nip: employee.nip }, 24 * 3600)),
  );
  const bodies = employees.map((employee) =>
    JSON.stringify({
      mode: 'WFO',
      source: 'mobile',
      location: { ...offset(unit.office, (employee.index % 120) - 60, ((employee.index * 7) % 120) - 60), accuracyMeters: 10 + (employee.index % 20) },
      deviceId: `hp-${employee.index}`,
    }),
  );
  const dayStarts = new Map<number, number>();
  let built = 0;

  return {
    next: () => {
      const index = built;
      built += 1;
      const employee = index % employees.length;
      const day = Math.floor(index / employees.length);
      let dayStart = dayStarts.get(day);
      if (dayStart === undefined) {
        dayStart = Date.parse(`${addDays(FIRST_DAY, day)}T07:00:00+08:00`);
        dayStarts.set(day, dayStart);
      }
      // Employees arrive spread over the half hour from 07:00 local time.
      const time = new Date(dayStart + (employee % 1_800) * 1_000).toISOString();
      return { headers: { authorization: `Bearer ${tokens[employee] ?? ''}`, [BENCH_TIME_HEADER]: time }, body: bodies[employee] ?? '{}' };
    },
    get built() {
      return built;
    },
  };
}

/**
 * Runs the fixed-rate load once more against a server started under `node --cpu-prof`
 * on the same database, and summarises the samples taken during the load.
 */
async function profileServer(
  serverConfig: Parameters<typeof startServerProcess>[0],
  source: CheckInSource,
  settings: CommandSettings,
  load: (durationSeconds: number) => { connections: number; overallRate?: number; durationSeconds: number },
): Promise<{ load: LoadResult; summary: ProfileSummary }> {
  const directory = await mkdtemp(path.join(tmpdir(), 'fleksi-bench-profile-'));
  try {
    const server = await startServerProcess(serverConfig, { cpuProfileDir: directory });
    let result: LoadResult;
    let from: number;
    let to: number;
    try {
      const target = { baseUrl: server.baseUrl, path: CHECK_IN_PATH, nextRequest: () => source.next() };
      await runLoad({ ...target, ...load(Math.min(settings.warmupSeconds, 3)) });
      from = await server.mark('profile-start');
      result = await runLoad({ ...target, ...load(Math.min(settings.durationSeconds, PROFILE_SECONDS)) });
      to = await server.mark('profile-end');
    } finally {
      await server.stop();
    }
    return { load: result, summary: await summariseCpuProfile(directory, from, to) };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/**
 * Checks the responses against the stored events. A request still in flight when a
 * pass ends may be stored without its response being counted, so the stored
 * check-ins lie between the accepted responses and the requests sent.
 */
async function checkCommandTrial(url: string, passes: readonly LoadResult[], measured: LoadResult, sent: number): Promise<TrialCheck[]> {
  const accepted = passes.reduce((sum, pass) => sum + pass.ok, 0);
  const refused = passes.reduce((sum, pass) => sum + pass.non2xx, 0);
  const errors = passes.reduce((sum, pass) => sum + pass.errors, 0);
  const pool = createPool(url, { max: 1, applicationName: 'fleksi-bench-command' });
  try {
    await migrate(pool);
    const stored = await pool.query<{ checked_in: string; rejected: string }>(
      `SELECT count(*) FILTER (WHERE event_type = 'CheckedIn') AS checked_in, count(*) FILTER (WHERE event_type = 'AttendanceAttemptRejected') AS rejected FROM events`,
    );
    const row = stored.rows[0];
    const statuses = passes.map((pass) => JSON.stringify(pass.statusCounts)).join(', ');
    return [
      check('throughput above zero', measured.ok > 0, `${measured.ok} check-ins accepted in the measured window`),
      check('every request accepted', refused === 0, `${refused} responses were not 2xx; status counts per pass: ${statuses}`),
      check('no connection errors', errors === 0, `${errors} connection errors or timeouts`),
      check(
        'every accepted check-in stored',
        Number(row?.checked_in) >= accepted && Number(row?.checked_in) <= sent,
        `${accepted} accepted, ${sent} sent, ${String(row?.checked_in)} CheckedIn events stored`,
      ),
      check('no attempt rejected', Number(row?.rejected) === 0, `${String(row?.rejected)} AttendanceAttemptRejected events stored`),
    ];
  } finally {
    await pool.end();
  }
}

function describeLoad(result: LoadResult): Record<string, unknown> {
  return {
    seconds: result.seconds,
    requests: result.requests,
    accepted: result.ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCounts: result.statusCounts,
    latency: latencyPercentiles(result.latencies),
    autocannon: result.autocannon,
  };
}

function renderCommandNotes(report: WorkloadReport): string[] {
  const lines: string[] = [];
  const goal = report.trials.find((trial) => trial.metrics['p99GoalMet'] !== undefined);
  for (const row of report.rows) {
    const p99 = row.metrics['p99Ms']?.median;
    const share = row.metrics['achievedShare']?.median;
    const offered = row.metrics['offeredRate']?.median;
    if (p99 === undefined || share === undefined || offered === undefined || goal === undefined) {
      continue;
    }
    const limit = Number(report.settings['p99 goal ms (fixed rate)']);
    lines.push(
      `Goal: p99 of CheckIn below ${limit} ms at ${formatNumber(offered, 0)} requests per second. Median p99 ${formatNumber(p99, 1)} ms ` +
        `with ${formatNumber(share * 100, 1)}% of the offered rate accepted: the goal ${p99 < limit && share >= 0.98 ? 'holds' : 'FAILS'} on this machine.`,
    );
  }
  for (const trial of report.trials) {
    const summary = trial.details['cpuProfile'] as ProfileSummary | undefined;
    if (summary === undefined) {
      continue;
    }
    lines.push(
      '',
      `Server CPU profile, ${trial.spec.variant} repeat ${trial.spec.repeat + 1}: ${summary.samples} samples over ${formatNumber(summary.windowMs / 1000, 1)} s of load, ` +
        `main thread idle ${formatNumber(summary.idlePercent, 1)}%${summary.windowMatched ? '' : ' (no sample matched the load window; the whole profile is shown)'}. ` +
        'Self time as a share of the busy samples:',
      '',
      '| function | self ms | % |',
      '| --- | ---: | ---: |',
      ...summary.functions.slice(0, 15).map((hotspot) => `| \`${hotspot.name}\` | ${formatNumber(hotspot.selfMs, 0)} | ${formatNumber(hotspot.percent, 1)} |`),
      '',
      '| package | self ms | % |',
      '| --- | ---: | ---: |',
      ...summary.packages.slice(0, 12).map((hotspot) => `| ${hotspot.name} | ${formatNumber(hotspot.selfMs, 0)} | ${formatNumber(hotspot.percent, 1)} |`),
    );
  }
  return lines;
}
