import { parseArgs } from 'node:util';

import { DEFAULT_SETTINGS, SMOKE_SETTINGS, type BenchSettings, type CommandSettings } from './settings.ts';
import { findWorkload, WORKLOADS, type WorkloadDefinition } from './workloads/index.ts';

export interface CliOptions {
  readonly help: boolean;
  readonly workloads: readonly WorkloadDefinition[];
  readonly variants?: readonly string[];
  readonly settings: BenchSettings;
  /** Output folder. Undefined means bench/results, or a temporary folder for --smoke. */
  readonly outDir?: string;
  readonly inProcess: boolean;
  /**
   * Folder of an embedded PostgreSQL cluster kept between runs, so generated event
   * logs are reused. Undefined means DATABASE_URL or a throw-away cluster.
   */
  readonly pgDataDir?: string;
}

export const HELP = `Usage: npm run bench -- [options]

Runs the benchmark workloads against PostgreSQL (DATABASE_URL, else a throw-away
embedded PostgreSQL 17 on 127.0.0.1) and writes <out>/<workload>.json and
<out>/summary.md. Exits with 1 when a sanity check fails.

Options:
  --workload NAME     run only this workload; repeat for several (${WORKLOADS.map((workload) => workload.name).join(', ')})
  --variant NAME      run only this variant of the chosen workloads; repeatable
  --smoke             tiny sizes, 1 repeat, results in a temporary folder unless --out is given
  --repeats N         measurements of each variant and system (default ${DEFAULT_SETTINGS.repeats}; rebuild,
                      evaluation and demo default to 1 because one trial takes minutes)
  --duration S        append: measured seconds per trial (default ${DEFAULT_SETTINGS.append.durationSeconds})
  --warmup S          append: unmeasured seconds before that (default ${DEFAULT_SETTINGS.append.warmupSeconds})
  --concurrency N     append: writers and pool size of every system (default ${DEFAULT_SETTINGS.append.concurrency})
  --streams N         append: streams shared by the contended variants (default ${DEFAULT_SETTINGS.append.contendedStreams})
  --events N          read-back: events appended before the read (default ${DEFAULT_SETTINGS.readBack.events})
  --batch-size N      read-back: events per read request (default ${DEFAULT_SETTINGS.readBack.batchSize})
  --seed-concurrency N
                      read-back: concurrent appends while seeding (default ${DEFAULT_SETTINGS.readBack.seedConcurrency});
                      above 1, Emmett 0.42.0's reader misses events and its checks fail
  --rate N            command: offered requests per second of the fixed-rate variant (default ${DEFAULT_SETTINGS.command.rate})
  --connections N     command: HTTP connections of the fixed-rate variant (default ${DEFAULT_SETTINGS.command.rateConnections})
  --command-employees N
                      command: employees registered on the server (default ${DEFAULT_SETTINGS.command.employees})
  --command-duration S
                      command: measured seconds per variant (default ${DEFAULT_SETTINGS.command.durationSeconds})
  --cpu-profile WHEN  command: profile the server in an extra pass: on-failure (of the p99 goal), always
                      or never (default ${DEFAULT_SETTINGS.command.cpuProfile})
  --server-log-level LEVEL
                      command: pino level of the server (default ${DEFAULT_SETTINGS.command.serverLogLevel}, as npm start)
  --sizes LIST        rebuild: comma-separated event counts of the logs (default ${DEFAULT_SETTINGS.rebuild.sizes.join(',')})
  --rebuild-batch-size N
                      rebuild: events per read request (default ${DEFAULT_SETTINGS.rebuild.batchSize})
  --log-employees N   rebuild and growth: employees of the regency that generates the log (default ${DEFAULT_SETTINGS.rebuild.employees})
  --eval-employees N  evaluation: employees with trial_days rows (default ${DEFAULT_SETTINGS.evaluation.employees})
  --workdays N        evaluation: workdays per employee (default ${DEFAULT_SETTINGS.evaluation.workdays})
  --bootstrap N       evaluation: bootstrap samples (default ${DEFAULT_SETTINGS.evaluation.bootstrapSamples})
  --growth-events N   growth: events stored before the timed appends (default ${DEFAULT_SETTINGS.growth.events})
  --demo-employees LIST
                      demo: comma-separated --employees values, one run each (default ${DEFAULT_SETTINGS.demo.employees.join(',')})
  --pg-data DIR       keep an embedded PostgreSQL cluster in DIR between runs, so generated event logs
                      are reused (ignored when DATABASE_URL is set)
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
      rate: { type: 'string' },
      connections: { type: 'string' },
      'command-employees': { type: 'string' },
      'command-duration': { type: 'string' },
      'cpu-profile': { type: 'string' },
      'server-log-level': { type: 'string' },
      sizes: { type: 'string' },
      'rebuild-batch-size': { type: 'string' },
      'log-employees': { type: 'string' },
      'eval-employees': { type: 'string' },
      workdays: { type: 'string' },
      bootstrap: { type: 'string' },
      'growth-events': { type: 'string' },
      'demo-employees': { type: 'string' },
      'pg-data': { type: 'string' },
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
  const repeats = positiveInteger('--repeats', values.repeats);
  const logEmployees = positiveInteger('--log-employees', values['log-employees']);
  const settings: BenchSettings = {
    smoke: values.smoke,
    repeats: repeats ?? base.repeats,
    repeatsGiven: repeats !== undefined,
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
    command: {
      ...base.command,
      rate: positiveInteger('--rate', values.rate) ?? base.command.rate,
      rateConnections: positiveInteger('--connections', values.connections) ?? base.command.rateConnections,
      employees: positiveInteger('--command-employees', values['command-employees']) ?? base.command.employees,
      durationSeconds: positiveNumber('--command-duration', values['command-duration']) ?? base.command.durationSeconds,
      cpuProfile: cpuProfileWhen(values['cpu-profile']) ?? base.command.cpuProfile,
      serverLogLevel: values['server-log-level'] ?? base.command.serverLogLevel,
    },
    rebuild: {
      sizes: positiveIntegerList('--sizes', values.sizes) ?? base.rebuild.sizes,
      employees: logEmployees ?? base.rebuild.employees,
      batchSize: positiveInteger('--rebuild-batch-size', values['rebuild-batch-size']) ?? base.rebuild.batchSize,
    },
    evaluation: {
      employees: positiveInteger('--eval-employees', values['eval-employees']) ?? base.evaluation.employees,
      workdays: positiveInteger('--workdays', values.workdays) ?? base.evaluation.workdays,
      bootstrapSamples: positiveInteger('--bootstrap', values.bootstrap) ?? base.evaluation.bootstrapSamples,
    },
    growth: {
      events: positiveInteger('--growth-events', values['growth-events']) ?? base.growth.events,
      employees: logEmployees ?? base.growth.employees,
    },
    demo: {
      employees: positiveIntegerList('--demo-employees', values['demo-employees']) ?? base.demo.employees,
    },
  };

  return {
    help: values.help,
    workloads: values.workload === undefined ? WORKLOADS : values.workload.map(findWorkload),
    ...(values.variant === undefined ? {} : { variants: values.variant }),
    settings,
    ...(values.out === undefined ? {} : { outDir: values.out }),
    inProcess: values['in-process'],
    ...(values['pg-data'] === undefined ? {} : { pgDataDir: values['pg-data'] }),
  };
}

function cpuProfileWhen(value: string | undefined): CommandSettings['cpuProfile'] | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (value !== 'on-failure' && value !== 'always' && value !== 'never') {
    throw new Error(`--cpu-profile must be on-failure, always or never, got ${JSON.stringify(value)}`);
  }
  return value;
}

function positiveIntegerList(option: string, value: string | undefined): number[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  const items = value.split(',').map((item) => item.trim());
  const numbers = items.map((item) => positiveInteger(option, item) ?? Number.NaN);
  if (numbers.length === 0 || numbers.some((item) => Number.isNaN(item))) {
    throw new Error(`${option} must be a comma-separated list of whole numbers, got ${JSON.stringify(value)}`);
  }
  return numbers;
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
