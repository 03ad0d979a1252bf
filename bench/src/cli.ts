import { parseArgs } from 'node:util';

import { DEFAULT_SETTINGS, SMOKE_SETTINGS, type BenchSettings } from './settings.ts';
import { findWorkload, WORKLOADS, type WorkloadDefinition } from './workloads/index.ts';

export interface CliOptions {
  readonly help: boolean;
  readonly workloads: readonly WorkloadDefinition[];
  readonly variants?: readonly string[];
  readonly settings: BenchSettings;
  /** Output folder. Undefined means bench/results, or a temporary folder for --smoke. */
  readonly outDir?: string;
  readonly inProcess: boolean;
}

export const HELP = `Usage: npm run bench -- [options]

Runs the benchmark workloads against PostgreSQL (DATABASE_URL, else a throw-away
embedded PostgreSQL 17 on 127.0.0.1) and writes <out>/<workload>.json and
<out>/summary.md. Exits with 1 when a sanity check fails.

Options:
  --workload NAME     run only this workload; repeat for several (${WORKLOADS.map((workload) => workload.name).join(', ')})
  --variant NAME      run only this variant of the chosen workloads; repeatable
  --smoke             tiny sizes, 1 repeat, results in a temporary folder unless --out is given
  --repeats N         measurements of each variant and system (default ${DEFAULT_SETTINGS.repeats})
  --duration S        append: measured seconds per trial (default ${DEFAULT_SETTINGS.append.durationSeconds})
  --warmup S          append: unmeasured seconds before that (default ${DEFAULT_SETTINGS.append.warmupSeconds})
  --concurrency N     append: writers and pool size of every system (default ${DEFAULT_SETTINGS.append.concurrency})
  --streams N         append: streams shared by the contended variants (default ${DEFAULT_SETTINGS.append.contendedStreams})
  --events N          read-back: events appended before the read (default ${DEFAULT_SETTINGS.readBack.events})
  --batch-size N      read-back: events per read request (default ${DEFAULT_SETTINGS.readBack.batchSize})
  --seed-concurrency N
                      read-back: concurrent appends while seeding (default ${DEFAULT_SETTINGS.readBack.seedConcurrency});
                      above 1, Emmett 0.42.0's reader misses events and its checks fail
  --out DIR           output folder (default bench/results)
  --in-process        run trials in this process instead of one child process each
                      (faster; Emmett's global type parsers then leak into later trials)
  --help              print this text

Through the root package, npm needs a second -- before the options unless the
root "bench" script ends with "--": npm run bench -- -- --smoke
(A second -- is also accepted when the root script does end with "--".)
`;

export function parseCli(argv: readonly string[]): CliOptions {
  // A leading "--" is what npm passes on when the root script already ends in "--"
  // and the user typed a second one, so both spellings work.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      workload: { type: 'string', multiple: true },
      variant: { type: 'string', multiple: true },
      smoke: { type: 'boolean', default: false },
      repeats: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      concurrency: { type: 'string' },
      streams: { type: 'string' },
      events: { type: 'string' },
      'batch-size': { type: 'string' },
      'seed-concurrency': { type: 'string' },
      out: { type: 'string' },
      'in-process': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });

  if (positionals.length > 0) {
    throw new Error(
      `unexpected argument ${JSON.stringify(positionals[0])}; options start with --. ` +
        'If you ran "npm run bench -- --workload X", npm took the options for itself: run "npm run bench -- -- --workload X"',
    );
  }

  const base = values.smoke ? SMOKE_SETTINGS : DEFAULT_SETTINGS;
  const settings: BenchSettings = {
    smoke: values.smoke,
    repeats: positiveInteger('--repeats', values.repeats) ?? base.repeats,
    append: {
      concurrency: positiveInteger('--concurrency', values.concurrency) ?? base.append.concurrency,
      warmupSeconds: nonNegativeNumber('--warmup', values.warmup) ?? base.append.warmupSeconds,
      durationSeconds: positiveNumber('--duration', values.duration) ?? base.append.durationSeconds,
      contendedStreams: positiveInteger('--streams', values.streams) ?? base.append.contendedStreams,
    },
    readBack: {
      ...base.readBack,
      events: positiveInteger('--events', values.events) ?? base.readBack.events,
      batchSize: positiveInteger('--batch-size', values['batch-size']) ?? base.readBack.batchSize,
      seedConcurrency: positiveInteger('--seed-concurrency', values['seed-concurrency']) ?? base.readBack.seedConcurrency,
    },
  };

  return {
    help: values.help,
    workloads: values.workload === undefined ? WORKLOADS : values.workload.map(findWorkload),
    ...(values.variant === undefined ? {} : { variants: values.variant }),
    settings,
    ...(values.out === undefined ? {} : { outDir: values.out }),
    inProcess: values['in-process'],
  };
}

function positiveInteger(option: string, value: string | undefined): number | undefined {
  const parsed = parseNumber(option, value);
  if (parsed !== undefined && (!Number.isSafeInteger(parsed) || parsed < 1)) {
    throw new Error(`${option} must be a whole number of at least 1, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function positiveNumber(option: string, value: string | undefined): number | undefined {
  const parsed = parseNumber(option, value);
  if (parsed !== undefined && parsed <= 0) {
    throw new Error(`${option} must be above 0, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function nonNegativeNumber(option: string, value: string | undefined): number | undefined {
  const parsed = parseNumber(option, value);
  if (parsed !== undefined && parsed < 0) {
    throw new Error(`${option} must be 0 or more, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function parseNumber(option: string, value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) {
    throw new Error(`${option} must be a number, got ${JSON.stringify(value)}`);
  }
  return parsed;
}
