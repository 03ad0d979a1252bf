import { Writable } from 'node:stream';

import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createFleksiEventRegistry } from '@fleksi/contracts';
import { PostgresEventStore } from '@fleksi/event-store';
import { createPool, findFreePort } from '@fleksi/postgres';
import { ProjectionManager, workdaysProjection } from '@fleksi/read-models';
import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';

import { waitForReadModel } from '../src/event-log.ts';
import { recordFigures } from '../src/figures.ts';
import { buildInProcessApp } from '../src/in-process-app.ts';
import { buildOrganisation, nearOffice, seedOrganisation } from '../src/organisation.ts';
import { findPersonalData } from '../src/personal-data.ts';
import { badTokens, signToken } from '../src/tokens.ts';
import { injectTransport, type Transport } from '../src/transport.ts';
import { witaDate } from '../src/workload.ts';

const spec = buildOrganisation({
  tenantId: 'kab-pdp',
  tenantName: 'Kabupaten Uji Data Pribadi',
  unitIds: ['setda', 'dinkes'],
  employeesPerUnit: 4,
  nipOffset: 500,
  officeBase: { latitude: -2.683_47, longitude: 118.905_73 },
});
const today = witaDate(new Date());
const month = today.slice(0, 7);

const lines: string[] = [];
let logger: Logger;
let database: TestDatabase;
let manager: ProjectionManager;
let app: FastifyInstance;
let transport: Transport;
const tokens: string[] = [];
const coordinates: number[] = [];

beforeAll(async () => {
  // Debug level, below the default info, so what an operator could switch on is checked too.
  logger = pino({ level: 'debug' }, new Writable({ write: (chunk, _encoding, done) => { lines.push(String(chunk)); done(); } }));
  database = await createTestDatabase();
  const store = new PostgresEventStore(database.pool, { registry: createFleksiEventRegistry() });
  manager = new ProjectionManager({ pool: database.pool, store, projections: [workdaysProjection], logger, pollIntervalMs: 50 });
  await manager.start();
  app = await buildInProcessApp({ pool: database.pool, logger });
  transport = injectTransport(app);
  await seedOrganisation(transport, spec);
  for (const unit of spec.units) {
    coordinates.push(unit.office.latitude, unit.office.longitude);
  }
});

afterAll(async () => {
  await app?.close();
  await manager?.stop();
  await database?.drop();
});

async function token(claims: Parameters<typeof signToken>[0]): Promise<string> {
  const signed = await signToken(claims);
  tokens.push(signed);
  return signed;
}

