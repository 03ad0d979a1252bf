import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';

import { zoneOf } from '../src/zones.ts';

/** Instants every 7 minutes and 13 seconds from `from` to `to`, to cross slice edges at odd points. */
function instants(from: string, to: string): number[] {
  const result: number[] = [];
  for (let ts = Date.parse(from); ts <= Date.parse(to); ts += 433_000) {
    result.push(ts);
  }
  return result;
}

describe('zoneOf', () => {
  it.each([
    ['Asia/Makassar', '1919-12-31T00:00:00Z', '1920-01-02T00:00:00Z'],
    ['Asia/Jakarta', '1963-12-31T00:00:00Z', '1964-01-02T00:00:00Z'],
    ['Asia/Jayapura', '2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z'],
    ['Europe/Berlin', '2026-03-29T00:00:00Z', '2026-03-29T03:00:00Z'],
    ['Asia/Kathmandu', '1985-12-31T12:00:00Z', '1986-01-01T12:00:00Z'],
  ])('matches luxon in %s', (timeZone, from, to) => {
    const remembering = zoneOf(timeZone);
    for (const ts of instants(from, to)) {
      const expected = DateTime.fromMillis(ts, { zone: timeZone }).toISO();
      expect(DateTime.fromMillis(ts, { zone: remembering }).toISO()).toBe(expected);
    }
  });

  it('keeps an unknown zone invalid', () => {
    expect(DateTime.now().setZone(zoneOf('Asia/Atlantis')).isValid).toBe(false);
  });

  it('formats local times as luxon does', () => {
    const instant = DateTime.fromISO('2026-01-22T07:31:00', { zone: zoneOf('Asia/Makassar') });
    expect(instant.toUTC().toISO()).toBe('2026-01-21T23:31:00.000Z');
    expect(instant.toFormat('HH:mm ZZZZ')).toBe(DateTime.fromISO('2026-01-22T07:31:00', { zone: 'Asia/Makassar' }).toFormat('HH:mm ZZZZ'));
  });
});
