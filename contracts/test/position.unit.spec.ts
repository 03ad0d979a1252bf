import { describe, expect, it } from 'vitest';

import { compareLogPositions, formatLogPosition, parseLogPosition } from '../src/index.ts';

describe('log positions', () => {
  it('order by commit, then prepare', () => {
    expect(compareLogPositions({ commit: 5n, prepare: 90n }, { commit: 6n, prepare: 10n })).toBe(-1);
    expect(compareLogPositions({ commit: 6n, prepare: 11n }, { commit: 6n, prepare: 10n })).toBe(1);
    expect(compareLogPositions({ commit: 6n, prepare: 10n }, { commit: 6n, prepare: 10n })).toBe(0);
  });

  it('round-trip through their token form', () => {
    const position = { commit: 812n, prepare: 10_240n };

    expect(formatLogPosition(position)).toBe('812-10240');
    expect(parseLogPosition('812-10240')).toEqual(position);
  });

  it('reject malformed tokens', () => {
    for (const token of ['', '812', '812-', '-1-2', '1.5-2', 'a-b', '1-2-3']) {
      expect(parseLogPosition(token)).toBeUndefined();
    }
  });
});
