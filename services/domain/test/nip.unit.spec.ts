import { findNipProblem } from '@fleksi/contracts';
import { describe, expect, it } from 'vitest';

describe('findNipProblem', () => {
  it('accepts a PNS NIP with birth date, appointment month, sex and serial', () => {
    expect(findNipProblem('198609262015051001', 'PNS')).toBeUndefined();
  });

  it('accepts a PPPK NIP whose digits 9-14 are not a month', () => {
    expect(findNipProblem('199203142023211001', 'PPPK')).toBeUndefined();
  });

  it('applies the appointment month check to PNS only', () => {
    expect(findNipProblem('199203142023211001', 'PNS')).toBe('INVALID_APPOINTMENT_MONTH');
  });

  it.each([
    ['19860926201505100', 'NOT_18_DIGITS'],
    ['1986092620150510011', 'NOT_18_DIGITS'],
    ['19860926201505100a', 'NOT_18_DIGITS'],
    ['198602302015051001', 'INVALID_BIRTH_DATE'],
    ['198613262015051001', 'INVALID_BIRTH_DATE'],
    ['198609262015131001', 'INVALID_APPOINTMENT_MONTH'],
    ['198609262015003001', 'INVALID_APPOINTMENT_MONTH'],
    ['198609262015053001', 'INVALID_SEX_DIGIT'],
    ['198609262015051000', 'ZERO_SERIAL'],
  ])('rejects %s as %s', (nip, problem) => {
    expect(findNipProblem(nip, 'PNS')).toBe(problem);
  });

  it('rejects a PPPK NIP with a bad sex digit or zero serial', () => {
    expect(findNipProblem('199203142023213001', 'PPPK')).toBe('INVALID_SEX_DIGIT');
    expect(findNipProblem('199203142023211000', 'PPPK')).toBe('ZERO_SERIAL');
  });
});
