import type { BenchSettings } from './settings.ts';

/** The stores compared in every workload. */
export const SYSTEMS = ['fleksi', 'emmett', 'ceiling'] as const;
export type SystemName = (typeof SYSTEMS)[number];

export const SYSTEM_LABELS: Record<SystemName, string> = {
  fleksi: 'Fleksi (PostgresEventStore)',
  emmett: 'Emmett 0.42.0 (emmett-postgresql)',
  ceiling: 'ceiling (plain pg)',
};

/** One measurement: a variant of a workload on one system, on a fresh database. */
export interface TrialSpec {
  readonly workload: string;
  readonly variant: string;
  readonly system: SystemName;
  /** Zero-based repeat this trial belongs to. */
  readonly repeat: number;
  /** Superuser connection string. The trial creates and drops its own database. */
  readonly adminUrl: string;
  readonly settings: BenchSettings;
}

export interface TrialCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface TrialResult {
  readonly spec: Omit<TrialSpec, 'adminUrl' | 'settings'>;
  /** Figures of this trial, keyed as the workload's metric definitions name them. */
  readonly metrics: Record<string, number>;
  readonly checks: readonly TrialCheck[];
  /** Extra facts for the JSON file, such as seeding time or stored row counts. */
  readonly details: Record<string, unknown>;
  /** Set when the trial failed before it could measure. */
  readonly error?: string;
}

export function check(name: string, passed: boolean, detail: string): TrialCheck {
  return { name, passed, detail };
}

export function failedTrial(spec: TrialSpec, error: string): TrialResult {
  return {
    spec: publicSpec(spec),
    metrics: {},
    checks: [check('trial completed', false, error)],
    details: {},
    error,
  };
}

export function publicSpec(spec: TrialSpec): TrialResult['spec'] {
  return { workload: spec.workload, variant: spec.variant, system: spec.system, repeat: spec.repeat };
}
