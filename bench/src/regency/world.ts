import { findNipProblem, type TrialDefinition } from '@fleksi/contracts';

import { SeededRandom } from './random.ts';

/*
 * A simulated regency for the benchmarks that need realistic data: units (OPD) with
 * an office geofence each, and civil servants with valid NIPs, supervisors and a
 * domicile. Everything follows from the size and the seed, so two runs build the same
 * regency and a cached event log can be extended.
 */

export const REGENCY_TENANT = 'kabupaten-bench';
export const TRIAL_ID = 'wfa-bench';
/** Rough centre of Tobadak, Mamuju Tengah; offices lie within 2.5 km of it. */
const CAPITAL = { latitude: -1.8796, longitude: 119.4665 };
export const GEOFENCE_RADIUS_METERS = 150;

export interface Unit {
  readonly id: string;
  readonly name: string;
  readonly office: { readonly latitude: number; readonly longitude: number };
  /** Comparison units stay in the office during the WFA trial. */
  readonly comparison: boolean;
}

export interface Employee {
  /** Position in `Regency.employees`. */
  readonly index: number;
  readonly nip: string;
  readonly name: string;
  readonly unitId: string;
  readonly supervisorNip: string | null;
  readonly roles: readonly ('employee' | 'supervisor')[];
  readonly domicile: { readonly latitude: number; readonly longitude: number };
  /** Mean arrival relative to the start of the workday, in minutes; negative is early. */
  readonly arrivalOffsetMinutes: number;
  /** Chance of submitting the daily report on a workday. */
  readonly diligence: number;
}

export interface Regency {
  readonly tenantId: string;
  readonly units: readonly Unit[];
  readonly employees: readonly Employee[];
}

const FIRST_NAMES = ['Andi', 'Muhammad', 'Nur', 'Siti', 'Ahmad', 'Rahmat', 'Sri', 'Dewi', 'Hasan', 'Fitri', 'Irwan', 'Marlina', 'Yusuf', 'Ratna'];
const LAST_NAMES = ['Pratama', 'Rahman', 'Hidayat', 'Saputra', 'Wahyuni', 'Lestari', 'Kurniawan', 'Halim', 'Basri', 'Sulaiman', 'Ramli', 'Hamzah'];

/** Team size under one supervisor; the first member of each unit heads it. */
const TEAM_SIZE = 8;

/**
 * Builds a regency of `employeeCount` employees in `min(30, ceil(employeeCount / 3))`
 * units. Every sixth unit is a comparison unit of the WFA trial.
 */
export function generateRegency(employeeCount: number, seed = 2026, unitCount = Math.min(30, Math.ceil(employeeCount / 3))): Regency {
  const random = SeededRandom.forKey(seed, 'regency');
  const units: Unit[] = Array.from({ length: unitCount }, (_, index) => {
    const number = String(index + 1).padStart(2, '0');
    return {
      id: `opd-${number}`,
      name: `Organisasi Perangkat Daerah ${number}`,
      office: offset(CAPITAL, random.integer(-2_500, 2_500), random.integer(-2_500, 2_500)),
      comparison: index % 6 === 5,
    };
  });

  const employees: Employee[] = [];
  const members = new Map<string, Employee[]>();
  for (let index = 0; index < employeeCount; index += 1) {
    const unit = units[index % unitCount];
    if (unit === undefined) {
      throw new Error(`unit ${index % unitCount} of ${unitCount} is missing`);
    }
    const staff = members.get(unit.id) ?? [];
    const member = staff.length;
    const isHead = member === 0;
    const leadsTeam = member % TEAM_SIZE === 1;
    const head = staff[0];
    const teamLeader = staff[member - ((member - 1) % TEAM_SIZE)];
    const supervisorNip = isHead ? null : leadsTeam ? (head?.nip ?? null) : (teamLeader?.nip ?? head?.nip ?? null);
    const employee: Employee = {
      index,
      nip: nipFor(index),
      name: `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`,
      unitId: unit.id,
      supervisorNip,
      roles: isHead || leadsTeam ? ['employee', 'supervisor'] : ['employee'],
      domicile: offset(unit.office, random.integer(-5_000, 5_000), random.integer(-5_000, 5_000)),
      arrivalOffsetMinutes: random.integer(-25, 5),
      diligence: 0.8 + random.next() * 0.19,
    };
    staff.push(employee);
    members.set(unit.id, staff);
    employees.push(employee);
  }
  return { tenantId: REGENCY_TENANT, units, employees };
}

/**
 * Returns a valid PNS NIP unique to `index`: birth date, appointment year and month,
 * sex digit and a serial from 001 to 999. Indices share a birth date in groups of 999.
 */
export function nipFor(index: number): string {
  const birth = new Date(Date.UTC(1970, 0, 1 + 7 * Math.floor(index / 999)));
  const year = birth.getUTCFullYear();
  const date = `${year}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCDate(), 2)}`;
  const appointment = `${year + 25}${pad((index % 12) + 1, 2)}`;
  const nip = `${date}${appointment}${(index % 2) + 1}${pad((index % 999) + 1, 3)}`;
  const problem = findNipProblem(nip, 'PNS');
  if (problem !== undefined) {
    throw new Error(`generated NIP ${nip} for employee ${index} is invalid: ${problem}`);
  }
  return nip;
}

/**
 * The trial of the generated logs and of the evaluation workload: WFA on Thursdays
 * and Fridays for every unit except the comparison units.
 */
export function trialDefinition(regency: Regency, period: { baselineStart: string; baselineEnd: string; startDate: string; endDate: string }): TrialDefinition {
  return {
    trialId: TRIAL_ID,
    name: 'Uji coba WFA kabupaten simulasi',
    ...period,
    wfaWeekdays: ['thursday', 'friday'],
    participatingUnits: regency.units.filter((unit) => !unit.comparison).map((unit) => unit.id),
    comparisonUnits: regency.units.filter((unit) => unit.comparison).map((unit) => unit.id),
    margins: {},
  };
}

/** Moves a point by metres north and east (small distances, spherical Earth). */
export function offset(point: { latitude: number; longitude: number }, northMeters: number, eastMeters: number): { latitude: number; longitude: number } {
  const latitude = point.latitude + northMeters / 111_195;
  const longitude = point.longitude + eastMeters / (111_195 * Math.cos((point.latitude * Math.PI) / 180));
  return { latitude: Math.round(latitude * 1e6) / 1e6, longitude: Math.round(longitude * 1e6) / 1e6 };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
