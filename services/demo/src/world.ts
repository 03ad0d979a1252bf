import { findNipProblem } from '@fleksi/contracts';

import type { Random } from './random.ts';

/** Rough centre of Tobadak, the regency capital; offices are placed around it. Approximate, for the simulation only. */
export const CAPITAL = { latitude: -1.8796, longitude: 119.4665 };

/** A regency's OPD (unit code, name, relative size); front-line services stay in the office as comparison units. */
const UNITS: ReadonlyArray<{ id: string; name: string; weight: number; comparison?: true }> = [
  { id: 'setda', name: 'Sekretariat Daerah', weight: 6 },
  { id: 'setwan', name: 'Sekretariat DPRD', weight: 3 },
  { id: 'inspektorat', name: 'Inspektorat Daerah', weight: 3 },
  { id: 'bappeda', name: 'Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah', weight: 3 },
  { id: 'bkpsdm', name: 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia', weight: 3 },
  { id: 'bpkad', name: 'Badan Pengelolaan Keuangan dan Aset Daerah', weight: 4 },
  { id: 'bapenda', name: 'Badan Pendapatan Daerah', weight: 3 },
  { id: 'bpbd', name: 'Badan Penanggulangan Bencana Daerah', weight: 2, comparison: true },
  { id: 'kesbangpol', name: 'Badan Kesatuan Bangsa dan Politik', weight: 2 },
  { id: 'disdikbud', name: 'Dinas Pendidikan dan Kebudayaan', weight: 6 },
  { id: 'dinkes', name: 'Dinas Kesehatan', weight: 5, comparison: true },
  { id: 'dpupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', weight: 4 },
  { id: 'perkim', name: 'Dinas Perumahan dan Kawasan Permukiman', weight: 2 },
  { id: 'satpolpp', name: 'Satuan Polisi Pamong Praja dan Pemadam Kebakaran', weight: 3, comparison: true },
  { id: 'dinsos', name: 'Dinas Sosial', weight: 2 },
  { id: 'disnakertrans', name: 'Dinas Tenaga Kerja dan Transmigrasi', weight: 2 },
  { id: 'dp3ap2kb', name: 'Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan KB', weight: 2 },
  { id: 'dkp', name: 'Dinas Ketahanan Pangan', weight: 2 },
  { id: 'dlh', name: 'Dinas Lingkungan Hidup', weight: 2 },
  { id: 'disdukcapil', name: 'Dinas Kependudukan dan Pencatatan Sipil', weight: 2, comparison: true },
  { id: 'dpmd', name: 'Dinas Pemberdayaan Masyarakat dan Desa', weight: 2 },
  { id: 'dishub', name: 'Dinas Perhubungan', weight: 2, comparison: true },
  { id: 'diskominfo', name: 'Dinas Komunikasi, Informatika dan Persandian', weight: 2 },
  { id: 'diskukmperindag', name: 'Dinas Koperasi, UKM, Perindustrian dan Perdagangan', weight: 2 },
  { id: 'dpmptsp', name: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu', weight: 2, comparison: true },
  { id: 'dispora', name: 'Dinas Kepemudaan, Olahraga dan Pariwisata', weight: 2 },
  { id: 'dispusip', name: 'Dinas Perpustakaan dan Kearsipan', weight: 1 },
  { id: 'diskan', name: 'Dinas Perikanan', weight: 2 },
  { id: 'distanbun', name: 'Dinas Pertanian dan Perkebunan', weight: 3 },
  { id: 'disnak', name: 'Dinas Peternakan dan Kesehatan Hewan', weight: 2 },
];

const FIRST_NAMES = [
  'Andi', 'Muhammad', 'Nur', 'Siti', 'Ahmad', 'Rahmat', 'Sri', 'Dewi', 'Hasan', 'Fitri', 'Irwan', 'Syamsul', 'Marlina', 'Yusuf', 'Rusli',
  'Hasnah', 'Arifin', 'Nurhayati', 'Ridwan', 'Sitti', 'Jumriah', 'Baharuddin', 'Ratna', 'Agus', 'Wahyu', 'Indah', 'Herman', 'Suryani', 'Fadli', 'Asriani',
];
const LAST_NAMES = [
  'Pratama', 'Rahman', 'Hidayat', 'Saputra', 'Wahyuni', 'Lestari', 'Kurniawan', 'Haris', 'Syam', 'Jamal', 'Halim', 'Amir', 'Basri', 'Mappanyompa',
  'Tandiarrang', 'Sulaiman', 'Ramli', 'Nasrun', 'Patongai', 'Usman', 'Latif', 'Darwis', 'Hamzah', 'Rasyid', 'Palullungan',
];

export interface Unit {
  readonly id: string;
  readonly name: string;
  readonly comparison: boolean;
  readonly office: { latitude: number; longitude: number };
}

export interface Employee {
  readonly nip: string;
  readonly name: string;
  readonly kind: 'PNS' | 'PPPK';
  readonly unitId: string;
  readonly supervisorNip: string | null;
  readonly roles: Array<'employee' | 'supervisor' | 'unit_admin'>;
  readonly domicile: { latitude: number; longitude: number };
  /** Terminal user id of the office fingerprint machine. */
  readonly pin: string;
  /** Mean arrival relative to the start of the day, in minutes (negative is early). */
  readonly arrivalOffset: number;
  /** Chance of filing an on-time daily report on a normal day. */
  readonly diligence: number;
  /** Tries a WFO check-in from home now and then (fake location). */
  readonly triesFakeLocation: boolean;
}

export interface World {
  readonly units: readonly Unit[];
  readonly employees: readonly Employee[];
}

/** Three ASN per OPD at least: a head, a supervisor and a unit admin. */
const MIN_UNIT_STAFF = 3;

/** The smallest regency the simulator plays: every OPD at its minimum staff. */
export const MIN_EMPLOYEES = UNITS.length * MIN_UNIT_STAFF;

/** Generates a regency: about 30 OPD around the capital and `size` ASN with valid NIPs and supervisors. */
export function generateWorld(size: number, random: Random): World {
  if (size < MIN_EMPLOYEES) {
    throw new RangeError(`the simulated regency needs at least ${MIN_EMPLOYEES} ASN, ${MIN_UNIT_STAFF} per OPD; got ${size}`);
  }
  const units: Unit[] = UNITS.map((unit) => ({
    id: unit.id,
    name: unit.name,
    comparison: unit.comparison === true,
    office: offset(CAPITAL, random.integer(-2_500, 2_500), random.integer(-2_500, 2_500)),
  }));

  const totalWeight = UNITS.reduce((sum, unit) => sum + unit.weight, 0);
  const taken = new Set<string>();
  const employees: Employee[] = [];
  let pin = 100;

  const headcounts = apportion(size, UNITS.map((unit) => unit.weight / totalWeight));
  for (const [index, unit] of units.entries()) {
    const headcount = headcounts[index] ?? MIN_UNIT_STAFF;
    const staff: Employee[] = [];
    for (let member = 0; member < headcount; member += 1) {
      // The first is the head of the unit; every eighth after that supervises a team.
      const isHead = member === 0;
      const isSupervisor = isHead || member % 8 === 1;
      const kind = random.chance(0.25) && !isSupervisor ? 'PPPK' : 'PNS';
      const nip = uniqueNip(kind, random, taken);
      const head = staff[0];
      const team = staff.filter((candidate) => candidate.roles.includes('supervisor') && candidate !== head);
      const supervisorNip = isHead ? null : isSupervisor ? (head?.nip ?? null) : (team[team.length - 1]?.nip ?? head?.nip ?? null);
      const roles: Employee['roles'] = ['employee'];
      if (isSupervisor) {
        roles.push('supervisor');
      }
      if (member === 2) {
        roles.push('unit_admin');
      }
      pin += 1;
      staff.push({
        nip,
        name: `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`,
        kind,
        unitId: unit.id,
        supervisorNip,
        roles,
        domicile: offset(unit.office, random.integer(-5_000, 5_000), random.integer(-5_000, 5_000)),
        pin: String(pin),
        arrivalOffset: random.normal(-12, 10),
        diligence: Math.min(0.99, Math.max(0.55, random.normal(0.9, 0.07))),
        triesFakeLocation: random.chance(0.03),
      });
    }
    employees.push(...staff);
  }
  return { units, employees };
}

function uniqueNip(kind: 'PNS' | 'PPPK', random: Random, taken: Set<string>): string {
  for (;;) {
    const birthYear = random.integer(1968, 2000);
    const birth = `${birthYear}${String(random.integer(1, 12)).padStart(2, '0')}${String(random.integer(1, 28)).padStart(2, '0')}`;
    // PNS: appointment year and month; PPPK: a year and a two-digit code that is not a month.
    const middle =
      kind === 'PNS'
        ? `${Math.min(2024, birthYear + random.integer(21, 32))}${String(random.integer(1, 12)).padStart(2, '0')}`
        : `${random.integer(2021, 2024)}${random.integer(21, 29)}`;
    const nip = `${birth}${middle}${random.integer(1, 2)}${String(random.integer(1, 999)).padStart(3, '0')}`;
    if (!taken.has(nip) && findNipProblem(nip, kind) === undefined) {
      taken.add(nip);
      return nip;
    }
  }
}

/** Moves a point by metres north and east (small distances, spherical Earth). */
export function offset(point: { latitude: number; longitude: number }, northMeters: number, eastMeters: number): { latitude: number; longitude: number } {
  const latitude = point.latitude + northMeters / 111_195;
  const longitude = point.longitude + eastMeters / (111_195 * Math.cos((point.latitude * Math.PI) / 180));
  return { latitude: Math.round(latitude * 1e6) / 1e6, longitude: Math.round(longitude * 1e6) / 1e6 };
}

/**
 * Splits `size` over the units by their shares, at least MIN_UNIT_STAFF each, so the
 * regency has exactly `size` ASN: largest remainders get the seats rounding left over.
 */
function apportion(size: number, shares: readonly number[]): number[] {
  const quotas = shares.map((share) => Math.max(MIN_UNIT_STAFF, size * share));
  const counts = quotas.map((quota) => Math.floor(quota));
  const byRemainder = quotas.map((quota, index) => ({ index, remainder: quota - Math.floor(quota) })).sort((a, b) => b.remainder - a.remainder);
  let left = size - counts.reduce((sum, count) => sum + count, 0);
  for (let turn = 0; left > 0; turn += 1, left -= 1) {
    const unit = byRemainder[turn % byRemainder.length]!.index;
    counts[unit] = counts[unit]! + 1;
  }
  // The minimum can overshoot `size`; the largest units give the extra seats back.
  while (left < 0) {
    const largest = counts.indexOf(Math.max(...counts));
    counts[largest] = counts[largest]! - 1;
    left += 1;
  }
  return counts;
}
