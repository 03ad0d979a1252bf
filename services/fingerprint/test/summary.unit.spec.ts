import { describe, expect, it } from 'vitest';

import { buildImportSummary, pairDailyRecords, parseAttlog, parsePinMap, type ImportSummary } from '../src/index.ts';
import { PIN_MAP, readFixture, WEEK_LOG } from './fixture-files.ts';

function summarizeWeek(): ImportSummary {
  const parsed = parseAttlog(readFixture(WEEK_LOG));
  const days = pairDailyRecords(parsed.records);
  const { map } = parsePinMap(readFixture(PIN_MAP));
  return buildImportSummary({ parsed, days, pinMap: map });
}

describe('buildImportSummary on the week log', () => {
  it('counts lines and records', () => {
    const summary = summarizeWeek();

    expect(summary.linesRead).toBe(121);
    expect(summary.recordsAccepted).toBe(113);
    expect(summary.rejected).toBe(8);
  });

  it('counts rejections by reason', () => {
    const summary = summarizeWeek();

    expect(summary.rejectedByReason).toEqual({
      MALFORMED_LINE: 1,
      INVALID_PIN: 1,
      INVALID_DATETIME: 4,
      INVALID_STATE: 1,
      INVALID_VERIFY_MODE: 1,
    });
  });

  it('counts dropped duplicates', () => {
    expect(summarizeWeek().duplicatesDropped).toBe(2);
  });

  it('lists unknown PINs in PIN order', () => {
    const summary = summarizeWeek();

    expect(summary.unknownPins).toEqual(['11', '99', '4321']);
    expect(summary.unknownPinRecords).toBe(10);
  });

  it('counts what will be issued', () => {
    const summary = summarizeWeek();

    expect(summary.days).toBe(50);
    expect(summary.checkInsToIssue).toBe(49);
    expect(summary.checkOutsToIssue).toBe(45);
  });

  it('counts pairing notes of known PINs', () => {
    const summary = summarizeWeek();

    expect(summary.notes).toEqual({
      PAIRED_BY_STATE: 19,
      PAIRED_BY_ORDER: 31,
      SINGLE_RECORD: 6,
      SINGLE_RECORD_AFTER_CUTOFF: 1,
      NO_CHECK_IN: 1,
      NO_CHECK_OUT: 5,
    });
  });

  it('returns identical output for the same inputs', () => {
    expect(summarizeWeek()).toEqual(summarizeWeek());
  });
});

describe('buildImportSummary on empty input', () => {
  it('reports zero for every reason', () => {
    const summary = buildImportSummary({ parsed: parseAttlog(''), days: [], pinMap: new Map() });

    expect(Object.values(summary.rejectedByReason)).toEqual([0, 0, 0, 0, 0]);
    expect(summary.unknownPins).toEqual([]);
    expect(summary.checkInsToIssue).toBe(0);
  });
});
