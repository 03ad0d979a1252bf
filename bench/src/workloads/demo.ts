import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { findFreePort } from '@fleksi/postgres';

import { formatNumber, type WorkloadReport } from '../runner.ts';
import { check, publicSpec, type TrialResult, type TrialSpec } from '../trial.ts';
import type { WorkloadDefinition } from './workload.ts';

/*
 * Times `npm run demo -- --employees N --no-serve --port 0` from the repository root,
 * as a user would run it on a fresh checkout: the demo starts its own embedded
 * PostgreSQL (initdb included) in a temporary data folder on a free port, plays the
 * simulated regency through the HTTP API and prints the summary. DATABASE_URL is
 * removed from its environment, so it never touches the benchmark's server.
 */

const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The project's requirement for the default demo on a 2-core machine. */
export const DEMO_GOAL_SECONDS = 300;
export const DEFAULT_DEMO_EMPLOYEES = 300;

export const demoWorkload: WorkloadDefinition = {
  name: 'demo',
  title: 'The demo: a simulated regency played through the API',
  description:
    '`npm run demo -- --employees N --no-serve --port 0` runs from the repository root with its own embedded PostgreSQL ' +
    'in a temporary folder (initdb included) and without DATABASE_URL. Wall time runs from spawning npm to its exit; the ' +
    'demo\'s own time is the "Selesai dalam N detik" it prints, which leaves out npm and module loading and the final ' +
    'summary. Commands are the "Perintah dikirim" count, and commands per second divide it by the demo\'s own time.',
  variants: (settings) => settings.demo.employees.map((employees) => ({ name: `employees-${employees}`, description: `--employees ${employees}` })),
  metrics: [
    { key: 'wallSeconds', label: 'wall s', decimals: 0 },
    { key: 'demoSeconds', label: 'demo s', decimals: 0 },
    { key: 'commands', label: 'commands', decimals: 0 },
    { key: 'commandsPerSecond', label: 'commands/s', decimals: 0 },
    { key: 'workdays', label: 'workdays', decimals: 0 },
  ],
  throughputMetric: 'commandsPerSecond',
  systems: ['fleksi'],
  defaultRepeats: 1,
  describeSettings: (settings) => ({ 'employees per run': settings.demo.employees.join(', '), 'goal for the default size': `${DEMO_GOAL_SECONDS} s` }),
  // About 3 s per requested employee on a loaded 2-core machine, plus start-up.
  trialTimeoutMs: (settings) => Math.max(...settings.demo.employees) * 5_000 + 900_000,
  runTrial: runDemoTrial,
  renderNotes: renderDemoNotes,
};

export async function runDemoTrial(spec: TrialSpec): Promise<TrialResult> {
  const employees = Number(spec.variant.replace(/^employees-/, ''));
  if (!Number.isSafeInteger(employees) || employees <= 0) {
    throw new Error(`unknown demo variant ${JSON.stringify(spec.variant)}; expected employees-<count>`);
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fleksi-bench-demo-'));
  // mkdtemp makes the folder private; run as root, the demo's cluster runs as the
  // system user `postgres`, which must be able to enter it.
  await chmod(dataDir, 0o711);
  try {
    const run = await runDemoCommand(employees, dataDir, demoWorkload.trialTimeoutMs(spec.settings));
    const parsed = parseDemoOutput(run.output);
    const commandsPerSecond = parsed.commands !== undefined && parsed.seconds !== undefined ? parsed.commands / parsed.seconds : Number.NaN;
    return {
      spec: publicSpec(spec),
      metrics: {
        wallSeconds: run.seconds,
        ...(parsed.seconds === undefined ? {} : { demoSeconds: parsed.seconds }),
        ...(parsed.commands === undefined ? {} : { commands: parsed.commands, commandsPerSecond }),
        ...(parsed.workdays === undefined ? {} : { workdays: parsed.workdays }),
        employees,
      },
      checks: [
        check('demo exited with 0', run.exitCode === 0, `exit code ${String(run.exitCode)}, signal ${String(run.signal)}${run.timedOut ? ', killed after the trial timeout' : ''}`),
        check('summary printed', parsed.commands !== undefined && parsed.seconds !== undefined, parsed.commands === undefined ? `no "Perintah dikirim" line in: ${run.output.slice(-500)}` : 'commands and time found'),
      ],
      details: { employeesRequested: employees, rejected: parsed.rejected ?? null, outputTail: run.output.slice(-2_000) },
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

interface DemoRun {
  readonly seconds: number;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly output: string;
}

/**
 * Runs the demo in its own process group, so a timeout can stop npm, the demo and the
 * PostgreSQL it started together. The trial's own timeout is the outer bound; this
 * one fires a minute earlier so the folder can still be removed.
 */
function runDemoCommand(employees: number, dataDir: string, trialTimeoutMs: number): Promise<DemoRun> {
  return findFreePort().then(
    (port) =>
      new Promise<DemoRun>((resolve, reject) => {
        const environment: NodeJS.ProcessEnv = { ...process.env, FLEKSI_DATA_DIR: dataDir, FLEKSI_DEMO_PG_PORT: String(port) };
        delete environment['DATABASE_URL'];
        const started = performance.now();
        const child = spawn('npm', ['run', 'demo', '--', '--employees', String(employees), '--no-serve', '--port', '0'], {
          cwd: REPOSITORY_ROOT,
          env: environment,
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const chunks: string[] = [];
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          chunks.push(chunk);
          for (const line of chunk.split('\n')) {
            if (line.includes('hari kerja,')) {
              process.stderr.write(`  demo --employees ${employees}:${line}\n`);
            }
          }
        });
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          if (child.pid !== undefined) {
            process.kill(-child.pid, 'SIGKILL');
          }
        }, Math.max(60_000, trialTimeoutMs - 60_000));
        child.once('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        child.once('exit', (exitCode, signal) => {
          clearTimeout(timer);
          resolve({ seconds: (performance.now() - started) / 1000, exitCode, signal, timedOut, output: chunks.join('') });
        });
      }),
  );
}

export interface DemoOutput {
  readonly commands?: number;
  readonly workdays?: number;
  readonly seconds?: number;
  readonly rejected?: string;
}

/** Reads the counts and the time from the demo's Indonesian summary. */
export function parseDemoOutput(output: string): DemoOutput {
  const counts = /Perintah dikirim: (\d+); hari kerja: (\d+); ditolak: ([^\n]*)/.exec(output);
  const time = /Selesai dalam (\d+) detik/.exec(output);
  return {
    ...(counts === null ? {} : { commands: Number(counts[1]), workdays: Number(counts[2]), rejected: counts[3]?.trim() ?? '' }),
    ...(time === null ? {} : { seconds: Number(time[1]) }),
  };
}

function renderDemoNotes(report: WorkloadReport): string[] {
  const row = report.rows.find((candidate) => candidate.variant === `employees-${DEFAULT_DEMO_EMPLOYEES}`);
  const wall = row?.metrics['wallSeconds']?.median;
  if (wall === undefined) {
    return [];
  }
  return [
    `Requirement: the default demo (${DEFAULT_DEMO_EMPLOYEES} employees) finishes in under ${DEMO_GOAL_SECONDS / 60} minutes. ` +
      `It took ${formatNumber(wall, 0)} s of wall time: the requirement ${wall < DEMO_GOAL_SECONDS ? 'holds' : 'FAILS'} on this machine.`,
  ];
}
