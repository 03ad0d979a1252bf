import { appendFileSync } from 'node:fs';

import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createFleksiEventRegistry, ERROR_CATALOGUE } from '@fleksi/contracts';
import { PostgresEventStore } from '@fleksi/event-store';
import { ProjectionManager, workdaysProjection } from '@fleksi/read-models';
import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';

import { recordFigures } from '../src/figures.ts';
import { eventsAfter, lastGlobalPosition, type AppendedEvent } from '../src/event-log.ts';
import { exactly, instantArbitrary, localDateArbitrary, requestArbitrary, type FieldValues, type FuzzRequest } from '../src/fuzz.ts';
import { buildInProcessApp } from '../src/in-process-app.ts';
import { runSeed } from '../src/load-generator.ts';
import { discoverRoutes, type ApiRoute } from '../src/openapi.ts';
import { buildOrganisation, nearOffice, seedOrganisation } from '../src/organisation.ts';
import { signToken } from '../src/tokens.ts';
import { injectTransport, jsonOf, type HttpResponse, type Transport } from '../src/transport.ts';
import { witaDate } from '../src/workload.ts';

/** Generated requests per run; the brief for CI is at least 10,000. */
const RUNS = Number(process.env['RELIABILITY_FUZZ_RUNS'] ?? 10_500);
/** Maximum time for one request before the run fails with it, in milliseconds. */
const REQUEST_DEADLINE_MS = 15_000;
/** A problem document larger than this would suggest the input is echoed back. */
const MAX_PROBLEM_BYTES = 32 * 1024;

const seed = runSeed();
const spec = buildOrganisation({
  tenantId: 'kab-fuzz',
  tenantName: 'Kabupaten Uji Masukan',
  unitIds: ['setda', 'dinkes'],
  employeesPerUnit: 4,
  nipOffset: 400,
  officeBase: { latitude: -2.705_33, longitude: 118.944_01 },
});

let database: TestDatabase;
let manager: ProjectionManager;
let app: FastifyInstance;
let transport: Transport;
let routes: ApiRoute[];
let tokens: string[];
let fields: FieldValues;

beforeAll(async () => {
  database = await createTestDatabase();
  const store = new PostgresEventStore(database.pool, { registry: createFleksiEventRegistry() });
  manager = new ProjectionManager({ pool: database.pool, store, projections: [workdaysProjection], logger: pino({ level: 'silent' }), pollIntervalMs: 50 });
  await manager.start();
  app = await buildInProcessApp({ pool: database.pool });
  transport = injectTransport(app);
  await seedOrganisation(transport, spec);
  routes = await discoverRoutes(transport);

  const [supervisor, unitAdmin, employee] = spec.employees;
  if (supervisor === undefined || unitAdmin === undefined || employee === undefined) {
    throw new Error('the fuzz tenant needs at least three employees');
  }
  tokens = [
    await signToken({ tenant: spec.tenantId, roles: ['employee'], nip: employee.nip }),
    await signToken({ tenant: spec.tenantId, roles: ['employee', 'supervisor'], nip: supervisor.nip }),
    await signToken({ tenant: spec.tenantId, roles: ['employee', 'unit_admin'], nip: unitAdmin.nip, unit: unitAdmin.unitId }),
    await signToken({ tenant: spec.tenantId, roles: ['tenant_admin'] }),
    await signToken({ tenant: spec.tenantId, roles: ['system'] }),
    await signToken({ tenant: spec.tenantId, roles: ['auditor'], subject: 'inspektorat' }),
    await signToken({ tenant: 'kab-lain', roles: ['tenant_admin', 'system'] }),
  ];

  const office = spec.units[0]!.office;
  const nips = spec.employees.map((person) => person.nip);
  fields = {
    nip: fc.constantFrom(...nips),
    supervisorNip: fc.constantFrom(...nips),
    unitId: fc.constantFrom(...spec.units.map((unit) => unit.unitId), 'tidak-ada'),
    toUnitId: fc.constantFrom(...spec.units.map((unit) => unit.unitId)),
    tenantId: fc.constantFrom(spec.tenantId, 'kab-lain'),
    date: localDateArbitrary(),
    // Range ends only from the near set, never derived from the schema: see localDateArbitrary.
    from: exactly(localDateArbitrary()),
    to: exactly(localDateArbitrary()),
    startDate: exactly(localDateArbitrary()),
    endDate: exactly(localDateArbitrary()),
    baselineStart: exactly(localDateArbitrary()),
    baselineEnd: exactly(localDateArbitrary()),
    effectiveDate: localDateArbitrary(),
    effectiveFrom: localDateArbitrary(),
    month: fc.constantFrom('2026-11', '2026-12', '2026-13', '2026-1', '0000-00'),
    deviceTime: instantArbitrary(),
    checkInAt: instantArbitrary(),
    checkOutAt: instantArbitrary(),
    activityId: fc.constantFrom('kegiatan-1', 'kegiatan-2', 'kegiatan-3'),
    absenceId: fc.constantFrom('cuti-1', 'cuti-2'),
    scheduleId: fc.constantFrom('normal', 'ramadan-2026'),
    location: fc.oneof(
      fc.constant(nearOffice(office)),
      fc.constant(nearOffice(office, 5_000)),
      fc.record({ latitude: fc.double({ min: -200, max: 200, noNaN: true }), longitude: fc.double({ min: -400, max: 400, noNaN: true }), accuracyMeters: fc.double({ min: -10, max: 200_000, noNaN: true }) }),
    ),
    latitude: fc.oneof(fc.constant(office.latitude), fc.double({ min: -180, max: 180, noNaN: true })),
    longitude: fc.oneof(fc.constant(office.longitude), fc.double({ min: -360, max: 360, noNaN: true })),
    // Only positions a client can have, or malformed ones. A well-formed position beyond
    // the log makes the API wait 3 s and respond 503 READ_MODEL_NOT_CAUGHT_UP by design
    // (see RELIABILITY.md), which would stall the run.
    minPosition: exactly(fc.constantFrom('0-0', '1-1', 'latest', '-1-0', '1-', '99999999999999999999999-1', '1.5-2', '')),
    page: fc.constantFrom(1, 2, 0, -1, 100_001, 1.5),
    pageSize: fc.constantFrom(1, 500, 501, 0, 1e9),
    status: fc.constantFrom('hadir', 'terlambat', 'submitted', 'approved', 'tidak-ada'),
  };
});

