import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BODY_LIMIT_BYTES, IMPORT_BODY_LIMIT_BYTES } from '@fleksi/api';
import { createFleksiEventRegistry, type Role } from '@fleksi/contracts';
import { PostgresEventStore } from '@fleksi/event-store';
import { ProjectionManager, workdaysProjection } from '@fleksi/read-models';
import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';

import { eventsAfter, lastGlobalPosition, waitForReadModel } from '../src/event-log.ts';
import { recordFigures } from '../src/figures.ts';
import { exactly, type FieldValues } from '../src/fuzz.ts';
import { buildInProcessApp } from '../src/in-process-app.ts';
import { runSeed } from '../src/load-generator.ts';
import { discoverRoutes, type ApiRoute } from '../src/openapi.ts';
import { buildOrganisation, nearOffice, seedOrganisation, type OrganisationSpec } from '../src/organisation.ts';
import { badTokens, signToken } from '../src/tokens.ts';
import { injectTransport, jsonOf, type HttpResponse, type Transport } from '../src/transport.ts';
import { findValidRequest, send, type RouteRequest } from '../src/valid-requests.ts';
import { witaDate } from '../src/workload.ts';

const ROLES = ['employee', 'supervisor', 'unit_admin', 'tenant_admin', 'auditor', 'evaluator', 'system'] as const satisfies readonly Role[];
type TableRole = (typeof ROLES)[number];

const READERS: readonly TableRole[] = ROLES;
const ADMINS: readonly TableRole[] = ['unit_admin', 'tenant_admin'];

/**
 * Which single role may use each route. A role not listed must get 403 FORBIDDEN_ROLE.
 * A listed role may still be stopped by scope (403 FORBIDDEN_SCOPE) or by the data, but
 * never by its role. Every route the API serves needs a row here, and a row without a
 * route fails the test too, so the table stays the access policy of record.
 *
 * Reads: the system role reads the whole tenant, like tenant admins, auditors and
 * evaluators (readScopeOf in projections/read-models).
 */
const ROLE_TABLE: Readonly<Record<string, readonly TableRole[]>> = {
  'POST /v1/commands/check-in': ['employee', 'system'],
  'POST /v1/commands/check-out': ['employee', 'system'],
  'POST /v1/commands/correct-attendance': ADMINS,
  'POST /v1/commands/record-absence': ['supervisor', ...ADMINS],
  'POST /v1/commands/cancel-absence': ['supervisor', ...ADMINS],
  'POST /v1/commands/submit-activity': ['employee'],
  'POST /v1/commands/revise-activity': ['employee'],
  'POST /v1/commands/withdraw-activity': ['employee'],
  'POST /v1/commands/review-activity': ['supervisor'],
  'POST /v1/commands/assign-wfa-day': ADMINS,
  'POST /v1/commands/assign-wfa-days': ADMINS,
  'POST /v1/commands/revoke-wfa-day': ADMINS,
  'POST /v1/commands/close-workday': ['system', 'tenant_admin'],
  'POST /v1/commands/register-tenant': ['system'],
  'POST /v1/commands/change-tenant-settings': ['tenant_admin'],
  'POST /v1/commands/define-work-schedule': ['tenant_admin'],
  'POST /v1/commands/remove-work-schedule': ['tenant_admin'],
  'POST /v1/commands/declare-calendar-day': ['tenant_admin'],
  'POST /v1/commands/remove-calendar-day': ['tenant_admin'],
  'POST /v1/commands/define-trial': ['tenant_admin'],
  'POST /v1/commands/register-unit': ['tenant_admin'],
  'POST /v1/commands/change-unit-geofences': ADMINS,
  'POST /v1/commands/define-shift': ADMINS,
  'POST /v1/commands/remove-shift': ADMINS,
  'POST /v1/commands/publish-roster': ADMINS,
  'POST /v1/commands/clear-roster': ADMINS,
  'POST /v1/commands/register-employee': ADMINS,
  'POST /v1/commands/transfer-employee': ADMINS,
  'POST /v1/commands/change-employee-domicile': ADMINS,
  // Each row is its own registration, so a rejected role gets 200 with every row FORBIDDEN_ROLE.
  'POST /v1/commands/import-employees': ADMINS,
  'GET /v1/attendance/daily': READERS,
  'GET /v1/attendance/monthly': READERS,
  'GET /v1/attendance/monthly/units': READERS,
  'GET /v1/compliance/daily': READERS,
  'GET /v1/compliance/units': READERS,
  'GET /v1/activities': READERS,
  'GET /v1/employees': READERS,
  'GET /v1/exports/monthly-recap.{format}': READERS,
  'GET /v1/exports/daily-compliance.{format}': READERS,
  'GET /v1/audit/history': ['auditor', 'tenant_admin'],
  'GET /v1/audit/history.{format}': ['auditor', 'tenant_admin'],
  'GET /v1/audit/as-of': ['auditor', 'tenant_admin'],
  'GET /v1/audit/verify': ['auditor', 'tenant_admin'],
  'GET /v1/audit/checkpoints': ['auditor', 'tenant_admin'],
  'GET /v1/trials': ['evaluator', 'tenant_admin', 'auditor'],
  'GET /v1/trials/{trialId}/evaluation': ['evaluator', 'tenant_admin'],
  'GET /v1/trials/{trialId}/evaluation.{format}': ['evaluator', 'tenant_admin'],
  'GET /v1/trials/{trialId}/report': ['evaluator', 'tenant_admin'],
  'GET /v1/system/projections': ['tenant_admin'],
};

