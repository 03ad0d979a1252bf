import { describe, expect, it } from 'vitest';

import { normalizePin, parsePinMap, type PinMapRejectReasonCode } from '../src/index.ts';
import { PIN_MAP, readFixture } from './fixture-files.ts';

describe('parsePinMap on the office spreadsheet', () => {
  const text = readFixture(PIN_MAP);

  it('maps the valid PINs', () => {
    const { map } = parsePinMap(text);

    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(map.size).toBe(11);
    expect([...map.keys()]).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '12']);
  });

  it('trims spaces and quotes around fields', () => {
    const { map } = parsePinMap(text);

    expect(map.get('1')).toBe('198201152006041001');
    expect(map.get('2')).toBe('198507222009032003');
    expect(map.get('3')).toBe('197912302005011002');
  });

  it('accepts a NIP in printed groups', () => {
    const { map } = parsePinMap(text);

    expect(map.get('4')).toBe('199003112015032001');
  });

  it('stores a zero-padded PIN under its canonical form', () => {
    const { map } = parsePinMap(text);

    expect(map.get('12')).toBe('198302282008011005');
    expect(map.get(normalizePin('0012') ?? '')).toBe('198302282008011005');
  });

  it('accepts a repeated identical row', () => {
    const { map, rejected } = parsePinMap(text);

    expect(map.get('5')).toBe('198811042012121001');
    expect(rejected.some((row) => row.lineNumber === 18)).toBe(false);
  });

  it('leaves a conflicting PIN out', () => {
    const { map } = parsePinMap(text);

    expect(map.has('11')).toBe(false);
  });

  it.each<[number, PinMapRejectReasonCode]>([
    [12, 'CONFLICTING_PIN'],
    [15, 'INVALID_NIP'],
    [16, 'INVALID_NIP'],
    [17, 'CONFLICTING_PIN'],
    [19, 'INVALID_PIN'],
    [20, 'MALFORMED_ROW'],
    [21, 'MALFORMED_ROW'],
  ])('rejects line %i as %s', (lineNumber, reason) => {
    const { rejected } = parsePinMap(text);

    const row = rejected.find((candidate) => candidate.lineNumber === lineNumber);

    expect(row?.reason).toBe(reason);
    expect(row?.message).toContain(`line ${lineNumber}`);
  });

  it('orders rejected rows by line', () => {
    const { rejected } = parsePinMap(text);

    expect(rejected.map((row) => row.lineNumber)).toEqual([12, 15, 16, 17, 19, 20, 21]);
  });

  it('explains a NIP mangled by a spreadsheet', () => {
    const { rejected } = parsePinMap(text);

    const mangled = rejected.find((row) => row.lineNumber === 15);

    expect(mangled?.message).toContain('format the NIP column as text');
  });

  it('lists both NIPs of a conflicting PIN', () => {
    const { rejected } = parsePinMap(text);

    const conflict = rejected.find((row) => row.lineNumber === 17);

    expect(conflict?.message).toContain('199512122022032001');
    expect(conflict?.message).toContain('199512122022032007');
  });

  it('returns identical output for the same text', () => {
    expect(parsePinMap(text)).toEqual(parsePinMap(text));
  });
});

describe('parsePinMap layouts', () => {
  it('reads comma separators and any column order', () => {
    const { map, rejected } = parsePinMap('NIP,Name,PIN\n198201152006041001,"Pratama, Andi",7\n');

    expect(rejected).toEqual([]);
    expect(map.get('7')).toBe('198201152006041001');
  });

  it('lets two PINs share one NIP', () => {
    const { map } = parsePinMap('pin,nip\n7,198201152006041001\n107,198201152006041001\n');

    expect(map.get('7')).toBe('198201152006041001');
    expect(map.get('107')).toBe('198201152006041001');
  });

  it('treats zero-padded duplicates as one PIN', () => {
    const { map, rejected } = parsePinMap('pin,nip\n007,198201152006041001\n7,198507222009032003\n');

    expect(map.has('7')).toBe(false);
    expect(rejected.map((row) => row.reason)).toEqual(['CONFLICTING_PIN', 'CONFLICTING_PIN']);
  });

  it('rejects a file without the header', () => {
    const { map, rejected } = parsePinMap('7,198201152006041001\n8,198507222009032003\n');

    expect(map.size).toBe(0);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBe('INVALID_HEADER');
    expect(rejected[0]?.lineNumber).toBe(1);
  });

  it('returns nothing for empty text', () => {
    const { map, rejected } = parsePinMap('\uFEFF\r\n');

    expect(map.size).toBe(0);
    expect(rejected).toEqual([]);
  });
});
