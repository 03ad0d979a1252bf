import { describe, expect, it } from 'vitest';

import { datesBetween } from '../src/time.ts';

describe('datesBetween', () => {
  it('lists both ends and every day between', () => {
    expect(datesBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('is empty when the end is earlier', () => {
    expect(datesBetween('2026-03-02', '2026-03-01')).toEqual([]);
  });

  it('stops at 9999-12-31', () => {
    expect(datesBetween('9999-12-30', '9999-12-31')).toEqual(['9999-12-30', '9999-12-31']);
  });

  it('rejects a range of more than a century', () => {
    expect(() => datesBetween('1900-01-01', '2999-12-31')).toThrow(RangeError);
  });
});
