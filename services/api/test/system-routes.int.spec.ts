import { findFreePort, createPool } from '@fleksi/postgres';
import { PostgresEventStore } from '@fleksi/event-store';
import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../src/app.ts';
import { createTokenVerifier } from '../src/auth/tokens.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

async function appWith(pool = database.pool) {
  return buildApp({
    eventStore: new PostgresEventStore(pool),
    pool,
    databaseOrigin: 'embedded',
    logger: pino({ level: 'silent' }),
    version: 'test',
    verifier: createTokenVerifier({ kind: 'secret', secret: 'x'.repeat(40) }),
  });
}

describe('system routes', () => {
  it('health names the event store in use', async () => {
    const app = await appWith();

    const response = await app.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', eventStore: 'postgresql', database: 'embedded' });
    await app.close();
  });

  it('ready reports a reachable database', async () => {
    const app = await appWith();

    const response = await app.inject({ method: 'GET', url: '/ready' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ready' });
    await app.close();
  });

  it('ready answers 503 problem when the database is unreachable', async () => {
    const closedPort = await findFreePort();
    const deadPool = createPool(`postgres://postgres@127.0.0.1:${closedPort}/none`, { connectionTimeoutMs: 500 });
    const app = await appWith(deadPool);

    const response = await app.inject({ method: 'GET', url: '/ready' });

    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 503, code: 'SERVICE_NOT_READY' });
    expect(response.json().checks).toEqual({ database: 'unavailable' });
    expect(response.body).not.toContain('ECONNREFUSED');
    const english = await app.inject({ method: 'GET', url: '/ready', headers: { 'accept-language': 'en' } });
    expect(english.json().detail).toBe('The database is not answering; try again shortly.');
    await app.close();
    await deadPool.end();
  });

  it('keeps only plain caller request ids', async () => {
    const app = await appWith();

    const plain = await app.inject({ method: 'GET', url: '/v1/nowhere', headers: { 'x-request-id': 'hp-andi.42_x' } });
    const odd = await app.inject({ method: 'GET', url: '/v1/nowhere', headers: { 'x-request-id': 'a b\u00e9{"level":60}' } });
    const long = await app.inject({ method: 'GET', url: '/v1/nowhere', headers: { 'x-request-id': 'x'.repeat(65) } });

    expect(plain.json().requestId).toBe('hp-andi.42_x');
    expect(odd.json().requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(long.json().requestId).toMatch(/^[0-9a-f-]{36}$/);
    await app.close();
  });

  it('metrics are served in Prometheus text format', async () => {
    const app = await appWith();
    await app.inject({ method: 'GET', url: '/health' });

    const response = await app.inject({ method: 'GET', url: '/metrics' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain('process_cpu_user_seconds_total');
    expect(response.body).toContain('http_request_duration_seconds');
    await app.close();
  });
});
