/** Settings of a benchmark run. Each trial receives a copy over IPC. */
export interface BenchSettings {
  readonly smoke: boolean;
  /** Times each (variant, system) pair is measured. Figures are medians over these. */
  readonly repeats: number;
  /** True when the user gave --repeats; otherwise a workload may use its own default. */
  readonly repeatsGiven: boolean;
  readonly append: AppendSettings;
  readonly readBack: ReadBackSettings;
  readonly command: CommandSettings;
  readonly rebuild: RebuildSettings;
  readonly evaluation: EvaluationSettings;
  readonly growth: GrowthSettings;
  readonly demo: DemoSettings;
}

export interface AppendSettings {
  /** Concurrent writers, and the connection pool size of every system. */
  readonly concurrency: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  /** Number of streams the contended variants share among all writers. */
  readonly contendedStreams: number;
}

export interface ReadBackSettings {
  /** Events appended before the timed read. */
  readonly events: number;
  /** Events per read request. */
  readonly batchSize: number;
  /** Events per append while seeding. Every append starts a new stream. */
  readonly eventsPerAppend: number;
  /**
   * Concurrent appends while seeding. Above 1, Emmett 0.42.0's readMessagesBatch
   * skips events whose transaction id and sequence number are in opposite order,
   * which concurrent appends produce.
   */
  readonly seedConcurrency: number;
}

export interface CommandSettings {
  /** Employees registered on the server; each check-in uses the next (employee, day) pair. */
  readonly employees: number;
  /** Offered rate of the fixed-rate variant, in requests per second. */
  readonly rate: number;
  /** HTTP connections of the fixed-rate variant. */
  readonly rateConnections: number;
  /** HTTP connections of the saturation variant, which sends without a rate limit. */
  readonly saturationConnections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  /** p99 latency the fixed-rate variant must stay under, in milliseconds. */
  readonly p99GoalMs: number;
  /** Profile the server with --cpu-prof in an extra pass when the p99 goal fails, or always. */
  readonly cpuProfile: 'on-failure' | 'always' | 'never';
  /** Pino level of the server; `info` is the default of `npm start` and logs every request. */
  readonly serverLogLevel: string;
}

export interface RebuildSettings {
  /** Sizes of the generated event logs, one variant each. */
  readonly sizes: readonly number[];
  /** Employees of the generated regency. */
  readonly employees: number;
  /** Events per readAll request, in the raw read and in catchUp. */
  readonly batchSize: number;
}

export interface EvaluationSettings {
  readonly employees: number;
  /** Consecutive workdays of trial_days rows per employee, baseline and trial together. */
  readonly workdays: number;
  readonly bootstrapSamples: number;
}

export interface GrowthSettings {
  /** Events stored before the timed appends of the large variant. */
  readonly events: number;
  /** Employees of the generated regency behind that log. */
  readonly employees: number;
}

export interface DemoSettings {
  /** `--employees` of each demo run, one variant each. */
  readonly employees: readonly number[];
}

export const DEFAULT_SETTINGS: BenchSettings = {
  smoke: false,
  repeats: 3,
  repeatsGiven: false,
  append: { concurrency: 32, warmupSeconds: 3, durationSeconds: 10, contendedStreams: 8 },
  readBack: { events: 200_000, batchSize: 1_000, eventsPerAppend: 50, seedConcurrency: 1 },
  command: {
    employees: 2_000,
    rate: 1_000,
    rateConnections: 20,
    saturationConnections: 32,
    warmupSeconds: 5,
    durationSeconds: 20,
    p99GoalMs: 50,
    cpuProfile: 'on-failure',
    serverLogLevel: 'info',
  },
  rebuild: { sizes: [500_000, 1_000_000, 2_000_000], employees: 3_000, batchSize: 1_000 },
  evaluation: { employees: 3_000, workdays: 130, bootstrapSamples: 1_000 },
  growth: { events: 5_000_000, employees: 3_000 },
  demo: { employees: [300, 3_000] },
};

/** A run of a few seconds per workload that only proves the harness works. */
export const SMOKE_SETTINGS: BenchSettings = {
  smoke: true,
  repeats: 1,
  repeatsGiven: false,
  append: { concurrency: 4, warmupSeconds: 0.2, durationSeconds: 1, contendedStreams: 2 },
  readBack: { events: 5_000, batchSize: 1_000, eventsPerAppend: 50, seedConcurrency: 1 },
  command: {
    employees: 40,
    rate: 100,
    rateConnections: 4,
    saturationConnections: 4,
    warmupSeconds: 0.5,
    durationSeconds: 1.5,
    p99GoalMs: 50,
    cpuProfile: 'never',
    serverLogLevel: 'info',
  },
  rebuild: { sizes: [3_000, 6_000], employees: 40, batchSize: 500 },
  evaluation: { employees: 60, workdays: 130, bootstrapSamples: 100 },
  growth: { events: 6_000, employees: 40 },
  // The smallest regency the demo plays: 3 ASN in each of its 30 units.
  demo: { employees: [90] },
};
