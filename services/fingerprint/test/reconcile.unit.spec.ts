import { describe, expect, it } from 'vitest';

import { EMPTY_RECORDED_DAY, pairDailyRecords, parseAttlog, reconcileDay, withRecordedPunch, type PunchDecision, type RecordedDay } from '../src/index.ts';

const place = { tenantId: 'kab-maros', unitId: 'bkpsdm', zone: 'Asia/Makassar' };
const NIP = '198201152006041001';

function dayOf(lines: string[]) {
  const [day] = pairDailyRecords(parseAttlog(lines.join('\n')).records);
  if (day === undefined) {
    throw new Error('no day paired');
  }
  return day;
}

function summarise(decisions: readonly PunchDecision[]): string[] {
  return decisions.map((decision) => {
    const reason = decision.action === 'ignore' ? ` ${decision.reason}` : '';
    return `${decision.action} ${decision.punch.kind} ${decision.punch.localDateTime.slice(11)}${reason}`;
  });
}

function recorded(checkIn: string | null, checkOut: string | null = null, keys: string[] = []): RecordedDay {
  return {
    checkIn: checkIn === null ? null : { effectiveAt: checkIn },
    checkOut: checkOut === null ? null : { effectiveAt: checkOut },
    fingerprintKeys: new Set(keys),
  };
}

describe('reconcileDay', () => {
  it('issues both punches of a fresh day', () => {
    const day = dayOf(['1\t2026-01-12 07:25:11\t255\t1', '1\t2026-01-12 16:02:09\t255\t1']);

    expect(summarise(reconcileDay(day, NIP, EMPTY_RECORDED_DAY, place))).toEqual(['issue check-in 07:25:11', 'issue check-out 16:02:09']);
  });

  it('finds punches already recorded by key', () => {
    const day = dayOf(['1\t2026-01-12 07:25:11\t255\t1', '1\t2026-01-12 16:02:09\t255\t1']);
    const first = reconcileDay(day, NIP, EMPTY_RECORDED_DAY, place);
    const afterFirst = first.reduce((state, decision) => withRecordedPunch(state, decision.punch), EMPTY_RECORDED_DAY);

    expect(summarise(reconcileDay(day, NIP, afterFirst, place))).toEqual(['present check-in 07:25:11', 'present check-out 16:02:09']);
  });

  it('turns a later lone push record into the check-out', () => {
    const morning = reconcileDay(dayOf(['1\t2026-01-12 07:25:11\t255\t1']), NIP, EMPTY_RECORDED_DAY, place);
    const afterMorning = withRecordedPunch(EMPTY_RECORDED_DAY, morning[0]?.punch ?? expect.fail('no morning punch'));

    const afternoon = reconcileDay(dayOf(['1\t2026-01-12 16:02:09\t255\t1']), NIP, afterMorning, place);

    expect(summarise(afternoon)).toEqual(['issue check-out 16:02:09']);
  });

  it('keeps the check-out of a later push when the full log follows', () => {
    const pushed = recorded('2026-01-11T23:25:11.000Z', '2026-01-12T08:02:09.000Z');
    const fullDay = dayOf(['1\t2026-01-12 07:25:11\t255\t1', '1\t2026-01-12 12:00:00\t255\t1']);

    expect(summarise(reconcileDay(fullDay, NIP, pushed, place))).toEqual([
      'ignore check-in 07:25:11 CHECK_IN_ALREADY_RECORDED',
      'ignore check-out 12:00:00 LATER_CHECK_OUT_RECORDED',
    ]);
  });

  it('sends an earlier check-in so the domain can reject it', () => {
    const phoneCheckIn = recorded('2026-01-11T23:40:00.000Z');
    const day = dayOf(['1\t2026-01-12 07:25:11\t255\t1', '1\t2026-01-12 16:02:09\t255\t1']);

    expect(summarise(reconcileDay(day, NIP, phoneCheckIn, place))).toEqual(['issue check-in 07:25:11', 'issue check-out 16:02:09']);
  });

  it('ignores a second in-state record after the recorded check-in', () => {
    const checkedIn = recorded('2026-01-11T23:25:11.000Z');
    const day = dayOf(['1\t2026-01-12 13:00:00\t0\t1', '1\t2026-01-12 16:02:09\t1\t1']);

    expect(summarise(reconcileDay(day, NIP, checkedIn, place))).toEqual([
      'ignore check-in 13:00:00 CHECK_IN_ALREADY_RECORDED',
      'issue check-out 16:02:09',
    ]);
  });
});