/** Headers helmet sets, which every response must carry. */
const SECURITY_HEADERS: Readonly<Record<string, RegExp>> = {
  'x-content-type-options': /^nosniff$/,
  'x-frame-options': /^(SAMEORIGIN|DENY)$/,
  'strict-transport-security': /max-age=\d+/,
  'referrer-policy': /no-referrer/,
  'cross-origin-opener-policy': /same-origin/,
  'x-dns-prefetch-control': /^off$/,
};

const seed = runSeed();
const today = witaDate(new Date());
const victim = buildOrganisation({
  tenantId: 'kab-a',
  tenantName: 'Kabupaten Korban',
  unitIds: ['setda', 'dinkes'],
  employeesPerUnit: 4,
  nipOffset: 700,
  officeBase: { latitude: -2.691_17, longitude: 118.866_93 },
});
const foreign = buildOrganisation({
  tenantId: 'kab-b',
  tenantName: 'Kabupaten Asing',
  unitIds: ['bappeda', 'dishub'],
  employeesPerUnit: 3,
  nipOffset: 800,
  officeBase: { latitude: -3.011_42, longitude: 119.201_55 },
});
const person = (spec: OrganisationSpec, index: number) => {
  const found = spec.employees[index];
  if (found === undefined) {
    throw new Error(`${spec.tenantId} has no employee ${index}`);
  }
  return found;
};
const victimSupervisor = person(victim, 0);
const victimUnitAdmin = person(victim, 1);
const victimEmployee = person(victim, 2);
const victimColleague = person(victim, 3);

let database: TestDatabase;
let manager: ProjectionManager;
let app: FastifyInstance;
let transport: Transport;
let routes: ApiRoute[];
const validRequests = new Map<string, RouteRequest>();
const keyOf = (route: ApiRoute) => `${route.method} ${route.path}`;

