import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { findFreePort } from '@fleksi/postgres';
import { createGeneration, workdaysProjection } from '@fleksi/read-models';
import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';

import { ApiProcess } from '../src/api-process.ts';
import { eventTypeCounts } from '../src/event-log.ts';
import { buildInProcessApp } from '../src/in-process-app.ts';
import { buildOrganisation, nearOffice, seedOrganisation, type OrganisationSpec } from '../src/organisation.ts';
import { RELIABILITY_SECRET, signToken } from '../src/tokens.ts';
import { fetchTransport, injectTransport, jsonOf, NoResponseError, type Transport } from '../src/transport.ts';
import { witaDate } from '../src/workload.ts';

/*
 * Defects this package found in code outside services/api, each pinned to the exact
 * faulty response it gives today. A comment above each test says what the response
 * should be. When the owner fixes a defect its test fails, and the test should then
 * expect that response.
 */

const spec = buildOrganisation({
  tenantId: 'kab-cacat',
  tenantName: 'Kabupaten Uji Cacat',
  unitIds: ['setda'],
  employeesPerUnit: 4,
  nipOffset: 600,
  officeBase: { latitude: -2.655_21, longitude: 118.872_44 },
});
const employee = spec.employees[2] as OrganisationSpec['employees'][number];
const today = witaDate(new Date());

describe('defects in the attendance service', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let transport: Transport;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createGeneration(database.pool, workdaysProjection);
    app = await buildInProcessApp({ pool: database.pool });
    transport = injectTransport(app);
    await seedOrganisation(transport, spec);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  // Should be 422 OFFLINE_WINDOW_EXCEEDED and 422 DEVICE_TIME_IN_FUTURE, each with an
  // AttendanceAttemptRejected event. recordPresence (services/domain) dates the attempt
  // record from the rejected device time. Year 0001, or year 10000 in Asia/Makassar,
  // fails the event's date schema, so the request fails and nothing is recorded.
  it('far device time gets 500', async () => {
    const token = await signToken({ tenant: spec.tenantId, roles: ['employee'], nip: employee.nip });
    const body = { mode: 'WFO', source: 'mobile', location: nearOffice(spec.units[0]!.office) };

    const ancient = await transport({ method: 'POST', url: '/v1/commands/check-in', headers: { authorization: `Bearer ${token}` }, body: { ...body, deviceTime: '0001-01-01T00:00:00Z' } });
    const distant = await transport({ method: 'POST', url: '/v1/commands/check-in', headers: { authorization: `Bearer ${token}` }, body: { ...body, deviceTime: '9999-12-31T23:59:59Z' } });
    const plainlyOld = await transport({ method: 'POST', url: '/v1/commands/check-in', headers: { authorization: `Bearer ${token}` }, body: { ...body, deviceTime: '1970-01-01T00:00:00Z' } });

    expect(ancient.status).toBe(500);
    expect(distant.status).toBe(500);
    expect(plainlyOld.status).toBe(422);
    expect(jsonOf(plainlyOld)).toMatchObject({ code: 'OFFLINE_WINDOW_EXCEEDED' });
    expect((await eventTypeCounts(database.pool, spec.tenantId))['AttendanceAttemptRejected']).toBe(1);
  });

  // Fixed in services/api. The recap listed the dates of 9999-12 with datesBetween, which
  // never ends there (see below). Months after 2999 are now invalid input.
  it('recap for 9999-12 gets 400', async () => {
    const token = await signToken({ tenant: spec.tenantId, roles: ['employee'], nip: employee.nip });

    const response = await transport({ method: 'GET', url: '/v1/attendance/monthly?month=9999-12', headers: { authorization: `Bearer ${token}` } });

    expect(response.status).toBe(400);
    expect(jsonOf(response)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(response.durationMs).toBeLessThan(2_000);
  });
});

/**
 * datesBetween (services/domain) compares ISO date strings. The day after 9999-12-31 is
 * "+010000-01-01", which still sorts before "9999-12-31". So any walk that reaches that
 * date never ends, and it blocks the process's event loop while memory grows.
 */
describe('date ranges that reach 9999-12-31', () => {
  const databases: TestDatabase[] = [];
  let api: ApiProcess | undefined;

  afterAll(async () => {
    await api?.kill();
    for (const database of databases) {
      await database.drop();
    }
  });

  /** Starts an API process on a fresh database: a looping event would stall the next start too. */
  async function startApi(): Promise<Transport> {
    await api?.kill();
    const database = await createTestDatabase();
    databases.push(database);
    api = new ApiProcess({ databaseUrl: database.url, port: await findFreePort(), jwtSecret: RELIABILITY_SECRET });
    api.start();
    await api.waitUntilHealthy();
    return fetchTransport(api.baseUrl, 3_000);
  }

  /** Returns whether /health keeps responding within 3 seconds, probing for up to 5 seconds. */
  async function healthAnswers(transport: Transport): Promise<boolean> {
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      try {
        const response = await transport({ method: 'GET', url: '/health' });
        if (response.status !== 200) {
          return false;
        }
      } catch (error) {
        if (error instanceof NoResponseError) {
          return false;
        }
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return true;
  }

  // Should be 400 (a leave cannot end in 9999), or at least leave the server serving.
  // The command is accepted, then the projector in the API process walks the leave's
  // dates forever. The event stays in the log, so a restarted server loops again.
  it('leave ending 9999-12-31 hangs API', async () => {
    const transport = await startApi();
    await seedOrganisation(transport, spec);
    const admin = await signToken({ tenant: spec.tenantId, roles: ['tenant_admin'] });

    const response = await transport({
      method: 'POST',
      url: '/v1/commands/record-absence',
      headers: { authorization: `Bearer ${admin}` },
      body: { nip: employee.nip, type: 'izin', from: today, to: '9999-12-31', reference: 'SK-UJI-1' },
    });

    expect(response.status).toBe(201);
    expect(await healthAnswers(transport)).toBe(false);
  }, 60_000);

  // Should be 200 with the history of those dates. The 400-day limit lets
  // from=9998-11-27&to=9999-12-31 through, and historyStreams (services/audit) walks it forever.
  it('audit history to 9999-12-31 hangs API', async () => {
    const transport = await startApi();
    await seedOrganisation(transport, spec);
    const auditor = await signToken({ tenant: spec.tenantId, roles: ['auditor'], subject: 'inspektorat' });

    const history = transport({ method: 'GET', url: `/v1/audit/history?nip=${employee.nip}&from=9998-11-27&to=9999-12-31`, headers: { authorization: `Bearer ${auditor}` } });

    await expect(history).rejects.toThrow(NoResponseError);
    expect(await healthAnswers(transport)).toBe(false);
  }, 60_000);
});
