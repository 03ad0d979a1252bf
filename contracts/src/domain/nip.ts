import { z } from 'zod';

import type { EmployeeKind } from './primitives.ts';

export type NipProblem = 'NOT_18_DIGITS' | 'INVALID_BIRTH_DATE' | 'INVALID_APPOINTMENT_MONTH' | 'INVALID_SEX_DIGIT' | 'ZERO_SERIAL';

/**
 * Checks an 18-digit NIP.
 *
 * Both PNS and PPPK NIPs start with the birth date (YYYYMMDD), carry the sex in
 * digit 15 (1 male, 2 female) and end with a serial 001-999. Only for PNS are
 * digits 9-14 the appointment year and month (TMT CPNS); PPPK NIPs use those digits
 * differently, so they are not checked. There is no check digit.
 */
export function findNipProblem(nip: string, kind: EmployeeKind): NipProblem | undefined {
  if (!/^\d{18}$/.test(nip)) {
    return 'NOT_18_DIGITS';
  }

  const birthYear = Number(nip.slice(0, 4));
  if (!isRealDate(birthYear, Number(nip.slice(4, 6)), Number(nip.slice(6, 8))) || birthYear < 1900) {
    return 'INVALID_BIRTH_DATE';
  }

  if (kind === 'PNS') {
    const appointmentYear = Number(nip.slice(8, 12));
    const appointmentMonth = Number(nip.slice(12, 14));
    if (appointmentMonth < 1 || appointmentMonth > 12 || appointmentYear < birthYear) {
      return 'INVALID_APPOINTMENT_MONTH';
    }
  }

  const sexDigit = nip.charAt(14);
  if (sexDigit !== '1' && sexDigit !== '2') {
    return 'INVALID_SEX_DIGIT';
  }
  if (nip.slice(15) === '000') {
    return 'ZERO_SERIAL';
  }
  return undefined;
}

/** An 18-digit string; the full check needs the employee kind, see `findNipProblem`. */
export const Nip = z.string().regex(/^\d{18}$/, 'expected an NIP of exactly 18 digits');
export type Nip = z.infer<typeof Nip>;

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
