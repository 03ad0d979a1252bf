import { parentPort, workerData } from 'node:worker_threads';

import { evaluateTrial, type EvaluationRow } from '@fleksi/read-models';
import type { TrialDefinition } from '@fleksi/contracts';

interface Input {
  trial: TrialDefinition;
  revision: number;
  rows: EvaluationRow[];
  bootstrapSamples: number;
}

const input = workerData as Input;
parentPort?.postMessage(evaluateTrial(input.trial, input.revision, input.rows, { bootstrapSamples: input.bootstrapSamples }));
