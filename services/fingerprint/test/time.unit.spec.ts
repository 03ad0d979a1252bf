import { describe, expect, it } from 'vitest';

import { toInstant } from '../src/index.ts';

describe('toInstant', () => {
  it.each([
    ['Asia/Jakarta', '2026-01-05T00:30:00.000Z'],
    ['Asia/Makassar', '2026-01-04T23:30:00.000Z'],
    ['Asia/Jayapura', '2026-01-04T22:30:00.000Z'],
  ])('converts 07:30 in %s', (zone, instant) => {
    expect(toInstant('2026-01-05T07:30:00', zone)).toBe(instant);
  });

  it('names the zone it cannot use', () => {
    expect(() => toInstant('2026-01-05T07:30:00', 'WITA')).toThrow(/zone "WITA"/);
  });

  it('rejects a date-time with an offset', () => {
    expect(() => toInstant('2026-01-05T07:30:00+08:00', 'Asia/Makassar')).toThrow(RangeError);
  });

  it('rejects a date-time that does not exist', () => {
    expect(() => toInstant('2026-02-30T07:30:00', 'Asia/Makassar')).toThrow(RangeError);
  });
});
