import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { findFreePort } from '@fleksi/postgres';
import { afterAll, describe, expect, it } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
let dataDir: string | undefined;
let child: ChildProcess | undefined;

afterAll(async () => {
  child?.kill('SIGKILL');
  if (dataDir !== undefined) {
    await rm(dataDir, { recursive: true, force: true });
  }
});

async function waitForHealth(url: string, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) {
        return response;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('npm start', () => {
  it('serves health on embedded PostgreSQL and stops cleanly on SIGTERM', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fleksi-start-'));
    await chmod(dataDir, 0o711);
    const port = await findFreePort();
    const pgPort = await findFreePort();
    const environment: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), FLEKSI_PG_PORT: String(pgPort), FLEKSI_DATA_DIR: dataDir };
    delete environment['DATABASE_URL'];

    const startedAt = Date.now();
    child = spawn('npm', ['start', '--silent'], { cwd: repositoryRoot, env: environment, stdio: 'ignore', detached: true });
    const health = await waitForHealth(`http://127.0.0.1:${port}/health`, 60_000);
    const secondsToHealth = (Date.now() - startedAt) / 1000;

    expect(await health.json()).toMatchObject({ status: 'ok', eventStore: 'postgresql', database: 'embedded' });
    expect(secondsToHealth).toBeLessThan(60);
    expect(existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);

    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child?.on('exit', (code, signal) => resolve({ code, signal })),
    );
    // npm passes the signal on to the server it started.
    child.kill('SIGTERM');
    const exit = await exited;
    const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
    const deadline = Date.now() + 20_000;
    while (existsSync(pidFile) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // npm re-raises the signal its script ended on, so it exits by SIGTERM.
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    expect(existsSync(pidFile)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  }, 120_000);
});
