import type { Random } from './random.ts';
import type { Employee } from './world.ts';

/** What one employee does on one workday, decided before the day is played. */
export interface DayPlan {
  readonly nip: string;
  /** Minutes after midnight, local time; null when the employee does not come. */
  readonly checkIn: number | null;
  readonly checkOut: number | null;
  /** A first WFO check-in attempt from far away, rejected by the geofence. */
  readonly fakeLocationAttempt: boolean;
  /** Minutes after midnight of the report; above 1,440 it is sent the next day (late). */
  readonly reportAt: number | null;
  readonly reportMinutes: number;
}

export interface DayContext {
  readonly startMinutes: number;
  readonly endMinutes: number;
  readonly wfa: boolean;
  readonly friday: boolean;
  readonly ramadan: boolean;
  /** Change in the chance of an on-time report on WFA days, in percentage points. */
  readonly wfaEffectPoints: number;
}

/**
 * Plays one employee-workday with a realistic texture: most arrive a little early, a
 * few are late, some forget to check out, reports are usually filed in the afternoon
 * and sometimes only the next morning. Fridays and Ramadan days dip a little in every
 * period, so an honest evaluation has to separate them from WFA.
 */
export function planDay(employee: Employee, context: DayContext, random: Random): DayPlan {
  const arrival = Math.round(context.startMinutes + employee.arrivalOffset + random.normal(0, 9) + (random.chance(0.05) ? random.integer(20, 120) : 0));
  const departure = Math.round(context.endMinutes + random.normal(12, 12) - (random.chance(0.04) ? random.integer(20, 100) : 0));
  const forgotCheckOut = random.chance(0.03);

  let onTimeChance = employee.diligence;
  if (context.friday) {
    onTimeChance -= 0.03;
  }
  if (context.ramadan) {
    onTimeChance -= 0.05;
  }
  if (context.wfa) {
    onTimeChance += context.wfaEffectPoints / 100;
  }
  const roll = random.next();
  const reportAt = roll < onTimeChance ? random.integer(context.endMinutes - 90, context.endMinutes + 240) : roll < onTimeChance + 0.06 ? 1_440 + random.integer(420, 600) : null;

  return {
    nip: employee.nip,
    checkIn: Math.max(6 * 60, arrival),
    checkOut: forgotCheckOut ? null : Math.min(21 * 60, Math.max(arrival + 60, departure)),
    fakeLocationAttempt: employee.triesFakeLocation && random.chance(0.2),
    reportAt,
    reportMinutes: random.integer(120, 420),
  };
}

/** Local `HH:MM` of minutes after midnight. */
export function clockTime(minutes: number): string {
  const wrapped = ((minutes % 1_440) + 1_440) % 1_440;
  return `${String(Math.floor(wrapped / 60)).padStart(2, '0')}:${String(wrapped % 60).padStart(2, '0')}`;
}

const ACTIVITIES = [
  ['Menyusun laporan realisasi kegiatan', 'dokumen'],
  ['Memverifikasi dokumen pertanggungjawaban', 'berkas'],
  ['Mengikuti rapat koordinasi', 'notula'],
  ['Melayani konsultasi masyarakat', 'orang'],
  ['Menginput data ke aplikasi', 'data'],
  ['Menyusun draf surat dinas', 'surat'],
  ['Melakukan monitoring lapangan', 'lokasi'],
  ['Memperbarui data kepegawaian', 'data'],
] as const;

export function describeActivity(random: Random): { description: string; outputUnit: string; outputQuantity: number } {
  const [description, outputUnit] = random.pick(ACTIVITIES);
  return { description, outputUnit, outputQuantity: random.integer(1, 12) };
}
