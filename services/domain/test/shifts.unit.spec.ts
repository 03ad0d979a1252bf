import type { ShiftDefinition } from '@fleksi/contracts';
import { describe, expect, it } from 'vitest';

import { rosterDecider } from '../src/deciders/roster.ts';
import { attendanceDayOf, type RosterDay } from '../src/shifts.ts';
import { NIP } from './fixtures.ts';
import { given } from './given.ts';

const night: ShiftDefinition = { shiftId: 'malam', name: 'Dinas malam', start: '19:00', end: '07:00', breaks: [], checkInWindowMinutes: 180 };
const afternoon: ShiftDefinition = { shiftId: 'sore', name: 'Dinas sore', start: '13:00', end: '21:00', breaks: [], checkInWindowMinutes: 180 };
const morning: ShiftDefinition = { shiftId: 'pagi', name: 'Dinas pagi', start: '07:00', end: '14:00', breaks: [], checkInWindowMinutes: 180 };
const ZONE = 'Asia/Makassar';

function roster(days: Record<string, RosterDay>): (date: string) => RosterDay {
  return (date) => days[date];
}

/** An instant at a local time in Asia/Makassar (UTC+8). */
const at = (date: string, time: string): string => `${date}T${time}:00+08:00`;

describe('attendanceDayOf', () => {
  const nightThenAfternoon = roster({ '2026-03-02': night, '2026-03-03': afternoon });

  it('gives a night shift check-in its own day', () => {
    expect(attendanceDayOf('CheckIn', at('2026-03-02', '18:50'), '2026-03-02', ZONE, nightThenAfternoon)).toBe('2026-03-02');
  });

  it('closes the night shift with a check-out after midnight', () => {
    expect(attendanceDayOf('CheckOut', at('2026-03-03', '07:04'), '2026-03-03', ZONE, nightThenAfternoon)).toBe('2026-03-02');
  });

  it('gives the next afternoon shift its own day', () => {
    expect(attendanceDayOf('CheckIn', at('2026-03-03', '12:55'), '2026-03-03', ZONE, nightThenAfternoon)).toBe('2026-03-03');
    expect(attendanceDayOf('CheckOut', at('2026-03-03', '21:05'), '2026-03-03', ZONE, nightThenAfternoon)).toBe('2026-03-03');
  });

  it('takes an early arrival for a night shift as the start of that shift', () => {
    const twoNights = roster({ '2026-03-02': night, '2026-03-03': night });

    expect(attendanceDayOf('CheckIn', at('2026-03-03', '16:30'), '2026-03-03', ZONE, twoNights)).toBe('2026-03-03');
  });

  it('counts a check-in after midnight as a late start of last night', () => {
    expect(attendanceDayOf('CheckIn', at('2026-03-03', '00:30'), '2026-03-03', ZONE, nightThenAfternoon)).toBe('2026-03-02');
  });

  it('lets a morning shift start right after a night shift', () => {
    const nightThenMorning = roster({ '2026-03-02': night, '2026-03-03': morning });

    expect(attendanceDayOf('CheckOut', at('2026-03-03', '06:58'), '2026-03-03', ZONE, nightThenMorning)).toBe('2026-03-02');
    expect(attendanceDayOf('CheckIn', at('2026-03-03', '06:59'), '2026-03-03', ZONE, nightThenMorning)).toBe('2026-03-03');
  });

  it('uses the local date for an employee without a roster', () => {
    expect(attendanceDayOf('CheckOut', at('2026-03-03', '01:00'), '2026-03-03', ZONE, roster({}))).toBe('2026-03-03');
  });
});

describe('roster decider', () => {
  const shifts = new Map([[night.shiftId, night], [afternoon.shiftId, afternoon]]);
  const publish = (entries: Array<{ date: string; shiftId: string | null }>) => ({
    type: 'PublishRoster' as const,
    data: { nip: NIP.employee, unitId: 'rsud', entries },
    context: { shifts },
  });
  const published = { type: 'RosterPublished' as const, data: { nip: NIP.employee, unitId: 'rsud', entries: [{ date: '2026-03-02', shiftId: 'malam' }, { date: '2026-03-03', shiftId: 'sore' }] } };

  it('publishes shifts and rest days', () => {
    given(rosterDecider).when(publish([{ date: '2026-03-02', shiftId: 'malam' }, { date: '2026-03-04', shiftId: null }])).thenMatches([
      { type: 'RosterPublished', data: { entries: [{ date: '2026-03-02', shiftId: 'malam' }, { date: '2026-03-04', shiftId: null }] } },
    ]);
  });

  it('records only the entries that change', () => {
    given(rosterDecider, [published]).when(publish([{ date: '2026-03-02', shiftId: 'malam' }, { date: '2026-03-03', shiftId: null }])).thenMatches([
      { type: 'RosterPublished', data: { entries: [{ date: '2026-03-03', shiftId: null }] } },
    ]);
  });

  it('appends nothing for an unchanged roster', () => {
    given(rosterDecider, [published]).when(publish([{ date: '2026-03-02', shiftId: 'malam' }])).then([]);
  });

  it('rejects a shift the unit does not have', () => {
    given(rosterDecider).when(publish([{ date: '2026-03-02', shiftId: 'subuh' }])).thenRejects('SHIFT_NOT_FOUND', { shiftId: 'subuh' });
  });

  it('clears only dates on the roster', () => {
    given(rosterDecider, [published])
      .when({ type: 'ClearRoster', data: { nip: NIP.employee, dates: ['2026-03-03', '2026-03-09'] } })
      .then([{ type: 'RosterCleared', data: { nip: NIP.employee, dates: ['2026-03-03'] } }]);
  });
});
