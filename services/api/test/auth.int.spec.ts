import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createHarness, nearOffice, NIP, SECRET, seedOrganisation, type Harness } from './harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await createHarness();
  await seedOrganisation(harness);
});

afterAll(async () => {
  await harness.close();
});

const checkIn = { mode: 'WFO', source: 'mobile', location: nearOffice() };

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('authentication', () => {
  it('rejects a request without a token', async () => {
    const response = await harness.app.inject({ method: 'POST', url: '/v1/commands/check-in', payload: checkIn });

    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'AUTH_TOKEN_MISSING', detail: 'Token akses tidak ada. Kirim header Authorization: Bearer <token>.' });
  });

  it('answers 401 before reading the body', async () => {
    const invalidJson = await harness.app.inject({ method: 'POST', url: '/v1/commands/check-in', headers: { 'content-type': 'application/json' }, payload: '{"mode":' });
    const invalidBody = await harness.app.inject({ method: 'POST', url: '/v1/commands/check-in', payload: { mode: 'anywhere' } });
    const tooLarge = await harness.app.inject({ method: 'POST', url: '/v1/commands/submit-activity', payload: { description: 'x'.repeat(300_000) } });
    const badQuery = await harness.app.inject({ method: 'GET', url: '/v1/attendance/daily?from=yesterday', headers: { authorization: 'Bearer not-a-jwt-at-all' } });

    expect([invalidJson, invalidBody, tooLarge].map((response) => [response.statusCode, response.json().code])).toEqual([
      [401, 'AUTH_TOKEN_MISSING'],
      [401, 'AUTH_TOKEN_MISSING'],
      [401, 'AUTH_TOKEN_MISSING'],
    ]);
    expect(badQuery.statusCode).toBe(401);
    expect(badQuery.json().code).toBe('AUTH_TOKEN_INVALID');
    expect(invalidJson.headers['www-authenticate']).toBe('Bearer realm="fleksi"');
    expect(badQuery.headers['www-authenticate']).toBe('Bearer realm="fleksi", error="invalid_token"');
  });

  it('rate-limits per caller across tokens', async () => {
    const limited = await createHarness({ rateLimitPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let index = 0; index < 4; index += 1) {
        const token = await new SignJWT({ tenant: 'mamuju-tengah', roles: ['employee'], nip: NIP.employee })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(NIP.employee)
          .setJti(`token-${index}`)
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(SECRET));
        // The body is invalid on purpose: the limit counts before validation.
        statuses.push((await limited.command('check-in', token, {})).statusCode);
      }
      expect(statuses).toEqual([400, 400, 400, 429]);
    } finally {
      await limited.close();
    }
  });

  it('rejects an expired token', async () => {
    const expired = await new SignJWT({ tenant: 'mamuju-tengah', roles: ['employee'], nip: NIP.employee })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(NIP.employee)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3_600)
      .sign(new TextEncoder().encode(SECRET));

    const response = await harness.command('check-in', expired, checkIn);

    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('AUTH_TOKEN_INVALID');
  });

  it('rejects a token signed with another secret', async () => {
    const forged = await new SignJWT({ tenant: 'mamuju-tengah', roles: ['tenant_admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('intruder')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));

    const response = await harness.command('register-unit', forged, { unitId: 'x', name: 'X' });

    expect(response.statusCode).toBe(401);
  });

  it('rejects an unsigned alg none token', async () => {
    const header = base64url({ alg: 'none', typ: 'JWT' });
    const payload = base64url({ tenant: 'mamuju-tengah', roles: ['tenant_admin'], sub: 'intruder', exp: Math.floor(Date.now() / 1000) + 3_600 });

    const response = await harness.command('register-unit', `${header}.${payload}.`, { unitId: 'x', name: 'X' });

    expect(response.statusCode).toBe(401);
  });

  it('rejects a token without exp', async () => {
    const eternal = await new SignJWT({ tenant: 'mamuju-tengah', roles: ['tenant_admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').sign(new TextEncoder().encode(SECRET));

    const response = await harness.command('register-unit', eternal, { unitId: 'x', name: 'X' });

    expect(response.statusCode).toBe(401);
  });

  it('rejects a token with no known role', async () => {
    const noRole = await new SignJWT({ tenant: 'mamuju-tengah', roles: ['superuser'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));

    const response = await harness.command('register-unit', noRole, { unitId: 'x', name: 'X' });

    expect(response.statusCode).toBe(401);
  });
});

describe('tenant isolation', () => {
  it('keeps a tenant admin of another tenant out of this one', async () => {
    const foreignAdmin = await harness.token({ role: 'tenant_admin', tenant: 'sulawesi-barat' });

    const response = await harness.command('correct-attendance', foreignAdmin, {
      nip: NIP.employee,
      date: '2026-01-22',
      checkInAt: '2026-01-22T07:30:00+08:00',
      reason: 'percobaan lintas tenant',
    });

    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('EMPLOYEE_NOT_FOUND');
  });

  it('keeps an employee of another tenant from checking in here', async () => {
    const foreignEmployee = await harness.token({ role: 'employee', tenant: 'sulawesi-barat', nip: NIP.employee });

    const response = await harness.command('check-in', foreignEmployee, checkIn);

    expect(response.statusCode).toBe(404);
    expect((await harness.store.readStream(`attendance-sulawesi-barat-${NIP.employee}-2026-01-22`)).events).toHaveLength(0);
  });

  it('lets a system token register only its own tenant', async () => {
    const system = await harness.token({ role: 'system', tenant: 'sulawesi-barat' });

    const response = await harness.command('register-tenant', system, { tenantId: 'mamuju-tengah', name: 'Ambil alih' });

    expect(response.statusCode).toBe(403);
  });
});

describe('HTTP surface', () => {
  it('serves the OpenAPI document with every command', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/openapi.json' });

    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    for (const name of ['check-in', 'check-out', 'submit-activity', 'review-activity', 'assign-wfa-day', 'assign-wfa-days', 'record-absence', 'correct-attendance', 'register-unit', 'register-employee']) {
      expect(paths).toContain(`/v1/commands/${name}`);
    }
  });

  it('serves interactive docs', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/docs/' });

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('swagger');
  });

  it('answers an unknown path with a 404 problem', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/v1/nothing' });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('sets security headers', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/health' });

    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBeDefined();
  });

  it('rejects a body over the size limit with 413', async () => {
    const token = await harness.token({ role: 'employee', nip: NIP.employee });

    const response = await harness.command('submit-activity', token, { date: '2026-01-22', description: 'x'.repeat(300_000), outputQuantity: 1, outputUnit: 'x', minutes: 1 });

    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('BODY_TOO_LARGE');
  });
});