afterAll(async () => {
  await app?.close();
  await manager?.stop();
  await database?.drop();
});

/** Lines that show a stack trace or a file path of the server. */
const INTERNALS = /\n\s+at |node_modules|\/work\/|\.ts:\d+/;

function describeExchange(request: FuzzRequest, response: HttpResponse): string {
  const body = request.body === undefined ? '' : ` body(${request.body.length}) ${JSON.stringify(request.body.slice(0, 200))}`;
  return `${request.method} ${request.url.slice(0, 300)} [${request.variant}] headers ${JSON.stringify(request.headers).slice(0, 300)}${body} -> ${response.status} ${response.text.slice(0, 400)}`;
}

/** Returns the rule a response breaks, or undefined when it breaks none. */
function violation(request: FuzzRequest, response: HttpResponse, appended: readonly AppendedEvent[]): string | undefined {
  if (response.status >= 500) {
    return 'a 5xx status';
  }
  if (response.status >= 400) {
    if (!(response.headers['content-type'] ?? '').includes('application/problem+json')) {
      return `a ${response.status} without application/problem+json`;
    }
    const problem = jsonOf(response) as { code?: unknown; status?: unknown } | undefined;
    const code = typeof problem?.code === 'string' ? problem.code : undefined;
    if (code === undefined || !(code in ERROR_CATALOGUE)) {
      return `code ${String(problem?.code)} is not in the catalogue`;
    }
    if (ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE].status !== response.status || problem?.status !== response.status) {
      return `code ${code} belongs to status ${ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE].status}`;
    }
    if (INTERNALS.test(response.text)) {
      return 'the problem document shows server internals';
    }
    if (response.text.length > MAX_PROBLEM_BYTES) {
      return `the problem document has ${response.text.length} bytes`;
    }
    const foreign = appended.filter((event) => event.type !== 'AttendanceAttemptRejected' || !event.streamId.startsWith('attempts-'));
    if (foreign.length > 0) {
      return `a rejected request appended ${foreign.map((event) => `${event.type} to ${event.streamId}`).join(', ')}`;
    }
  }
  return undefined;
}

