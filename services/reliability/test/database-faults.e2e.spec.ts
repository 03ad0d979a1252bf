import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createPool, findFreePort, migrate } from '@fleksi/postgres';

import { ApiProcess } from '../src/api-process.ts';
import { DedicatedPostgres } from '../src/dedicated-postgres.ts';
import { eventsByIdempotencyKey, eventTypeCounts } from '../src/event-log.ts';
import { buildInProcessApp } from '../src/in-process-app.ts';
import { recordFigures } from '../src/figures.ts';
import { runLoad, runSeed, seededRandom, type AttemptRecord } from '../src/load-generator.ts';
import { buildOrganisation, nearOffice, seedOrganisation } from '../src/organisation.ts';
import { RELIABILITY_SECRET, signToken } from '../src/tokens.ts';
import { fetchTransport, injectTransport, jsonOf, NoResponseError, type HttpResponse } from '../src/transport.ts';
import { planAttendanceLoad } from '../src/workload.ts';

/** Maximum time any request may take while the database is down, in milliseconds. */
const RESPONSE_BOUND_MS = 10_000;
/** How long each outage lasts, in milliseconds. */
const OUTAGE_MS = 4_000;
/** How long the service may take to accept commands again after the database is back. */
const RECOVERY_BOUND_MS = 30_000;

const seed = runSeed();
const random = seededRandom(seed);
const spec = buildOrganisation({
  tenantId: 'kab-db-fault',
  tenantName: 'Kabupaten Uji Basis Data',
  unitIds: ['setda', 'dinkes'],
  employeesPerUnit: 4,
  nipOffset: 200,
  officeBase: { latitude: -2.583_11, longitude: 119.356_72 },
});

let postgres: DedicatedPostgres;
let databaseUrl: string;
let api: ApiProcess;

beforeAll(async () => {
  postgres = await DedicatedPostgres.start(pino({ level: 'warn' }));
  databaseUrl = await postgres.database('fleksi');
  api = new ApiProcess({ databaseUrl, port: await findFreePort(), jwtSecret: RELIABILITY_SECRET, environment: { FLEKSI_RATE_LIMIT_PER_MINUTE: '100000' } });
  api.start();
  await api.waitUntilHealthy();
  await seedOrganisation(fetchTransport(api.baseUrl, 10_000), spec);
});

afterAll(async () => {
  await api?.kill();
  await postgres?.destroy();
});

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

interface Outage {
  readonly kind: 'SIGKILL of every PostgreSQL process' | 'fast shutdown (SIGINT)';
  /** performance.now() once the database was down and before it started again. */
  readonly downFrom: number;
  readonly downUntil: number;
  /** performance.now() when the restarted database accepted connections. */
  readonly upAt: number;
  /** Milliseconds from the database being up to the first acknowledged command. */
  recoveryMs?: number;
}

interface ReadyProbe {
  readonly at: number;
  readonly status: number | 'no response';
  readonly durationMs: number;
  readonly contentType: string | undefined;
  readonly text: string;
}

/** A stack trace or a raw driver message in a response body. */
const LEAK_PATTERN = /\n\s+at |ECONNREFUSED|Connection terminated|node_modules|\.ts:\d+/;

