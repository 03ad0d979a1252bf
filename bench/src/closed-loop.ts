import { performance } from 'node:perf_hooks';

import { LatencyRecorder, latencyPercentiles, type LatencyPercentiles } from './stats.ts';

export interface ClosedLoopOptions {
  /** Number of writers; each waits for its previous operation before starting the next. */
  readonly concurrency: number;
  /** Time before the measured window, in milliseconds; its operations are not counted. */
  readonly warmupMs: number;
  /** Length of the measured window, in milliseconds. */
  readonly durationMs: number;
  /** Performs one operation. A thrown error stops every writer and fails the trial. */
  readonly operation: (writer: number, sequence: number) => Promise<OperationOutcome>;
}

export interface OperationOutcome {
  /** Version conflicts the operation retried. */
  readonly conflicts: number;
  /** True when the operation gave up after too many conflicts; it then wrote nothing. */
  readonly abandoned: boolean;
}

export interface ClosedLoopResult {
  /** Operations that completed inside the measured window, abandoned ones excluded. */
  readonly measuredOperations: number;
  readonly measuredSeconds: number;
  readonly operationsPerSecond: number;
  /** Latency of completed operations that started inside the measured window, retries included. */
  readonly latency: LatencyPercentiles;
  /** Operations that completed in total, warm-up included, abandoned ones excluded. */
  readonly completedOperations: number;
  /** Conflicts retried by operations that started inside the measured window. */
  readonly measuredConflicts: number;
  /** Operations that started inside the measured window and were abandoned. */
  readonly measuredAbandoned: number;
  /** Operations abandoned in total, warm-up included. */
  readonly abandonedOperations: number;
  /** The error that stopped the run, if any. */
  readonly error?: string;
}

/**
 * Runs `concurrency` writers in a closed loop for warm-up plus measured time.
 *
 * Writers stop starting operations when the window ends and the call waits for the
 * ones in flight, so it returns about `warmupMs + durationMs` after it started plus
 * the slowest operation. Throughput counts completions inside the window; latency
 * samples are the operations that started inside it.
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const started = performance.now();
  const windowStart = started + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;
  const latencies = new LatencyRecorder();

  let measuredOperations = 0;
  let completedOperations = 0;
  let measuredConflicts = 0;
  let measuredAbandoned = 0;
  let abandonedOperations = 0;
  let firstError: unknown;

  async function writer(index: number): Promise<void> {
    let sequence = 0;
    while (firstError === undefined) {
      const begin = performance.now();
      if (begin >= windowEnd) {
        return;
      }
      let outcome: OperationOutcome;
      try {
        outcome = await options.operation(index, sequence);
      } catch (error) {
        firstError ??= error;
        return;
      }
      const end = performance.now();
      const measured = begin >= windowStart;
      sequence += 1;
      if (measured) {
        measuredConflicts += outcome.conflicts;
      }
      if (outcome.abandoned) {
        abandonedOperations += 1;
        measuredAbandoned += measured ? 1 : 0;
        continue;
      }
      completedOperations += 1;
      if (measured) {
        latencies.record(end - begin);
      }
      if (end >= windowStart && end < windowEnd) {
        measuredOperations += 1;
      }
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, (_, index) => writer(index)));

  const measuredSeconds = options.durationMs / 1000;
  const result: ClosedLoopResult = {
    measuredOperations,
    measuredSeconds,
    operationsPerSecond: measuredOperations / measuredSeconds,
    latency: latencyPercentiles(latencies),
    completedOperations,
    measuredConflicts,
    measuredAbandoned,
    abandonedOperations,
  };
  return firstError === undefined ? result : { ...result, error: describeError(firstError) };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.name} ${code}: ${error.message}` : `${error.name}: ${error.message}`;
  }
  return String(error);
}
