import { describe, expect, it } from 'vitest';

import { fingerprintKey, pairDailyRecords, parseAttlog, parsePinMap, planPunches, type FingerprintPunch } from '../src/index.ts';
import { PIN_MAP, readFixture, WEEK_LOG } from './fixture-files.ts';

const context = {
  tenantId: 'kab-maros',
  unitId: 'bkpsdm',
  zone: 'Asia/Makassar',
  pinMap: parsePinMap(readFixture(PIN_MAP)).map,
};

function importWeek(text = readFixture(WEEK_LOG)): FingerprintPunch[] {
  return planPunches(pairDailyRecords(parseAttlog(text).records), context).punches;
}

function punchOf(punches: readonly FingerprintPunch[], date: string, pin: string, kind: FingerprintPunch['kind']): FingerprintPunch {
  const punch = punches.find((candidate) => candidate.date === date && candidate.pin === pin && candidate.kind === kind);
  if (punch === undefined) {
    throw new Error(`no ${kind} for PIN ${pin} on ${date}`);
  }
  return punch;
}

describe('fingerprintKey', () => {
  const input = {
    tenantId: 'kab-maros',
    unitId: 'bkpsdm',
    pin: '12',
    date: '2026-01-05',
    kind: 'check-in',
    localDateTime: '2026-01-05T07:35:40',
  } as const;

  it('spells out its parts', () => {
    expect(fingerprintKey(input)).toBe('fingerprint|v1|kab-maros|bkpsdm|12|2026-01-05|check-in|2026-01-05T07:35:40');
  });

  it('differs between check-in and check-out', () => {
    expect(fingerprintKey({ ...input, kind: 'check-out' })).not.toBe(fingerprintKey(input));
  });

  it('ignores PIN zero padding', () => {
    expect(fingerprintKey({ ...input, pin: '00012' })).toBe(fingerprintKey(input));
  });

  it('escapes the separator inside ids', () => {
    const left = fingerprintKey({ ...input, tenantId: 'a|b', unitId: 'c' });
    const right = fingerprintKey({ ...input, tenantId: 'a', unitId: 'b|c' });

    expect(left).not.toBe(right);
    expect(left).toContain('a%7Cb');
  });

  it('rejects a date-time on another date', () => {
    expect(() => fingerprintKey({ ...input, date: '2026-01-06' })).toThrow(RangeError);
  });

  it('rejects an empty tenant id', () => {
    expect(() => fingerprintKey({ ...input, tenantId: '' })).toThrow(RangeError);
  });

  it('hashes a key beyond 200 characters', () => {
    const longIds = { ...input, tenantId: 't'.repeat(64), unitId: 'u'.repeat(64), pin: '1'.repeat(24) };
    const key = fingerprintKey(longIds);

    expect(key).toMatch(/^fingerprint\|v1\|sha256\|[0-9a-f]{64}$/);
    expect(fingerprintKey(longIds)).toBe(key);
    expect(fingerprintKey({ ...longIds, kind: 'check-out' })).not.toBe(key);
  });
});

describe('planPunches keys', () => {
  it('repeat across re-imports of one file', () => {
    const first = importWeek().map((punch) => punch.idempotencyKey);
    const second = importWeek().map((punch) => punch.idempotencyKey);

    expect(second).toEqual(first);
  });

  it('are unique within an import', () => {
    const keys = importWeek().map((punch) => punch.idempotencyKey);

    expect(new Set(keys).size).toBe(keys.length);
  });

  it('match a record pushed over ADMS', () => {
    const fromFile = punchOf(importWeek(), '2026-01-05', '1', 'check-in');
    const pushBody = '1\t2026-01-05 07:21:33\t0\t1\t0\t0\t0\t0\t0\t0\n';

    const [fromPush] = planPunches(pairDailyRecords(parseAttlog(pushBody).records), context).punches;

    expect(fromPush?.idempotencyKey).toBe(fromFile.idempotencyKey);
  });

  it('change for a check-out when a fuller log arrives', () => {
    const fullText = readFixture(WEEK_LOG);
    const untilMondayLunch = fullText.split('\r\n').slice(0, 15).join('\r\n');

    const partial = importWeek(untilMondayLunch);
    const full = importWeek(fullText);

    expect(punchOf(partial, '2026-01-05', '4', 'check-in').idempotencyKey).toBe(punchOf(full, '2026-01-05', '4', 'check-in').idempotencyKey);
    expect(punchOf(partial, '2026-01-05', '4', 'check-out').localDateTime).toBe('2026-01-05T12:58:44');
    expect(punchOf(full, '2026-01-05', '4', 'check-out').idempotencyKey).not.toBe(
      punchOf(partial, '2026-01-05', '4', 'check-out').idempotencyKey,
    );
  });
});

describe('planPunches', () => {
  it('issues only for PINs in the map', () => {
    const plan = planPunches(pairDailyRecords(parseAttlog(readFixture(WEEK_LOG)).records), context);

    const unknownPins = [...new Set(plan.unknownPinDays.map((day) => day.pin))];

    expect(unknownPins).toEqual(['11', '99', '4321']);
    expect(plan.unknownPinDays).toHaveLength(6);
    expect(plan.punches.some((punch) => ['11', '99', '4321'].includes(punch.pin))).toBe(false);
  });

  it('counts check-ins and check-outs', () => {
    const punches = importWeek();

    expect(punches.filter((punch) => punch.kind === 'check-in')).toHaveLength(49);
    expect(punches.filter((punch) => punch.kind === 'check-out')).toHaveLength(45);
  });

  it('attaches NIP, instant and source line', () => {
    const punch = punchOf(importWeek(), '2026-01-05', '12', 'check-in');

    expect(punch.nip).toBe('198302282008011005');
    expect(punch.occurredAt).toBe('2026-01-04T23:35:40.000Z');
    expect(punch.lineNumber).toBe(10);
  });

  it('converts a midnight record to the previous UTC day', () => {
    const punch = punchOf(importWeek(), '2026-01-10', '10', 'check-in');

    expect(punch.occurredAt).toBe('2026-01-09T16:00:00.000Z');
  });

  it('puts each check-in before its check-out', () => {
    const punches = importWeek();

    const firstTwo = punches.slice(0, 2).map((punch) => `${punch.pin} ${punch.kind}`);

    expect(firstTwo).toEqual(['1 check-in', '1 check-out']);
  });

  it('rejects an unknown zone', () => {
    const days = pairDailyRecords(parseAttlog(readFixture(WEEK_LOG)).records);

    expect(() => planPunches(days, { ...context, zone: 'Asia/Ujung_Pandang_Baru' })).toThrow(RangeError);
  });
});