describe('database faults under load', () => {
  it('outage gets 503, then recovers', async () => {
    const startedAt = performance.now();
    const load = await planAttendanceLoad(spec, { days: 3, activitiesPerDay: 2, now: new Date(), runId: `dbfault${seed}` });
    const commandCount = load.chains.reduce((sum, chain) => sum + chain.length, 0);
    const transport = fetchTransport(api.baseUrl, 15_000);

    // 1. Probe /ready all along, as a load balancer would.
    const probes: ReadyProbe[] = [];
    let loadFinished = false;
    let finished = false;
    const prober = (async () => {
      while (!finished) {
        const at = performance.now();
        try {
          const response: HttpResponse = await transport({ method: 'GET', url: '/ready' });
          probes.push({ at, status: response.status, durationMs: response.durationMs, contentType: response.headers['content-type'], text: response.text });
        } catch (error) {
          if (!(error instanceof NoResponseError)) {
            throw error;
          }
          probes.push({ at, status: 'no response', durationMs: error.durationMs, contentType: undefined, text: error.message });
        }
        await sleep(200);
      }
    })();

    // 2. Two outages while the load runs: an abrupt kill, then a fast shutdown.
    //    New requests wait at each threshold until the database is down. Without that,
    //    a fast load could finish while a slow stop was still running.
    let acknowledged = 0;
    let threshold = Number.POSITIVE_INFINITY;
    let faultInPlace: Promise<void> | undefined;
    let releaseLoad = () => {};
    const outages: Outage[] = [];
    const faults = (async () => {
      for (const kind of ['SIGKILL of every PostgreSQL process', 'fast shutdown (SIGINT)'] as const) {
        faultInPlace = new Promise((resolve) => {
          releaseLoad = resolve;
        });
        threshold = acknowledged + 8 + Math.floor(random() * 8);
        while (!loadFinished && acknowledged < threshold) {
          await sleep(5);
        }
        if (loadFinished) {
          return;
        }
        if (kind === 'SIGKILL of every PostgreSQL process') {
          await postgres.killAbruptly();
        } else {
          await postgres.stopFast();
        }
        threshold = Number.POSITIVE_INFINITY;
        releaseLoad();
        const downFrom = performance.now();
        await sleep(OUTAGE_MS);
        const downUntil = performance.now();
        await postgres.startAgain();
        const outage: Outage = { kind, downFrom, downUntil, upAt: performance.now() };
        outages.push(outage);
        const before = acknowledged;
        while (!loadFinished && acknowledged === before && performance.now() - outage.upAt < RECOVERY_BOUND_MS) {
          await sleep(5);
        }
        outage.recoveryMs = Math.round(performance.now() - outage.upAt);
      }
    })();

    const ledger = await runLoad({
      transport,
      chains: load.chains,
      workers: 4,
      random,
      retryDelayMs: [100, 300],
      deadlineMs: 90_000,
      shouldStop: () => !api.running,
      beforeAttempt: () => (acknowledged >= threshold ? faultInPlace : undefined),
      onAcknowledged: () => {
        acknowledged += 1;
      },
    });
    loadFinished = true;
    await faults;
    await sleep(500);
    finished = true;
    await prober;

    // 3. The API process lived through both outages.
    expect(api.running, `the API process exited:\n${api.logLines.slice(-15).join('\n')}`).toBe(true);
    expect(api.startCount).toBe(1);
    expect(ledger.rejected, 'commands that got a 4xx').toEqual([]);
    expect(ledger.abandoned).toEqual([]);
    expect(outages).toHaveLength(2);

    // 4. Every response came within the bound and none was a 500. Every one during an
    //    outage was a 503 problem document without internals.
    const during = (at: number) => outages.some((outage) => at >= outage.downFrom && at < outage.downUntil);
    const outageAttempts = ledger.attempts.filter((attempt) => during(attempt.startedAt));
    const slowest = Math.max(...ledger.attempts.map((attempt) => attempt.durationMs));
    const summarise = (attempt: AttemptRecord) => `${attempt.status} after ${Math.round(attempt.durationMs)} ms: ${attempt.text.slice(0, 300)}`;

    expect(ledger.attempts.filter((attempt) => attempt.status === 'no response').map(summarise), 'requests without a response').toEqual([]);
    expect(ledger.attempts.filter((attempt) => attempt.status === 500).map(summarise), 'requests that got 500').toEqual([]);
    expect(slowest).toBeLessThan(RESPONSE_BOUND_MS);
    expect(outageAttempts.length).toBeGreaterThan(10);
    for (const attempt of outageAttempts) {
      expect(attempt.status, summarise(attempt)).toBe(503);
      expect(attempt.contentType).toContain('application/problem+json');
      expect(attempt.code).toBe('SERVICE_UNAVAILABLE');
      expect(attempt.retryAfter).toMatch(/^\d+$/);
      expect(attempt.text).not.toMatch(LEAK_PATTERN);
    }

    // 5. /ready returned 503 while the database was down and 200 again afterwards.
    const outageProbes = probes.filter((probe) => during(probe.at));
    expect(outageProbes.length).toBeGreaterThan(4);
    for (const probe of outageProbes) {
      expect(probe.status, probe.text).toBe(503);
      expect(probe.contentType).toContain('application/problem+json');
      expect(probe.durationMs).toBeLessThan(RESPONSE_BOUND_MS);
      expect(probe.text).not.toMatch(LEAK_PATTERN);
    }
    expect(probes.at(-1)?.status).toBe(200);
    for (const outage of outages) {
      expect(outage.recoveryMs, `recovery after ${outage.kind}`).toBeLessThan(RECOVERY_BOUND_MS);
    }

    // 6. Nothing acknowledged was lost, and nothing was stored twice.
    expect(ledger.acknowledged.size).toBe(commandCount);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    try {
      const keyed = await eventsByIdempotencyKey(pool, spec.tenantId);
      const wrong = [...ledger.acknowledged.values()].filter((acknowledgement) => keyed.get(acknowledgement.key)?.count !== 1).map((acknowledgement) => acknowledgement.key);
      expect(wrong, 'acknowledged commands not stored exactly once').toEqual([]);
    } finally {
      await pool.end();
    }

    const codes = new Map<string, number>();
    for (const attempt of outageAttempts) {
      codes.set(`${attempt.status} ${attempt.code ?? ''}`.trim(), (codes.get(`${attempt.status} ${attempt.code ?? ''}`.trim()) ?? 0) + 1);
    }
    await recordFigures('database-faults', {
      seed,
      commands: commandCount,
      requests: ledger.attempts.length,
      requestsDuringOutages: outageAttempts.length,
      responsesDuringOutages: Object.fromEntries(codes),
      slowestResponseMs: Math.round(slowest),
      slowestResponseDuringOutagesMs: Math.round(Math.max(0, ...outageAttempts.map((attempt) => attempt.durationMs))),
      readyProbes: probes.length,
      readyProbesDuringOutages: outageProbes.length,
      outages: outages.map((outage) => ({ kind: outage.kind, downMs: Math.round(outage.downUntil - outage.downFrom), restartMs: Math.round(outage.upAt - outage.downUntil), recoveryMs: outage.recoveryMs })),
      acknowledged: ledger.acknowledged.size,
      seconds: Math.round((performance.now() - startedAt) / 100) / 10,
    });
  }, 180_000);
});

