import { describe, expect, it } from 'vitest';

import { pairDailyRecords, parseAttlog, type AttlogRecord, type DailyAttendance } from '../src/index.ts';
import { readFixture, WEEK_LOG } from './fixture-files.ts';

const weekRecords = parseAttlog(readFixture(WEEK_LOG)).records;

function dayOf(days: readonly DailyAttendance[], date: string, pin: string): DailyAttendance {
  const day = days.find((candidate) => candidate.date === date && candidate.pin === pin);
  if (day === undefined) {
    throw new Error(`no day for PIN ${pin} on ${date}`);
  }
  return day;
}

function lineNumbers(records: readonly AttlogRecord[]): number[] {
  return records.map((record) => record.lineNumber);
}

/** Builds records of PIN 7 on 2026-01-05 from (time, state) pairs, numbered from line 1. */
function recordsOn5January(...entries: Array<[string, number]>): AttlogRecord[] {
  const text = entries.map(([time, state]) => `7\t2026-01-05 ${time}\t${state}\t1\t0\t0`).join('\n');
  return parseAttlog(text).records;
}

describe('pairDailyRecords on the week log', () => {
  it('orders days by date, then numeric PIN', () => {
    const days = pairDailyRecords(weekRecords);

    const monday = days.filter((day) => day.date === '2026-01-05').map((day) => day.pin);

    expect(monday).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '10', '11', '12', '99']);
    expect(days[0]?.date).toBe('2026-01-05');
    expect(days.at(-1)?.date).toBe('2026-01-10');
    expect(days).toHaveLength(56);
  });

  it('drops a double press 7 s later', () => {
    const day = dayOf(pairDailyRecords(weekRecords), '2026-01-05', '2');

    expect(day.checkIn?.record.lineNumber).toBe(2);
    expect(lineNumbers(day.duplicates)).toEqual([3]);
    expect(day.checkOut?.record.lineNumber).toBe(19);
  });

  it('drops the second of two identical lines', () => {
    const day = dayOf(pairDailyRecords(weekRecords), '2026-01-06', '3');

    expect(day.checkIn?.record.lineNumber).toBe(30);
    expect(lineNumbers(day.duplicates)).toEqual([31]);
  });

  it('pairs a state-less day by order', () => {
    const day = dayOf(pairDailyRecords(weekRecords), '2026-01-05', '4');

    expect(day.checkIn?.localDateTime).toBe('2026-01-05T07:28:30');
    expect(day.checkOut?.localDateTime).toBe('2026-01-05T16:06:00');
    expect(lineNumbers(day.ignored)).toEqual([14, 15]);
    expect(day.notes).toEqual(['PAIRED_BY_ORDER']);
  });

  it('pairs a day with out states by state', () => {
    const day = dayOf(pairDailyRecords(weekRecords), '2026-01-07', '6');

    expect(day.checkIn?.record.lineNumber).toBe(59);
    expect(day.checkOut?.record.lineNumber).toBe(72);
    expect(lineNumbers(day.ignored)).toEqual([67, 68]);
    expect(day.notes).toEqual(['PAIRED_BY_STATE']);
  });

  it('skips an out press before the check-in', () => {
    const day = dayOf(pairDailyRecords(weekRecords), '2026-01-06', '5');

    expect(day.checkIn?.localDateTime).toBe('2026-01-06T07:28:55');
    expect(day.checkOut?.localDateTime).toBe('2026-01-06T16:04:10');
    expect(lineNumbers(day.ignored)).toEqual([32]);
    expect(day.duplicates).toEqual([]);
  });

  it('takes overtime out as the check-out', () => {
    const day = dayOf(pairDailyRecords(weekRecords), '2026-01-09', '6');

    expect(day.checkOut?.localDateTime).toBe('2026-01-09T19:30:00');
    expect(day.checkOut?.record.state).toBe(5);
    expect(lineNumbers(day.ignored)).toEqual([118, 122]);
  });

  it('pairs an all-0 day at a state terminal by order', () => {
    const day = dayOf(pairDailyRecords(weekRecords), '2026-01-07', '7');

    expect(day.checkIn?.record.lineNumber).toBe(61);
    expect(day.checkOut?.record.lineNumber).toBe(73);
    expect(day.notes).toEqual(['PAIRED_BY_ORDER']);
  });

  it('keeps a lone morning record as check-in', () => {
    const day = dayOf(pairDailyRecords(weekRecords), '2026-01-07', '2');

    expect(day.checkIn?.localDateTime).toBe('2026-01-07T07:26:37');
    expect(day.checkOut).toBeUndefined();
    expect(day.notes).toEqual(['PAIRED_BY_ORDER', 'SINGLE_RECORD', 'NO_CHECK_OUT']);
  });

  it('flags a lone afternoon record', () => {
    const day = dayOf(pairDailyRecords(weekRecords), '2026-01-08', '3');

    expect(day.checkIn?.localDateTime).toBe('2026-01-08T16:05:00');
    expect(day.checkOut).toBeUndefined();
    expect(day.notes).toContain('SINGLE_RECORD_AFTER_CUTOFF');
  });

  it('issues a lone out record as check-out', () => {
    const day = dayOf(pairDailyRecords(weekRecords), '2026-01-08', '5');

    expect(day.checkIn).toBeUndefined();
    expect(day.checkOut?.localDateTime).toBe('2026-01-08T16:10:00');
    expect(day.notes).toEqual(['PAIRED_BY_STATE', 'SINGLE_RECORD', 'NO_CHECK_IN']);
  });

  it('starts a new day at midnight', () => {
    const days = pairDailyRecords(weekRecords);

    const friday = dayOf(days, '2026-01-09', '10');
    const saturday = dayOf(days, '2026-01-10', '10');

    expect(friday.checkIn?.localDateTime).toBe('2026-01-09T07:35:35');
    expect(friday.checkOut).toBeUndefined();
    expect(saturday.checkIn?.localDateTime).toBe('2026-01-10T00:00:00');
    expect(saturday.notes).toEqual(['PAIRED_BY_ORDER', 'SINGLE_RECORD', 'NO_CHECK_OUT']);
  });

  it('returns identical output for the same records', () => {
    const first = pairDailyRecords(weekRecords);
    const second = pairDailyRecords(parseAttlog(readFixture(WEEK_LOG)).records);

    expect(second).toEqual(first);
  });

  it('does not depend on input order', () => {
    const inFileOrder = pairDailyRecords(weekRecords);
    const reversed = pairDailyRecords([...weekRecords].reverse());

    expect(reversed).toEqual(inFileOrder);
  });
});

