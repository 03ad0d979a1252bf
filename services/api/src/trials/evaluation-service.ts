import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

import type { TrialDefinition } from '@fleksi/contracts';
import type { EvaluationRow, TrialEvaluation } from '@fleksi/read-models';

/**
 * Runs trial evaluations in worker threads and keeps the latest results. A result is
 * reused while the evaluated rows (closed workdays of the trial) and the definition
 * are unchanged. Check-ins on the open day, or any other tenant's commands, move the
 * log but not those rows, so an evaluator reloading the report during office hours
 * does not wait for thousands of bootstrap samples again.
 */
export class TrialEvaluationService {
  private readonly cache = new Map<string, Promise<TrialEvaluation>>();
  private started = 0;

  constructor(private readonly maxEntries = 20) {}

  /** Evaluations computed so far, as opposed to served from the cache. */
  get computations(): number {
    return this.started;
  }

  evaluate(scope: string, trial: TrialDefinition, revision: number, rows: readonly EvaluationRow[], bootstrapSamples: number): Promise<TrialEvaluation> {
    const key = [scope, revision, bootstrapSamples, rowsDigest(rows)].join('|');
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      return cached;
    }
    this.started += 1;
    const running = runInWorker({ trial, revision, rows, bootstrapSamples });
    running.catch(() => this.cache.delete(key));
    this.cache.set(key, running);
    while (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) {
        break;
      }
      this.cache.delete(oldest);
    }
    return running;
  }
}

/** Returns the SHA-256 of every row in order, so a changed, added or dropped row gives a new digest. */
function rowsDigest(rows: readonly EvaluationRow[]): string {
  const hash = createHash('sha256');
  for (const row of rows) {
    hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

function runInWorker(input: { trial: TrialDefinition; revision: number; rows: readonly EvaluationRow[]; bootstrapSamples: number }): Promise<TrialEvaluation> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./evaluation-worker.mjs', import.meta.url), { workerData: input });
    worker.once('message', (result: TrialEvaluation) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`trial evaluation worker exited with code ${code}`));
      }
    });
  });
}