describe('database stalls', () => {
  const stallSpec = buildOrganisation({
    tenantId: 'kab-stall',
    tenantName: 'Kabupaten Uji Kunci',
    unitIds: ['setda'],
    employeesPerUnit: 3,
    nipOffset: 260,
    officeBase: { latitude: -2.611_52, longitude: 119.402_08 },
  });

  it('statement timeout behind lock gets 503', async () => {
    // A pool with a server-side statement timeout, as a DBA may set one, and a
    // transaction that holds every lock on the event log.
    const url = await postgres.database('fleksi_lock');
    const pool = createPool(url, { max: 5, statementTimeoutMs: 1_000 });
    await migrate(pool);
    const app = await buildInProcessApp({ pool });
    const transport = injectTransport(app);
    await seedOrganisation(transport, stallSpec);
    const employee = stallSpec.employees[2]!;
    const token = await signToken({ tenant: stallSpec.tenantId, roles: ['employee'], nip: employee.nip });
    const office = stallSpec.units[0]!.office;
    const checkIn = { method: 'POST' as const, url: '/v1/commands/check-in', headers: { authorization: `Bearer ${token}` }, body: { mode: 'WFO', source: 'mobile', location: nearOffice(office) } };
    const before = await eventTypeCounts(pool, stallSpec.tenantId);

    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');

      const blocked = await transport(checkIn);

      expect(blocked.status, blocked.text).toBe(503);
      expect(blocked.headers['content-type']).toContain('application/problem+json');
      expect(jsonOf(blocked)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(blocked.headers['retry-after']).toMatch(/^\d+$/);
      expect(blocked.durationMs).toBeLessThan(RESPONSE_BOUND_MS);
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
    }

    const after = await transport(checkIn);
    expect(after.status, after.text).toBe(201);
    expect((await eventTypeCounts(pool, stallSpec.tenantId))['CheckedIn'] ?? 0).toBe((before['CheckedIn'] ?? 0) + 1);
    await app.close();
    await pool.end();
  });

  // A connection that goes silent without a TCP reset (a frozen server, a cut network
  // path) is ended by the pool's query timeout, which the server sets from
  // FLEKSI_QUERY_TIMEOUT_MS, and the request gets a 503 instead of waiting it out.
  it('frozen connection gets 503 in time', async () => {
    const url = await postgres.database('fleksi_freeze');
    const queryTimeoutMs = 3_000;
    const pool = createPool(url, { max: 2, queryTimeoutMs });
    await migrate(pool);
    const app = await buildInProcessApp({ pool });
    const token = await signToken({ tenant: 'kab-freeze', roles: ['tenant_admin'] });
    // The pool now has one idle connection, and its server process id is known.
    const backend = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const freezeMs = RESPONSE_BOUND_MS + 2_000;

    process.kill(backend, 'SIGSTOP');
    const thaw = setTimeout(() => process.kill(backend, 'SIGCONT'), freezeMs);
    try {
      const response = await injectTransport(app)({ method: 'GET', url: '/v1/employees', headers: { authorization: `Bearer ${token}` } });

      expect(response.status).toBe(503);
      expect(jsonOf(response)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(response.durationMs).toBeGreaterThanOrEqual(queryTimeoutMs - 100);
      expect(response.durationMs).toBeLessThan(RESPONSE_BOUND_MS);
    } finally {
      clearTimeout(thaw);
      process.kill(backend, 'SIGCONT');
      await app.close();
      await pool.end();
    }
  }, 60_000);
});
