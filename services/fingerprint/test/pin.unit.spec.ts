import { describe, expect, it } from 'vitest';

import { comparePins, normalizePin } from '../src/index.ts';

describe('normalizePin', () => {
  it.each([
    ['12', '12'],
    ['00012', '12'],
    ['   12', '12'],
    ['000', '0'],
    ['A0012', 'A0012'],
    ['a12', 'a12'],
  ])('turns "%s" into "%s"', (text, expected) => {
    expect(normalizePin(text)).toBe(expected);
  });

  it.each(['', '   ', '#7', '12-3', '1 2', '1234567890123456789012345'])('rejects "%s"', (text) => {
    expect(normalizePin(text)).toBeNull();
  });
});

describe('comparePins', () => {
  it('sorts numeric PINs by value, before other PINs', () => {
    const pins = ['B2', '100', '9', 'A1', '10'];

    expect([...pins].sort(comparePins)).toEqual(['9', '10', '100', 'A1', 'B2']);
  });
});