describe('input fuzzing of every command and query route', () => {
  it('fuzzed requests get 2xx or 4xx problems', async () => {
    const commands = routes.filter((route) => route.kind === 'command');
    const queries = routes.filter((route) => route.kind === 'query');
    expect(commands.length).toBeGreaterThan(20);
    expect(queries.length).toBeGreaterThan(5);

    const perRoute = new Map<string, number>();
    const statuses = new Map<number, number>();
    const codes = new Map<string, number>();
    let requests = 0;
    let attemptEvents = 0;
    let acceptedWrites = 0;
    const startedAt = performance.now();
    let lastSeen = await lastGlobalPosition(database.pool);
    let serverMs = 0;

    // Six requests in ten go to command routes, four to query routes.
    const arbitrary = fc.oneof(
      { weight: 6, arbitrary: fc.oneof(...commands.map((route) => requestArbitrary(route, fields, tokens))) },
      { weight: 4, arbitrary: fc.oneof(...queries.map((route) => requestArbitrary(route, fields, tokens))) },
    );

    await fc.assert(
      fc.asyncProperty(arbitrary, async (request) => {
        // Requests run one at a time and only they append, so whatever follows the last
        // position seen was appended by this request.
        // RELIABILITY_FUZZ_TRACE names a file that gets every request before it is sent,
        // to find the one that stalls a run.
        if (process.env['RELIABILITY_FUZZ_TRACE'] !== undefined) {
          appendFileSync(process.env['RELIABILITY_FUZZ_TRACE'], `${requests} ${request.method} ${request.url.slice(0, 200)} [${request.variant}] ${JSON.stringify((request.body ?? '').slice(0, 200))} ${request.body?.length ?? 0}\n`);
        }
        const sentAt = performance.now();
        const response = await withDeadline(
          transport({ method: request.method, url: request.url, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }) }),
          REQUEST_DEADLINE_MS,
          () => `no response within ${REQUEST_DEADLINE_MS} ms: ${request.method} ${request.url.slice(0, 300)} [${request.variant}] body ${JSON.stringify((request.body ?? '').slice(0, 300))}`,
        );
        serverMs += performance.now() - sentAt;
        const appended = await eventsAfter(database.pool, lastSeen);
        lastSeen = appended.at(-1)?.globalPosition ?? lastSeen;

        requests += 1;
        const key = `${request.method} ${request.route.path}`;
        perRoute.set(key, (perRoute.get(key) ?? 0) + 1);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const code = (jsonOf(response) as { code?: unknown } | undefined)?.code;
        if (typeof code === 'string') {
          codes.set(code, (codes.get(code) ?? 0) + 1);
        }
        if (response.status >= 400) {
          attemptEvents += appended.length;
        } else if (appended.length > 0) {
          acceptedWrites += 1;
        }

        const reason = violation(request, response, appended);
        if (reason !== undefined) {
          throw new Error(`${reason}: ${describeExchange(request, response)}`);
        }
      }),
      { numRuns: RUNS, seed, endOnFailure: true },
    );

    const seconds = (performance.now() - startedAt) / 1000;
    const unexercised = routes.map((route) => `${route.method} ${route.path}`).filter((key) => (perRoute.get(key) ?? 0) < 20);
    expect(unexercised, 'routes that got fewer than 20 requests').toEqual([]);
    expect(requests).toBeGreaterThanOrEqual(RUNS);

    process.stdout.write(`[reliability] fuzz: ${requests} requests in ${seconds.toFixed(1)} s (${Math.round(requests / seconds)} per second), seed ${seed}\n`);
    await recordFigures('fuzz', {
      seed,
      requests,
      seconds: Math.round(seconds * 10) / 10,
      secondsInsideTheApi: Math.round(serverMs / 100) / 10,
      routes: routes.length,
      statuses: Object.fromEntries([...statuses.entries()].sort(([a], [b]) => a - b)),
      codes: Object.fromEntries([...codes.entries()].sort(([, a], [, b]) => b - a)),
      acceptedRequestsThatWrote: acceptedWrites,
      attemptEventsFromRejectedCheckIns: attemptEvents,
      fewestRequestsOnOneRoute: Math.min(...perRoute.values()),
    });
  }, 600_000);
});

describe('text the database cannot store', () => {
  // The contracts accept a NUL character in deviceId and in evidence links, but jsonb
  // cannot store one (SQLSTATE 22P05). The API responds 400 and stores nothing.
  it('NUL character gets 400, no event', async () => {
    const employee = spec.employees[2]!;
    const token = await signToken({ tenant: spec.tenantId, roles: ['employee'], nip: employee.nip });
    const before = await lastGlobalPosition(database.pool);
    const headers = { authorization: `Bearer ${token}` };

    const checkIn = await transport({ method: 'POST', url: '/v1/commands/check-in', headers, body: { mode: 'WFO', source: 'mobile', location: nearOffice(spec.units[0]!.office), deviceId: 'ponsel\u0000lama' } });
    const activity = await transport({
      method: 'POST',
      url: '/v1/commands/submit-activity',
      headers,
      body: { date: witaDate(new Date()), description: 'Rapat', outputQuantity: 1, outputUnit: 'notula', minutes: 30, evidenceLinks: ['https://contoh.go.id/bukti\u0000'] },
    });

    for (const response of [checkIn, activity]) {
      expect(response.status, response.text).toBe(400);
      expect(jsonOf(response)).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect(await eventsAfter(database.pool, before)).toEqual([]);
  });
});

async function withDeadline<T>(work: Promise<T>, timeoutMs: number, describeTimeout: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(describeTimeout())), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