describe('pairDailyRecords duplicate window', () => {
  it('keeps presses 90 s apart by default', () => {
    const [day] = pairDailyRecords(recordsOn5January(['07:30:00', 0], ['07:31:30', 0]));

    expect(day?.duplicates).toEqual([]);
    expect(day?.checkOut?.localDateTime).toBe('2026-01-05T07:31:30');
  });

  it('drops presses 90 s apart with a 120 s window', () => {
    const [day] = pairDailyRecords(recordsOn5January(['07:30:00', 0], ['07:31:30', 0]), { duplicateWindowSeconds: 120 });

    expect(lineNumbers(day?.duplicates ?? [])).toEqual([2]);
    expect(day?.checkOut).toBeUndefined();
  });

  it('counts the window from the last kept press', () => {
    const [day] = pairDailyRecords(recordsOn5January(['07:30:00', 0], ['07:30:50', 0], ['07:31:40', 0]));

    expect(lineNumbers(day?.duplicates ?? [])).toEqual([2]);
    expect(day?.checkIn?.record.lineNumber).toBe(1);
    expect(day?.checkOut?.record.lineNumber).toBe(3);
  });

  it('drops same-second records with a zero window', () => {
    const [day] = pairDailyRecords(recordsOn5January(['07:30:00', 0], ['07:30:00', 0], ['07:30:01', 0]), {
      duplicateWindowSeconds: 0,
    });

    expect(lineNumbers(day?.duplicates ?? [])).toEqual([2]);
    expect(day?.checkOut?.record.lineNumber).toBe(3);
  });

  it('keeps presses of different states', () => {
    const [day] = pairDailyRecords(recordsOn5January(['16:00:00', 0], ['16:00:20', 1]));

    expect(day?.duplicates).toEqual([]);
    expect(day?.checkOut?.record.lineNumber).toBe(2);
  });

  it('rejects a negative window', () => {
    expect(() => pairDailyRecords([], { duplicateWindowSeconds: -1 })).toThrow(RangeError);
  });
});

describe('pairDailyRecords options', () => {
  it('pairs by order when states are ignored', () => {
    const days = pairDailyRecords(weekRecords, { stateHandling: 'ignore' });

    const loneOut = dayOf(days, '2026-01-08', '5');

    expect(loneOut.checkIn?.record.lineNumber).toBe(99);
    expect(loneOut.checkOut).toBeUndefined();
    expect(loneOut.notes).toContain('SINGLE_RECORD_AFTER_CUTOFF');
  });

  it('moves the single-record cutoff', () => {
    const days = pairDailyRecords(weekRecords, { singleRecordCutoff: '17:00' });

    const afternoon = dayOf(days, '2026-01-08', '3');

    expect(afternoon.notes).not.toContain('SINGLE_RECORD_AFTER_CUTOFF');
  });

  it('rejects a malformed cutoff', () => {
    expect(() => pairDailyRecords([], { singleRecordCutoff: '2pm' })).toThrow(RangeError);
  });

  it('returns no days for no records', () => {
    expect(pairDailyRecords([])).toEqual([]);
  });
});

describe('pairDailyRecords state rules', () => {
  it('gives no check-out when out comes before in', () => {
    const [day] = pairDailyRecords(recordsOn5January(['07:30:00', 1], ['16:00:00', 0]));

    expect(day?.checkIn?.localDateTime).toBe('2026-01-05T16:00:00');
    expect(day?.checkOut).toBeUndefined();
    expect(lineNumbers(day?.ignored ?? [])).toEqual([1]);
    expect(day?.notes).toEqual(['PAIRED_BY_STATE', 'NO_CHECK_OUT']);
  });

  it('uses break in when check-in is missing', () => {
    const [day] = pairDailyRecords(recordsOn5January(['12:00:00', 2], ['13:00:00', 3], ['16:00:00', 1]));

    expect(day?.checkIn?.localDateTime).toBe('2026-01-05T13:00:00');
    expect(day?.checkOut?.localDateTime).toBe('2026-01-05T16:00:00');
    expect(lineNumbers(day?.ignored ?? [])).toEqual([1]);
  });

  it('pairs only out presses as check-out', () => {
    const [day] = pairDailyRecords(recordsOn5January(['13:00:00', 1], ['16:00:00', 1]));

    expect(day?.checkIn).toBeUndefined();
    expect(day?.checkOut?.localDateTime).toBe('2026-01-05T16:00:00');
    expect(day?.notes).toEqual(['PAIRED_BY_STATE', 'NO_CHECK_IN']);
  });

  it('pairs all-255 days by order', () => {
    const [day] = pairDailyRecords(recordsOn5January(['07:30:00', 255], ['12:00:00', 255], ['16:00:00', 255]));

    expect(day?.checkIn?.record.lineNumber).toBe(1);
    expect(day?.checkOut?.record.lineNumber).toBe(3);
    expect(day?.notes).toEqual(['PAIRED_BY_ORDER']);
  });
});
