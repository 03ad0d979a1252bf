import os from 'node:os';

import type { ServerSettings } from './postgres.ts';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly logicalCores: number;
  readonly memoryGiB: number;
  readonly platform: string;
  readonly nodeVersion: string;
  /** 1-minute load average before the run started anything, and when the workload ended. */
  readonly loadAverageAtStart: number;
  loadAverageAtEnd?: number;
  readonly postgres: ServerSettings & { readonly origin: string };
}

export function describeMachine(postgres: ServerSettings & { readonly origin: string }, loadAverageAtStart = roundedLoad()): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    logicalCores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    nodeVersion: process.version,
    loadAverageAtStart,
    postgres,
  };
}

export function roundedLoad(): number {
  return Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
}