/** Field values that point at tenant A's records, so requests reach its data. */
function victimFields(): FieldValues {
  const text = (value: string) => exactly(fc.constant(value));
  return {
    nip: exactly(fc.constantFrom(victimEmployee.nip, victimColleague.nip)),
    supervisorNip: exactly(fc.constant(victimSupervisor.nip)),
    unitId: exactly(fc.constant(victimEmployee.unitId)),
    toUnitId: exactly(fc.constant('dinkes')),
    tenantId: exactly(fc.constant(victim.tenantId)),
    participatingUnits: exactly(fc.constant(['setda'])),
    comparisonUnits: exactly(fc.constant(['dinkes'])),
    date: exactly(fc.constant(today)),
    dates: exactly(fc.constant([today])),
    from: exactly(fc.constant(today)),
    to: exactly(fc.constant(today)),
    effectiveDate: exactly(fc.constant(today)),
    effectiveFrom: exactly(fc.constant(today)),
    effectiveTo: exactly(fc.constant(null)),
    baselineStart: exactly(fc.constant('2026-09-01')),
    baselineEnd: exactly(fc.constant('2026-09-30')),
    startDate: exactly(fc.constant('2026-10-01')),
    endDate: exactly(fc.constant('2026-12-31')),
    month: exactly(fc.constant(today.slice(0, 7))),
    activityId: exactly(fc.constant('kegiatan-a-1')),
    absenceId: exactly(fc.constant('cuti-a-1')),
    trialId: exactly(fc.constant('uji-wfa')),
    scheduleId: exactly(fc.constant('normal')),
    shiftId: exactly(fc.constant('pagi')),
    timeZone: text('Asia/Makassar'),
    name: text('Nama Uji'),
    description: text('Menyusun laporan'),
    reason: text('Koreksi karena gangguan jaringan'),
    reference: text('SK-01/2026'),
    note: text('Catatan uji'),
    outputUnit: text('dokumen'),
    address: text('Jalan Uji 1'),
    skpReference: exactly(fc.constant(null)),
    evidenceLinks: exactly(fc.constant([])),
    deviceTime: exactly(fc.constant(null)),
    deviceId: text('perangkat-1'),
    location: exactly(fc.constant(nearOffice(victim.units[0]!.office))),
    mode: exactly(fc.constant('WFO')),
    source: exactly(fc.constant('mobile')),
    minPosition: exactly(fc.constant('0-0')),
    format: exactly(fc.constantFrom('csv', 'xlsx', 'jsonl')),
    at: exactly(fc.constant(new Date().toISOString())),
    asOf: exactly(fc.constant(new Date().toISOString())),
  };
}

const victimCsv = `nip,kind,name,unitId\n${victimEmployee.nip},PNS,Nama Uji,setda\n`;

beforeAll(async () => {
  database = await createTestDatabase();
  const store = new PostgresEventStore(database.pool, { registry: createFleksiEventRegistry() });
  manager = new ProjectionManager({ pool: database.pool, store, projections: [workdaysProjection], logger: pino({ level: 'silent' }), pollIntervalMs: 50 });
  await manager.start();
  app = await buildInProcessApp({ pool: database.pool });
  transport = injectTransport(app);
  await seedOrganisation(transport, victim);
  await seedOrganisation(transport, foreign);

  // Records of tenant A that tenant B must not reach.
  const employeeToken = await signToken({ tenant: victim.tenantId, roles: ['employee'], nip: victimEmployee.nip });
  const supervisorToken = await signToken({ tenant: victim.tenantId, roles: ['employee', 'supervisor'], nip: victimSupervisor.nip });
  const post = (name: string, token: string, body: unknown) => transport({ method: 'POST', url: `/v1/commands/${name}`, headers: { authorization: `Bearer ${token}` }, body });
  const setup = [
    await post('check-in', employeeToken, { mode: 'WFO', source: 'mobile', location: nearOffice(victim.units[0]!.office) }),
    await post('submit-activity', employeeToken, { activityId: 'kegiatan-a-1', date: today, description: 'Rapat koordinasi', outputQuantity: 1, outputUnit: 'notula', minutes: 60 }),
    await post('record-absence', supervisorToken, { absenceId: 'cuti-a-1', nip: victimColleague.nip, type: 'izin', from: today, to: today, reference: 'SK-A-1' }),
  ];
  for (const response of setup) {
    if (response.status !== 201) {
      throw new Error(`setting up tenant A failed with ${response.status}: ${response.text}`);
    }
  }
  await waitForReadModel(database.pool, () => store.headPosition(), 20_000);

  routes = await discoverRoutes(transport);
  const probeToken = await signToken({ tenant: 'tidak-ada', roles: ['evaluator'], subject: 'probe' });
  const fields = victimFields();
  for (const route of routes) {
    const found = await findValidRequest({ transport, route, fields, csv: victimCsv, probeToken, seed });
    if (found !== undefined) {
      validRequests.set(keyOf(route), found);
    }
  }
});

afterAll(async () => {
  await app?.close();
  await manager?.stop();
  await database?.drop();
});

function codeOf(response: HttpResponse): unknown {
  return (jsonOf(response) as { code?: unknown } | undefined)?.code;
}

function missingSecurityHeaders(response: HttpResponse): string[] {
  return Object.entries(SECURITY_HEADERS)
    .filter(([name, pattern]) => !pattern.test(response.headers[name] ?? ''))
    .map(([name]) => name);
}

