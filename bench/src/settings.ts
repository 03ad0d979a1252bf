/** Settings of a benchmark run. Each trial receives a copy over IPC. */
export interface BenchSettings {
  readonly smoke: boolean;
  /** Times each (variant, system) pair is measured. Figures are medians over these. */
  readonly repeats: number;
  readonly append: AppendSettings;
  readonly readBack: ReadBackSettings;
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

export const DEFAULT_SETTINGS: BenchSettings = {
  smoke: false,
  repeats: 3,
  append: { concurrency: 32, warmupSeconds: 3, durationSeconds: 10, contendedStreams: 8 },
  readBack: { events: 200_000, batchSize: 1_000, eventsPerAppend: 50, seedConcurrency: 1 },
};

/** A run of a few seconds per workload that only proves the harness works. */
export const SMOKE_SETTINGS: BenchSettings = {
  smoke: true,
  repeats: 1,
  append: { concurrency: 4, warmupSeconds: 0.2, durationSeconds: 1, contendedStreams: 2 },
  readBack: { events: 5_000, batchSize: 1_000, eventsPerAppend: 50, seedConcurrency: 1 },
};