describe("personal data in the operators' log", () => {
  it('log lines carry no personal data', async () => {
    const [supervisor, unitAdmin, employee, colleague] = spec.employees;
    if (supervisor === undefined || unitAdmin === undefined || employee === undefined || colleague === undefined) {
      throw new Error('the tenant needs four employees in its first unit');
    }
    const office = spec.units[0]!.office;
    const employeeToken = await token({ tenant: spec.tenantId, roles: ['employee'], nip: employee.nip });
    const colleagueToken = await token({ tenant: spec.tenantId, roles: ['employee'], nip: colleague.nip });
    const supervisorToken = await token({ tenant: spec.tenantId, roles: ['employee', 'supervisor'], nip: supervisor.nip });
    const unitAdminToken = await token({ tenant: spec.tenantId, roles: ['employee', 'unit_admin'], nip: unitAdmin.nip, unit: unitAdmin.unitId });
    const tenantAdminToken = await token({ tenant: spec.tenantId, roles: ['tenant_admin'] });
    const auditorToken = await token({ tenant: spec.tenantId, roles: ['auditor'], subject: 'inspektorat' });
    const broken = Object.values(await badTokens({ tenant: spec.tenantId, roles: ['tenant_admin'], nip: employee.nip }));
    tokens.push(...broken);
    const as = (bearer: string) => ({ authorization: `Bearer ${bearer}` });
    const post = (name: string, bearer: string, body: unknown) => transport({ method: 'POST', url: `/v1/commands/${name}`, headers: as(bearer), body });
    const get = (url: string, bearer: string) => transport({ method: 'GET', url, headers: as(bearer) });
    const inside = nearOffice(office, 40);
    const outside = nearOffice(office, 3_000);
    coordinates.push(inside.latitude, inside.longitude, outside.latitude, outside.longitude);

    // 1. A working day: check-ins with a location, one outside the geofence, a report and its review.
    expect((await post('check-in', employeeToken, { mode: 'WFO', source: 'mobile', location: inside })).status).toBe(201);
    expect((await post('check-in', colleagueToken, { mode: 'WFO', source: 'mobile', location: outside })).status).toBe(422);
    expect((await post('submit-activity', employeeToken, { activityId: 'kegiatan-1', date: today, description: 'Menyusun telaahan staf', outputQuantity: 1, outputUnit: 'dokumen', minutes: 90 })).status).toBe(201);
    expect((await post('review-activity', supervisorToken, { nip: employee.nip, date: today, activityId: 'kegiatan-1', decision: 'approved' })).status).toBe(201);
    expect((await post('record-absence', supervisorToken, { nip: colleague.nip, type: 'cuti_sakit', from: today, to: today, reference: 'SKD-9/2026' })).status).toBe(201);
    expect((await post('check-out', employeeToken, { mode: 'WFO', source: 'mobile', location: inside })).status).toBe(201);
    await waitForReadModel(database.pool, () => new PostgresEventStore(database.pool).headPosition(), 20_000);

    // 2. Reads that name people in the query string, and in the path of a route that does not exist.
    const reads = [
      get(`/v1/attendance/daily?date=${today}&nip=${employee.nip}`, tenantAdminToken),
      get(`/v1/attendance/monthly?month=${month}&nip=${employee.nip}&unitId=setda`, tenantAdminToken),
      get(`/v1/compliance/daily?date=${today}&nip=${colleague.nip}`, supervisorToken),
      get(`/v1/exports/monthly-recap.csv?month=${month}&nip=${employee.nip}`, tenantAdminToken),
      get(`/v1/activities?date=${today}&nip=${employee.nip}`, unitAdminToken),
      get(`/v1/audit/history?nip=${employee.nip}&from=${today}&to=${today}`, auditorToken),
      get(`/v1/employees/${employee.nip}`, tenantAdminToken),
      get('/v1/employees?unitId=setda', unitAdminToken),
    ];
    for (const response of await Promise.all(reads)) {
      expect(response.status).toBeLessThan(600);
    }

    // 3. Requests the API refuses: bad tokens, invalid bodies, dates out of range.
    for (const bearer of broken) {
      await post('check-in', bearer, { mode: 'WFO', source: 'mobile', location: inside });
    }
    await post('register-employee', tenantAdminToken, { nip: '12345', kind: 'PNS', name: 'Nama Yang Salah', unitId: 'setda' });
    await post('check-in', employeeToken, { mode: 'WFO', source: 'mobile', location: { latitude: 95.123456, longitude: 200.654321, accuracyMeters: 5 } });
    await post('check-in', employeeToken, { mode: 'WFO', source: 'mobile', location: inside, deviceTime: '0001-01-01T00:00:00Z' });

    // 4. The database out of reach, which the API logs as a warning with the error.
    const deadPool = createPool(`postgres://postgres@127.0.0.1:${await findFreePort()}/none`, { connectionTimeoutMs: 300 });
    const deadApp = await buildInProcessApp({ pool: deadPool, logger });
    try {
      const dead = injectTransport(deadApp);
      await dead({ method: 'GET', url: `/v1/attendance/daily?date=${today}&nip=${employee.nip}`, headers: as(tenantAdminToken) });
      await dead({ method: 'POST', url: '/v1/commands/check-in', headers: as(employeeToken), body: { mode: 'WFO', source: 'mobile', location: inside } });
      await dead({ method: 'GET', url: '/ready' });
    } finally {
      await deadApp.close();
      await deadPool.end();
    }

    // 5. A database without Fleksi's tables: the query fails, so the API returns 500 and logs an error.
    const bare = await createTestDatabase({ migrated: false, poolSize: 2 });
    const bareApp = await buildInProcessApp({ pool: bare.pool, logger });
    try {
      const bareTransport = injectTransport(bareApp);
      const failed = await bareTransport({ method: 'GET', url: `/v1/attendance/daily?date=${today}&nip=${employee.nip}`, headers: as(tenantAdminToken) });
      expect(failed.status).toBe(500);
      await bareTransport({ method: 'POST', url: '/v1/commands/check-in', headers: as(employeeToken), body: { mode: 'WFO', source: 'mobile', location: inside } });
    } finally {
      await bareApp.close();
      await bare.drop();
    }

    const findings = findPersonalData(lines, { names: [...spec.employees.map((person) => person.name), 'Nama Yang Salah'], coordinates: [...coordinates, 95.123456, 200.654321], tokens });

    expect(lines.length).toBeGreaterThan(60);
    expect(lines.some((line) => line.includes('nip=[redacted]')), 'the request log still shows which parameters were sent').toBe(true);
    expect(lines.some((line) => line.includes('"level":50')), 'the scenario reached an error log line').toBe(true);
    expect(lines.some((line) => line.includes('dependency unavailable')), 'the scenario reached the unavailable path').toBe(true);
    expect(findings).toEqual([]);

    const levels: Record<string, number> = {};
    for (const line of lines) {
      const level = /"level":(\d+)/.exec(line)?.[1] ?? 'other';
      levels[level] = (levels[level] ?? 0) + 1;
    }
    await recordFigures('personal-data', { logLines: lines.length, byLevel: levels, findings: findings.length });
  });
});