/** Returns whether the role was rejected: 403 FORBIDDEN_ROLE, or an import with every row rejected for the role. */
function rejectedForRole(response: HttpResponse): boolean {
  if (response.status === 403 && codeOf(response) === 'FORBIDDEN_ROLE') {
    return true;
  }
  const report = jsonOf(response) as { rows?: Array<{ code?: string }>; registered?: number } | undefined;
  return response.status === 200 && report?.registered === 0 && (report.rows?.length ?? 0) > 0 && (report.rows ?? []).every((row) => row.code === 'FORBIDDEN_ROLE');
}

async function roleToken(tenant: OrganisationSpec, role: TableRole, nipOf: { employee: string; supervisor: string }, unitId: string): Promise<string> {
  switch (role) {
    case 'employee':
      return signToken({ tenant: tenant.tenantId, roles: ['employee'], nip: nipOf.employee });
    case 'supervisor':
      return signToken({ tenant: tenant.tenantId, roles: ['supervisor'], nip: nipOf.supervisor });
    case 'unit_admin':
      return signToken({ tenant: tenant.tenantId, roles: ['unit_admin'], unit: unitId, subject: `admin-${unitId}` });
    default:
      return signToken({ tenant: tenant.tenantId, roles: [role], subject: `${role}-${tenant.tenantId}` });
  }
}

