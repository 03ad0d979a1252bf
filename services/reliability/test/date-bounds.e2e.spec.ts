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
 * Dates and times at the edges of what a calendar library can write. The day after
 * 9999-12-31 is written "+010000-01-01", which sorts before it, so a walk over dates
 * that compares strings never ends there. Dates are bounded to the years 1900 to 2999
 * and instants to 1901 to 2998, and these requests get a 400 at once.
 */

const spec = buildOrganisation({
  tenantId: 'kab-batas',
  tenantName: 'Kabupaten Uji Batas',
  unitIds: ['setda'],
  employeesPerUnit: 4,
  nipOffset: 600,
  officeBase: { latitude: -2.655_21, longitude: 118.872_44 },
});
const employee = spec.employees[2] as OrganisationSpec['employees'][number];
const today = witaDate(new Date());

describe('bounded dates in the attendance service', () => {
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

  it('far device time gets 400', async () => {
    const token = await signToken({ tenant: spec.tenantId, roles: ['employee'], nip: employee.nip });
    const body = { mode: 'WFO', source: 'mobile', location: nearOffice(spec.units[0]!.office) };

    const ancient = await transport({ method: 'POST', url: '/v1/commands/check-in', headers: { authorization: `Bearer ${token}` }, body: { ...body, deviceTime: '0001-01-01T00:00:00Z' } });
    const distant = await transport({ method: 'POST', url: '/v1/commands/check-in', headers: { authorization: `Bearer ${token}` }, body: { ...body, deviceTime: '9999-12-31T23:59:59Z' } });
    const plainlyOld = await transport({ method: 'POST', url: '/v1/commands/check-in', headers: { authorization: `Bearer ${token}` }, body: { ...body, deviceTime: '1970-01-01T00:00:00Z' } });

    expect(ancient.status).toBe(400);
    expect(jsonOf(ancient)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(distant.status).toBe(400);
    expect(jsonOf(distant)).toMatchObject({ code: 'VALIDATION_FAILED' });
    // A device time inside the bounds but long past is a rule, not a format: 422 and an attempt record.
    expect(plainlyOld.status).toBe(422);
    expect(jsonOf(plainlyOld)).toMatchObject({ code: 'OFFLINE_WINDOW_EXCEEDED' });
    expect((await eventTypeCounts(database.pool, spec.tenantId))['AttendanceAttemptRejected']).toBe(1);
  });

  // The recap lists the dates of the month, so months after 2999 are invalid input.
  it('recap for 9999-12 gets 400', async () => {
    const token = await signToken({ tenant: spec.tenantId, roles: ['employee'], nip: employee.nip });

    const response = await transport({ method: 'GET', url: '/v1/attendance/monthly?month=9999-12', headers: { authorization: `Bearer ${token}` } });

    expect(response.status).toBe(400);
    expect(jsonOf(response)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(response.durationMs).toBeLessThan(2_000);
  });
});

/** Each case runs against a real API process, so a walk that never ended would show as a server that stops answering. */
describe('date ranges that reach 9999-12-31', () => {
  const databases: TestDatabase[] = [];
  let api: ApiProcess | undefined;

  afterAll(async () => {
    await api?.kill();
    for (const database of databases) {
      await database.drop();
    }
  });

  async function startApi(): Promise<Transport> {
    const database = await createTestDatabase();
    databases.push(database);
    api = new ApiProcess({ databaseUrl: database.url, port: await findFreePort(), jwtSecret: RELIABILITY_SECRET });
    api.start();
    await api.waitUntilHealthy();
    return fetchTransport(api.baseUrl, 3_000);
  }

  let seeded: Promise<Transport> | undefined;

  /** One API process for the cases below, seeded once: none of them may stall it. */
  function seededApi(): Promise<Transport> {
    seeded ??= startApi().then(async (transport) => {
      await seedOrganisation(transport, spec);
      return transport;
    });
    return seeded;
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

  it('leave ending 9999-12-31 gets 400', async () => {
    const transport = await seededApi();
    const admin = await signToken({ tenant: spec.tenantId, roles: ['tenant_admin'] });

    const response = await transport({
      method: 'POST',
      url: '/v1/commands/record-absence',
      headers: { authorization: `Bearer ${admin}` },
      body: { nip: employee.nip, type: 'izin', from: today, to: '9999-12-31', reference: 'SK-UJI-1' },
    });

    expect(response.status).toBe(400);
    expect(jsonOf(response)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await healthAnswers(transport)).toBe(true);
  }, 60_000);

  it('leave of more than five years gets 400', async () => {
    const transport = await seededApi();
    const admin = await signToken({ tenant: spec.tenantId, roles: ['tenant_admin'] });

    const response = await transport({
      method: 'POST',
      url: '/v1/commands/record-absence',
      headers: { authorization: `Bearer ${admin}` },
      body: { nip: employee.nip, type: 'cltn', from: '2026-01-01', to: '2999-12-31', reference: 'SK-UJI-2' },
    });

    expect(response.status).toBe(400);
    expect(jsonOf(response)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await healthAnswers(transport)).toBe(true);
  }, 60_000);

  it('audit history to 9999-12-31 gets 400', async () => {
    const transport = await seededApi();
    const auditor = await signToken({ tenant: spec.tenantId, roles: ['auditor'], subject: 'inspektorat' });

    const history = await transport({ method: 'GET', url: `/v1/audit/history?nip=${employee.nip}&from=9998-11-27&to=9999-12-31`, headers: { authorization: `Bearer ${auditor}` } });

    expect(history.status).toBe(400);
    expect(jsonOf(history)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await healthAnswers(transport)).toBe(true);
  }, 60_000);
});
