import { Worker } from 'node:worker_threads';

import type { TrialDefinition } from '@fleksi/contracts';
import type { EvaluationRow, TrialEvaluation } from '@fleksi/read-models';

/**
 * Runs trial evaluations in worker threads and keeps the latest results. A result is
 * reused while the read model has not moved and the definition is unchanged, so an
 * evaluator reloading the report does not recompute thousands of bootstrap samples.
 */
export class TrialEvaluationService {
  private readonly cache = new Map<string, Promise<TrialEvaluation>>();

  constructor(private readonly maxEntries = 20) {}

  evaluate(key: string, trial: TrialDefinition, revision: number, rows: readonly EvaluationRow[], bootstrapSamples: number): Promise<TrialEvaluation> {
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      return cached;
    }
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
