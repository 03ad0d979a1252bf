import { describe, expect, it } from 'vitest';

import { parseAttlog, parseAttlogLine, type AttlogRecord, type RejectReasonCode, type VerifyMode } from '../src/index.ts';
import { PUSH_BODY, readFixture, WEEK_LOG } from './fixture-files.ts';

function recordAt(records: readonly AttlogRecord[], lineNumber: number): AttlogRecord {
  const record = records.find((candidate) => candidate.lineNumber === lineNumber);
  if (record === undefined) {
    throw new Error(`no record for line ${lineNumber}`);
  }
  return record;
}

describe('parseAttlog on the week log', () => {
  const text = readFixture(WEEK_LOG);

  it('counts lines, records and rejections', () => {
    const result = parseAttlog(text);

    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('\r\n');
    expect(result.linesRead).toBe(121);
    expect(result.records).toHaveLength(113);
    expect(result.rejected).toHaveLength(8);
  });

  it.each<[number, RejectReasonCode]>([
    [41, 'INVALID_DATETIME'],
    [57, 'INVALID_DATETIME'],
    [62, 'INVALID_STATE'],
    [79, 'INVALID_VERIFY_MODE'],
    [84, 'INVALID_DATETIME'],
    [87, 'INVALID_PIN'],
    [125, 'MALFORMED_LINE'],
    [126, 'INVALID_DATETIME'],
  ])('rejects line %i as %s', (lineNumber, reason) => {
    const result = parseAttlog(text);

    const rejected = result.rejected.find((line) => line.lineNumber === lineNumber);

    expect(rejected?.reason).toBe(reason);
    expect(rejected?.message).toContain(`line ${lineNumber}`);
  });

  it('keeps the rejected line as read, without CR', () => {
    const result = parseAttlog(text);

    const truncated = result.rejected.find((line) => line.lineNumber === 57);

    expect(truncated?.line).toBe('    4\t2026-01-07 07:2');
  });

  it('names the invalid value in messages', () => {
    const result = parseAttlog(text);

    const messages = new Map(result.rejected.map((line) => [line.lineNumber, line.message]));

    expect(messages.get(41)).toContain('"2026-01-06 25:61:00"');
    expect(messages.get(84)).toContain('"2026-02-30 07:31:12"');
    expect(messages.get(62)).toContain('state "I"');
    expect(messages.get(87)).toContain('PIN "#7"');
  });

  it('reads the first line despite the BOM', () => {
    const result = parseAttlog(text);

    const first = result.records[0];

    expect(first?.lineNumber).toBe(1);
    expect(first?.pin).toBe('1');
  });

  it('trims right-aligned PINs', () => {
    const result = parseAttlog(text);

    expect(recordAt(result.records, 10).pin).toBe('12');
    expect(recordAt(result.records, 42).pin).toBe('4321');
  });

  it('numbers lines across blank lines', () => {
    const result = parseAttlog(text);

    const afterTwoBlankLines = recordAt(result.records, 55);

    expect(afterTwoBlankLines.localDateTime).toBe('2026-01-07T07:23:14');
  });

  it('reads all fields of a record', () => {
    const result = parseAttlog(text);

    const record = recordAt(result.records, 17);

    expect(record).toEqual({
      lineNumber: 17,
      pin: '5',
      localDateTime: '2026-01-05T16:02:30',
      date: '2026-01-05',
      state: 1,
      verifyMode: 'fingerprint',
      verifyModeCode: 1,
      workCode: '0',
    });
  });

  it('ignores extra trailing columns', () => {
    const result = parseAttlog(text);

    const record = recordAt(result.records, 102);

    expect(record.state).toBe(0);
    expect(record.verifyModeCode).toBe(1);
    expect(record.workCode).toBe('0');
  });

  it.each<[number, VerifyMode]>([
    [1, 'fingerprint'],
    [5, 'face'],
    [9, 'card'],
    [106, 'password'],
  ])('maps the verify code of line %i to %s', (lineNumber, verifyMode) => {
    const result = parseAttlog(text);

    expect(recordAt(result.records, lineNumber).verifyMode).toBe(verifyMode);
  });

  it('dates a midnight record on the new day', () => {
    const result = parseAttlog(text);

    const midnight = recordAt(result.records, 124);

    expect(midnight.localDateTime).toBe('2026-01-10T00:00:00');
    expect(midnight.date).toBe('2026-01-10');
  });

  it('keeps duplicate records for pairing to drop', () => {
    const result = parseAttlog(text);

    expect(recordAt(result.records, 30)).toEqual({ ...recordAt(result.records, 31), lineNumber: 30 });
  });

  it('returns identical output for the same text', () => {
    const first = parseAttlog(text);
    const second = parseAttlog(text);

    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});

describe('parseAttlog on an ADMS push body', () => {
  it('reads the lines like a file', () => {
    const result = parseAttlog(readFixture(PUSH_BODY));

    expect(result.rejected).toEqual([]);
    expect(result.records.map((record) => record.pin)).toEqual(['1', '2', '1', '2']);
    expect(result.records.every((record) => record.state === 255)).toBe(true);
  });
});

describe('parseAttlog line layouts', () => {
  const tabLine = '   12\t2026-01-05 07:35:40\t0\t1\t7\t0';

  it('reads space-separated lines like tab-separated ones', () => {
    const fromTabs = parseAttlog(tabLine).records[0];
    const fromSpaces = parseAttlog('   12   2026-01-05 07:35:40   0   1   7   0').records[0];

    expect(fromSpaces).toEqual(fromTabs);
    expect(fromSpaces?.workCode).toBe('7');
  });

  it('joins date and time in two tab columns', () => {
    const record = parseAttlog('12\t2026-01-05\t07:35:40\t0\t1\t7').records[0];

    expect(record?.localDateTime).toBe('2026-01-05T07:35:40');
    expect(record?.state).toBe(0);
    expect(record?.workCode).toBe('7');
  });

  it('reads an empty tab field as null', () => {
    const record = parseAttlog('7\t2026-01-05 07:31:20\t\t1\t\t0').records[0];

    expect(record?.state).toBeNull();
    expect(record?.verifyModeCode).toBe(1);
    expect(record?.workCode).toBeNull();
  });

  it('accepts a line with PIN and date-time only', () => {
    const record = parseAttlog('7\t2026-01-05 07:31:20').records[0];

    expect(record?.state).toBeNull();
    expect(record?.verifyModeCode).toBeNull();
    expect(record?.verifyMode).toBe('other');
    expect(record?.workCode).toBeNull();
  });

  it('rejects letters in the state of a space-separated line', () => {
    const result = parseAttlog('7 2026-01-05 07:31:20 X 1');

    expect(result.rejected[0]?.reason).toBe('INVALID_STATE');
  });

  it('rejects a line cut after the PIN', () => {
    const result = parseAttlog('   7\t');

    expect(result.rejected[0]?.reason).toBe('MALFORMED_LINE');
  });

  it('rejects a missing PIN', () => {
    const result = parseAttlog('\t2026-01-05 07:31:20\t0\t1');

    expect(result.rejected[0]?.reason).toBe('INVALID_PIN');
  });

  it('strips zero padding from numeric PINs', () => {
    const record = parseAttlog('00012\t2026-01-05 07:35:40\t0\t1').records[0];

    expect(record?.pin).toBe('12');
  });

  it('reads two files joined with their BOMs', () => {
    const joined = `\uFEFF${tabLine}\r\n\uFEFF${tabLine}\r\n`;

    const result = parseAttlog(joined);

    expect(result.records).toHaveLength(2);
    expect(result.rejected).toEqual([]);
  });

  it('treats LF, CRLF and CR alike', () => {
    const result = parseAttlog(`${tabLine}\n${tabLine}\r\n${tabLine}\r${tabLine}`);

    expect(result.records.map((record) => record.lineNumber)).toEqual([1, 2, 3, 4]);
  });

  it('returns nothing for empty text', () => {
    const result = parseAttlog('');

    expect(result).toEqual({ records: [], rejected: [], linesRead: 0 });
  });
});

describe('parseAttlog date-time checks', () => {
  it.each([
    ['2026-02-30 07:30:00', 'day past the end of February'],
    ['2025-02-29 07:30:00', 'February 29 of a common year'],
    ['2026-13-01 07:30:00', 'month 13'],
    ['2026-01-05 24:00:00', 'hour 24'],
    ['2026-01-05 07:30:60', 'second 60'],
    ['2026-01-05 7:30:00', 'one-digit hour'],
    ['05/01/2026 07:30:00', 'day-first date'],
  ])('rejects %s (%s)', (dateTime) => {
    const result = parseAttlog(`1\t${dateTime}\t0\t1`);

    expect(result.rejected[0]?.reason).toBe('INVALID_DATETIME');
  });

  it('accepts February 29 of a leap year', () => {
    const result = parseAttlog('1\t2028-02-29 07:30:00\t0\t1');

    expect(result.records[0]?.date).toBe('2028-02-29');
  });
});

describe('parseAttlog verify codes', () => {
  it('maps unknown codes to other', () => {
    const record = parseAttlog('1\t2026-01-05 07:30:00\t0\t9').records[0];

    expect(record?.verifyMode).toBe('other');
    expect(record?.verifyModeCode).toBe(9);
  });

  it('uses a caller-supplied code table', () => {
    const verifyModes = new Map<number, VerifyMode>([[2, 'card']]);

    const record = parseAttlog('1\t2026-01-05 07:30:00\t0\t2', { verifyModes }).records[0];

    expect(record?.verifyMode).toBe('card');
  });
});

describe('parseAttlogLine', () => {
  it('matches parseAttlog line by line', () => {
    const text = readFixture(WEEK_LOG);
    const whole = parseAttlog(text);

    const outcomes = text.split(/\r\n|\n|\r/).map((line, index) => parseAttlogLine(line, index + 1));

    expect(outcomes.flatMap((outcome) => (outcome !== undefined && 'record' in outcome ? [outcome.record] : []))).toEqual(whole.records);
    expect(outcomes.flatMap((outcome) => (outcome !== undefined && 'rejected' in outcome ? [outcome.rejected] : []))).toEqual(whole.rejected);
  });

  it('returns undefined for a blank line', () => {
    expect(parseAttlogLine(' \t ', 3)).toBeUndefined();
  });

  it('removes a byte order mark', () => {
    const outcome = parseAttlogLine('\uFEFF7\t2026-01-05 07:31:20\t0\t1', 1);

    expect(outcome).toMatchObject({ record: { pin: '7', lineNumber: 1 } });
  });
});
