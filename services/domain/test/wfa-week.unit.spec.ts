import { describe, expect, it } from 'vitest';

import { wfaWeekDecider } from '../src/deciders/wfa-week.ts';
import { streams } from '../src/streams.ts';
import { configuration, NIP } from './fixtures.ts';
import { given } from './given.ts';

const tenant = configuration();
const assign = (date: string) => ({
  type: 'AssignWFADay' as const,
  data: { nip: NIP.employee, date, unitId: 'setda', assignmentId: 'a-1', scope: 'employee' as const },
  context: { configuration: tenant },
});
const assigned = (date: string) => ({
  type: 'WFADayAssigned' as const,
  data: { nip: NIP.employee, date, unitId: 'setda', assignmentId: 'a-1', scope: 'employee' as const },
});

describe('WFA week decider', () => {
  it('assigns the first trial Thursday', () => {
    given(wfaWeekDecider).when(assign('2026-01-22')).then([assigned('2026-01-22')]);
  });

  it('assigns Thursday and Friday of one week', () => {
    given(wfaWeekDecider, [assigned('2026-01-22')]).when(assign('2026-01-23')).then([assigned('2026-01-23')]);
  });

  it('rejects a third WFA day in one week', () => {
    given(wfaWeekDecider, [assigned('2026-01-22'), assigned('2026-01-23')])
      .when(assign('2026-01-21'))
      .thenRejects('WFA_LIMIT_EXCEEDED', { week: '2026-W04', count: 2, limit: 2 });
  });

  it('counts the limit per ISO week, Monday to Sunday', () => {
    expect(streams.wfaWeek('t', NIP.employee, '2026-01-19')).toBe(streams.wfaWeek('t', NIP.employee, '2026-01-25'));
    expect(streams.wfaWeek('t', NIP.employee, '2026-01-25')).not.toBe(streams.wfaWeek('t', NIP.employee, '2026-01-26'));
    expect(streams.wfaWeek('t', NIP.employee, '2026-01-22')).toBe(`wfa-t-${NIP.employee}-2026-W04`);
  });

  it('honours a tenant limit of one day a week', () => {
    const strict = configuration({ wfaPolicy: { maxDaysPerWeek: 1 } });
    given(wfaWeekDecider, [assigned('2026-01-22')])
      .when({ ...assign('2026-01-23'), context: { configuration: strict } })
      .thenRejects('WFA_LIMIT_EXCEEDED', { limit: 1 });
  });

  it('rejects WFA on a holiday', () => {
    given(wfaWeekDecider).when(assign('2026-03-19')).thenRejects('WFA_ON_NON_WORKDAY', { dayType: 'holiday' });
  });

  it('rejects WFA on cuti bersama', () => {
    given(wfaWeekDecider).when(assign('2026-03-20')).thenRejects('WFA_ON_NON_WORKDAY', { dayType: 'cuti_bersama' });
  });

  it('rejects WFA on a weekend', () => {
    given(wfaWeekDecider).when(assign('2026-01-24')).thenRejects('WFA_ON_NON_WORKDAY', { dayType: 'weekend' });
  });

  it('rejects assigning the same day twice', () => {
    given(wfaWeekDecider, [assigned('2026-01-22')]).when(assign('2026-01-22')).thenRejects('WFA_ALREADY_ASSIGNED');
  });

  it('frees a slot when a day is revoked', () => {
    const revoked = { type: 'WFADayRevoked' as const, data: { nip: NIP.employee, date: '2026-01-22', reason: null } };
    given(wfaWeekDecider, [assigned('2026-01-22'), assigned('2026-01-23'), revoked]).when(assign('2026-01-21')).then([assigned('2026-01-21')]);
  });

  it('rejects revoking a day that is not assigned', () => {
    given(wfaWeekDecider)
      .when({ type: 'RevokeWFADay', data: { nip: NIP.employee, date: '2026-01-22', reason: null } })
      .thenRejects('WFA_NOT_ASSIGNED_ON_DATE');
  });
});
