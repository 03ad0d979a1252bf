import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/fleksi.mjs', import.meta.url));
let dataDir: string;
let database: TestDatabase;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'fleksi-cli-'));
  await chmod(dataDir, 0o711);
  database = await createTestDatabase();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await database.drop();
});

function fleksi(args: string[], environment: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, FLEKSI_DATA_DIR: dataDir, DATABASE_URL: database.url, ...environment } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('fleksi token', () => {
  it('prints a token with tenant, roles, NIP and expiry', async () => {
    const result = await fleksi(['token', '--tenant', 'demo', '--role', 'employee', '--role', 'supervisor', '--employee', '199001012020011001', '--hours', '2']);

    expect(result.code).toBe(0);
    const claims = decodeJwt(result.stdout.trim());
    expect(claims).toMatchObject({ tenant: 'demo', roles: ['employee', 'supervisor'], nip: '199001012020011001', sub: '199001012020011001' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(7_200);
  });

  it('rejects an unknown role', async () => {
    const result = await fleksi(['token', '--tenant', 'demo', '--role', 'bupati']);

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('unknown role bupati');
  });

  it('rejects a NIP that is not 18 digits', async () => {
    const result = await fleksi(['token', '--tenant', 'demo', '--role', 'employee', '--employee', '123']);

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('18-digit NIP');
  });
});

describe('fleksi projections', () => {
  it('shows status and rebuilds against DATABASE_URL', async () => {
    const status = await fleksi(['projections', 'status', '--json']);
    const rebuild = await fleksi(['projections', 'rebuild', 'workdays']);
    const after = await fleksi(['projections', 'status']);

    expect(status.code).toBe(0);
    expect(rebuild.code).toBe(0);
    expect(rebuild.stdout).toMatch(/workdays generation \d+ is live/);
    expect(after.stdout).toContain('workdays');
  });

  it('rejects an unknown projection name', async () => {
    const result = await fleksi(['projections', 'rebuild', 'nothing']);

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('unknown projection nothing');
  });
});