describe('access control on every route', () => {
  it('valid request for every route', () => {
    const missing = routes.map(keyOf).filter((key) => !validRequests.has(key));

    expect(routes.length).toBeGreaterThan(30);
    expect(missing, 'routes without a valid request; add values for their fields in victimFields').toEqual([]);
  });

  it('tenant B tokens cannot reach A', async () => {
    const foreignTokens: Record<string, string> = {};
    for (const role of ROLES) {
      foreignTokens[role] = await roleToken(foreign, role, { employee: person(foreign, 2).nip, supervisor: person(foreign, 0).nip }, 'bappeda');
    }
    // Tenant B tokens that carry tenant A's identifiers in their claims.
    foreignTokens['employee with an A NIP'] = await signToken({ tenant: foreign.tenantId, roles: ['employee', 'supervisor'], nip: victimEmployee.nip });
    foreignTokens['unit admin of an A unit'] = await signToken({ tenant: foreign.tenantId, roles: ['unit_admin'], unit: 'setda', subject: 'admin-setda-b' });

    const victimStreams = async () =>
      (await database.pool.query<{ stream_id: string; version: string }>('SELECT stream_id, version::text FROM event_streams WHERE tenant_id = $1 ORDER BY stream_id', [victim.tenantId])).rows;
    const streamsBefore = await victimStreams();
    const positionBefore = await lastGlobalPosition(database.pool);
    const victimNames = [...victim.employees.map((employee) => employee.name), victim.tenantName, ...victim.units.map((unit) => unit.name)];
    const victimNips = victim.employees.map((employee) => employee.nip);
    const leaks: string[] = [];
    const serverErrors: string[] = [];
    let requests = 0;

    // Reads first: tenant B's allowed commands create B records with the identifiers the
    // requests name (a unit "setda", an employee with an A NIP), which a later read of
    // B's own data would rightly show.
    const readsFirst = [...routes.filter((route) => route.method === 'GET'), ...routes.filter((route) => route.method !== 'GET')];
    for (const route of readsFirst) {
      const request = validRequests.get(keyOf(route));
      if (request === undefined) {
        continue;
      }
      for (const [label, token] of Object.entries(foreignTokens)) {
        const response = await send(transport, request, { authorization: `Bearer ${token}` });
        requests += 1;
        const where = `${keyOf(route)} as B ${label} -> ${response.status}`;
        if (response.status >= 500) {
          serverErrors.push(`${where}: ${response.text.slice(0, 200)}`);
        }
        const requested = `${request.url} ${request.body ?? ''}`;
        for (const name of victimNames) {
          if (response.text.includes(name)) {
            leaks.push(`${where} shows the name ${name}`);
          }
        }
        for (const nip of victimNips) {
          if (response.text.includes(nip) && !requested.includes(nip) && !label.includes('A NIP')) {
            leaks.push(`${where} shows NIP ${nip}, which the request did not name`);
          }
        }
      }
    }

    const appended = await eventsAfter(database.pool, positionBefore);
    expect(serverErrors).toEqual([]);
    expect(leaks).toEqual([]);
    expect(appended.filter((event) => event.tenantId === victim.tenantId || event.streamId.includes(victim.tenantId))).toEqual([]);
    expect(await victimStreams()).toEqual(streamsBefore);
    const writtenByType: Record<string, number> = {};
    for (const event of appended) {
      writtenByType[event.type] = (writtenByType[event.type] ?? 0) + 1;
    }
    await recordFigures('access-tenants', { seed, routes: routes.length, foreignTokens: Object.keys(foreignTokens).length, requests, eventsWrittenInTenantB: writtenByType });
  });

  it('roles follow the role table', async () => {
    const tableKeys = Object.keys(ROLE_TABLE);
    const routeKeys = routes.map(keyOf);
    expect(routeKeys.filter((key) => !tableKeys.includes(key)), 'routes without a row in ROLE_TABLE').toEqual([]);
    expect(tableKeys.filter((key) => !routeKeys.includes(key)), 'ROLE_TABLE rows of routes the API no longer serves').toEqual([]);

    const mismatches: string[] = [];
    const serverErrors: string[] = [];
    const writesWhenRejected: string[] = [];
    const headerProblems: string[] = [];
    let allowed = 0;
    let rejected = 0;

    for (const route of routes) {
      const request = validRequests.get(keyOf(route));
      if (request === undefined) {
        continue;
      }
      for (const role of ROLES) {
        const token = await roleToken(victim, role, { employee: victimEmployee.nip, supervisor: victimSupervisor.nip }, victimEmployee.unitId);
        const before = await lastGlobalPosition(database.pool);
        const response = await send(transport, request, { authorization: `Bearer ${token}` });
        const wasRejected = rejectedForRole(response);
        const expectAllowed = ROLE_TABLE[keyOf(route)]?.includes(role) ?? false;
        const where = `${keyOf(route)} as ${role} -> ${response.status} ${String(codeOf(response) ?? '')}`;

        if (response.status >= 500) {
          serverErrors.push(`${where}: ${response.text.slice(0, 200)}`);
        }
        if (wasRejected === expectAllowed) {
          mismatches.push(`${where}: expected ${expectAllowed ? 'allowed' : 'rejected for the role'}`);
        }
        if (wasRejected) {
          rejected += 1;
          const written = await eventsAfter(database.pool, before);
          if (written.length > 0) {
            writesWhenRejected.push(`${where} wrote ${written.map((event) => event.type).join(', ')}`);
          }
        } else {
          allowed += 1;
        }
        const missing = missingSecurityHeaders(response);
        if (missing.length > 0) {
          headerProblems.push(`${where} lacks ${missing.join(', ')}`);
        }
      }
    }

    expect(mismatches).toEqual([]);
    expect(serverErrors).toEqual([]);
    expect(writesWhenRejected).toEqual([]);
    expect(headerProblems).toEqual([]);
    await recordFigures('access-roles', { routes: routes.length, roles: ROLES.length, allowed, rejected });
  });

  it('broken tokens get 401 everywhere', async () => {
    const broken = await badTokens({ tenant: victim.tenantId, roles: ['tenant_admin', 'system', 'employee', 'supervisor', 'auditor'], nip: victimSupervisor.nip });
    const variants: Record<string, Record<string, string>> = {
      'no Authorization header': {},
      'empty bearer': { authorization: 'Bearer ' },
      'not a bearer token': { authorization: 'Basic dXNlcjpwYXNz' },
      ...Object.fromEntries(Object.entries(broken).map(([name, token]) => [name, { authorization: `Bearer ${token}` }])),
    };
    const positionBefore = await lastGlobalPosition(database.pool);
    const failures: string[] = [];
    let requests = 0;

    for (const route of routes) {
      const request = validRequests.get(keyOf(route));
      if (request === undefined) {
        continue;
      }
      for (const [name, headers] of Object.entries(variants)) {
        const response = await send(transport, request, headers);
        requests += 1;
        const expected = name === 'no Authorization header' ? 'AUTH_TOKEN_MISSING' : 'AUTH_TOKEN_INVALID';
        if (response.status !== 401 || codeOf(response) !== expected || !(response.headers['content-type'] ?? '').includes('application/problem+json')) {
          failures.push(`${keyOf(route)} with ${name} -> ${response.status} ${String(codeOf(response))}, expected 401 ${expected}`);
        }
        const missing = missingSecurityHeaders(response);
        if (missing.length > 0) {
          failures.push(`${keyOf(route)} with ${name} lacks ${missing.join(', ')}`);
        }
      }
    }

    expect(failures).toEqual([]);
    expect(await eventsAfter(database.pool, positionBefore)).toEqual([]);
    await recordFigures('access-tokens', { routes: routes.length, tokenVariants: Object.keys(variants), requests });
  });

  it('command routes rate limited with 429', async () => {
    const limit = 5;
    const limitedApp = await buildInProcessApp({ pool: database.pool, rateLimitPerMinute: limit });
    const limited = injectTransport(limitedApp);
    const failures: string[] = [];
    const positionBefore = await lastGlobalPosition(database.pool);
    let commandRoutes = 0;

    try {
      for (const route of routes.filter((candidate) => candidate.kind === 'command')) {
        const request = validRequests.get(keyOf(route));
        if (request === undefined) {
          continue;
        }
        commandRoutes += 1;
        // The limit is per caller: a token of its own per route, with no right to write.
        const token = await signToken({ tenant: 'tidak-ada', roles: ['evaluator'], subject: `rate-${route.path}` });
        for (let attempt = 1; attempt <= limit; attempt += 1) {
          const response = await send(limited, request, { authorization: `Bearer ${token}` });
          if (response.status === 429) {
            failures.push(`${keyOf(route)}: request ${attempt} of ${limit} already got 429`);
          }
        }
        const over = await send(limited, request, { authorization: `Bearer ${token}` });
        const retryAfter = Number(over.headers['retry-after']);
        if (over.status !== 429 || codeOf(over) !== 'RATE_LIMITED' || !(over.headers['content-type'] ?? '').includes('application/problem+json')) {
          failures.push(`${keyOf(route)}: request ${limit + 1} got ${over.status} ${String(codeOf(over))}, expected 429 RATE_LIMITED`);
        }
        if (!Number.isInteger(retryAfter) || retryAfter < 1 || retryAfter > 60) {
          failures.push(`${keyOf(route)}: Retry-After is ${String(over.headers['retry-after'])}`);
        }
        const missing = missingSecurityHeaders(over);
        if (missing.length > 0) {
          failures.push(`${keyOf(route)}: the 429 lacks ${missing.join(', ')}`);
        }
      }
    } finally {
      await limitedApp.close();
    }

    expect(failures).toEqual([]);
    expect(await eventsAfter(database.pool, positionBefore)).toEqual([]);
    await recordFigures('access-rate-limit', { limitPerMinute: limit, commandRoutes });
  });

  it('oversized body gets 413 everywhere', async () => {
    const failures: string[] = [];
    const positionBefore = await lastGlobalPosition(database.pool);
    const token = await signToken({ tenant: victim.tenantId, roles: ['tenant_admin'] });
    // The CSV roster import has a larger limit of its own.
    const oversizedFor = (path: string): string =>
      JSON.stringify({ description: 'x'.repeat((path.endsWith('/import-employees') ? IMPORT_BODY_LIMIT_BYTES : BODY_LIMIT_BYTES) + 1) });

    for (const route of routes.filter((candidate) => candidate.kind === 'command')) {
      const response = await transport({
        method: 'POST',
        url: route.path,
        headers: { authorization: `Bearer ${token}`, 'content-type': route.consumes },
        body: oversizedFor(route.path),
      });
      if (response.status !== 413 || codeOf(response) !== 'BODY_TOO_LARGE' || !(response.headers['content-type'] ?? '').includes('application/problem+json')) {
        failures.push(`${keyOf(route)} -> ${response.status} ${String(codeOf(response))}`);
      }
    }

    expect(failures).toEqual([]);
    expect(await eventsAfter(database.pool, positionBefore)).toEqual([]);
  });

  it('security headers on every response kind', async () => {
    const responses = [
      await transport({ method: 'GET', url: '/health' }),
      await transport({ method: 'GET', url: '/tidak-ada' }),
      await transport({ method: 'POST', url: '/v1/commands/check-in', headers: { 'content-type': 'application/json' }, body: '{' }),
    ];

    for (const response of responses) {
      expect(missingSecurityHeaders(response)).toEqual([]);
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });
});
