import { appendWorkload } from './append.ts';
import { readBackWorkload } from './read-back.ts';
import type { WorkloadDefinition } from './workload.ts';

/** Workloads of `npm run bench`, in the order a full run measures them. */
export const WORKLOADS: readonly WorkloadDefinition[] = [appendWorkload, readBackWorkload];

export function findWorkload(name: string): WorkloadDefinition {
  const workload = WORKLOADS.find((candidate) => candidate.name === name);
  if (workload === undefined) {
    throw new Error(`unknown workload ${JSON.stringify(name)}; expected one of ${WORKLOADS.map((known) => known.name).join(', ')}`);
  }
  return workload;
}

export type { WorkloadDefinition } from './workload.ts';
