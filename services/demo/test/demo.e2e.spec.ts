import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MIN_EMPLOYEES, runDemo, type DemoResult } from '../src/index.ts';

// The smallest regency the simulator plays (90 ASN, 3 in each of 30 OPD), with a short baseline, so the
// whole demo runs through the HTTP API, the terminal pushes and the projector.
describe('the demo, end to end', () => {
  let dataDir: string;
  let output = '';
  let demo: DemoResult;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fleksi-demo-test-'));
    demo = await runDemo({
      employees: MIN_EMPLOYEES,
      seed: 7,
      wfaEffectPoints: 0,
      baselineStart: '2026-01-05',
      port: 0,
      concurrency: 8,
      language: 'id',
      serve: false,
      dataDir,
      write: (text) => {
        output += text;
      },
    });
  }, 600_000);

  afterAll(async () => {
    await demo?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('plays every workday of the baseline and the trial through the API', () => {
    expect(demo.employees).toBe(MIN_EMPLOYEES);
    // 5 January to 22 April 2026 holds 70 workdays once holidays and collective leave are out.
    expect(demo.workdays).toBeGreaterThan(60);
    expect(demo.commands).toBeGreaterThan(demo.employees * demo.workdays);
    expect(output).toContain('Kabupaten simulasi: ');
    expect(output).toMatch(/Selesai dalam \d+ detik/);
  });

  it('leaves an evaluation an evaluator can read, and the HTML report on disk', async () => {
    const response = await fetch(`${demo.url}/v1/trials/wfa-2026/evaluation`, { headers: { authorization: `Bearer ${demo.evaluatorToken}` } });
    expect(response.status).toBe(200);
    const evaluation = (await response.json()) as Record<string, unknown>;
    expect(JSON.stringify(evaluation)).toContain('wfa');

    const report = await readFile(demo.reportFile, 'utf8');
    expect(report).toContain('<html');
  });
});
