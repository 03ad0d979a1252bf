import { appendWorkload } from './append.ts';
import { commandWorkload } from './command.ts';
import { demoWorkload } from './demo.ts';
import { evaluationWorkload } from './evaluation.ts';
import { growthWorkload } from './growth.ts';
import { readBackWorkload } from './read-back.ts';
import { rebuildWorkload } from './rebuild.ts';
import type { WorkloadDefinition } from './workload.ts';

/**
 * Workloads of `npm run bench`, in the order a full run measures them. Growth comes
 * after rebuild so it can copy the largest rebuild log instead of generating anew.
 */
export const WORKLOADS: readonly WorkloadDefinition[] = [
  appendWorkload,
  readBackWorkload,
  commandWorkload,
  rebuildWorkload,
  growthWorkload,
  evaluationWorkload,
  demoWorkload,
];

export function findWorkload(name: string): WorkloadDefinition {
  const workload = WORKLOADS.find((candidate) => candidate.name === name);
  if (workload === undefined) {
    throw new Error(`unknown workload ${JSON.stringify(name)}; expected one of ${WORKLOADS.map((known) => known.name).join(', ')}`);
  }
  return workload;
}

export type { WorkloadDefinition } from './workload.ts';
