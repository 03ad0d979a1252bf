import { describe, expect, it } from 'vitest';

import { addDays, DayBatcher, parseAttlog, type AttlogRecord, type DateBatch } from '../src/index.ts';
import { readFixture, WEEK_LOG } from './fixture-files.ts';

function record(pin: string, localDateTime: string, lineNumber = 1): AttlogRecord {
  const [parsed] = parseAttlog(`${pin}\t${localDateTime.replace('T', ' ')}\t0\t1`).records;
  if (parsed === undefined) {
    throw new Error(`invalid test record ${localDateTime}`);
  }
  return { ...parsed, lineNumber };
}

function feed(batcher: DayBatcher, records: readonly AttlogRecord[]): DateBatch[] {
  return [...records.flatMap((entry) => batcher.add(entry)), ...batcher.finish()];
}

function describeBatches(batches: readonly DateBatch[]): string[] {
  return batches.map((batch) => `${batch.date}${batch.late ? ' late' : ''}: ${batch.records.length}`);
}

describe('DayBatcher', () => {
  it('hands over each date of the week log once', () => {
    const records = parseAttlog(readFixture(WEEK_LOG)).records;
    const batches = feed(new DayBatcher(), records);

    expect(batches.every((batch) => !batch.late)).toBe(true);
    expect(batches.map((batch) => batch.date)).toEqual([...new Set(records.map((entry) => entry.date))].sort());
    expect(batches.reduce((sum, batch) => sum + batch.records.length, 0)).toBe(records.length);
  });

  it('keeps one date open behind the newest', () => {
    const batcher = new DayBatcher();

    expect(batcher.add(record('1', '2026-01-05T07:00:00'))).toEqual([]);
    expect(batcher.add(record('1', '2026-01-06T07:00:00'))).toEqual([]);
    expect(describeBatches(batcher.add(record('1', '2026-01-07T07:00:00')))).toEqual(['2026-01-05: 1']);
  });

  it('marks records of a handed-over date as late', () => {
    const batches = feed(new DayBatcher({ openDaysBehind: 0 }), [
      record('1', '2026-01-05T07:00:00'),
      record('1', '2026-01-06T07:00:00'),
      record('2', '2026-01-05T07:10:00'),
    ]);

    expect(describeBatches(batches)).toEqual(['2026-01-05: 1', '2026-01-06: 1', '2026-01-05 late: 1']);
  });

  it('hands over late records at the limit', () => {
    const batcher = new DayBatcher({ openDaysBehind: 0, maxLateRecords: 2 });
    batcher.add(record('1', '2026-01-05T07:00:00'));
    batcher.add(record('1', '2026-01-06T07:00:00'));

    expect(batcher.add(record('2', '2026-01-05T07:10:00'))).toEqual([]);
    expect(describeBatches(batcher.add(record('3', '2026-01-05T07:20:00')))).toEqual(['2026-01-05 late: 2']);
  });

  it('ignores implausible future dates for the window', () => {
    const batches = feed(new DayBatcher({ latestPlausibleDate: '2026-01-10' }), [
      record('1', '2026-01-05T07:00:00'),
      record('9', '2036-01-01T00:00:00'),
      record('2', '2026-01-05T07:10:00'),
    ]);

    expect(describeBatches(batches)).toEqual(['2026-01-05: 2', '2036-01-01: 1']);
  });

  it('hands over everything beyond the open record limit', () => {
    const batcher = new DayBatcher({ maxOpenRecords: 2 });
    batcher.add(record('1', '2026-01-05T07:00:00'));
    batcher.add(record('2', '2026-01-05T07:01:00'));

    expect(describeBatches(batcher.add(record('3', '2026-01-05T07:02:00')))).toEqual(['2026-01-05: 3']);
  });
});

describe('addDays', () => {
  it('crosses month and leap-day boundaries', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
