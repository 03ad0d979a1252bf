import type { ActivityContent } from '@fleksi/contracts';
import { describe, expect, it } from 'vitest';

import { absencesDecider, type AbsencesCommand } from '../src/deciders/absences.ts';
import { dailyReportDecider, type DailyReportCommand } from '../src/deciders/daily-report.ts';
import { workdayDecider } from '../src/deciders/workday.ts';
import { reportDeadline } from '../src/deadlines.ts';
import { configuration, employee, NIP } from './fixtures.ts';
import { given } from './given.ts';

const tenant = configuration();

describe('absences decider', () => {
  const record = (absenceId: string, type: Extract<AbsencesCommand, { type: 'RecordAbsence' }>['data']['type'], from: string, to: string): AbsencesCommand => ({
    type: 'RecordAbsence',
    data: { absenceId, nip: NIP.employee, type, from, to, reference: 'SK-1/2026', note: null },
    context: { configuration: tenant },
  });
  const recorded = (absenceId: string, type: 'cuti_tahunan' | 'cuti_sakit', from: string, to: string) => ({
    type: 'AbsenceRecorded' as const,
    data: { absenceId, nip: NIP.employee, type, from, to, reference: 'SK-1/2026', note: null },
  });

  it('records sick leave with its letter number', () => {
    given(absencesDecider).when(record('s-1', 'cuti_sakit', '2026-02-02', '2026-02-03')).then([recorded('s-1', 'cuti_sakit', '2026-02-02', '2026-02-03')]);
  });

  it('rejects an absence overlapping another', () => {
    given(absencesDecider, [recorded('s-1', 'cuti_sakit', '2026-02-02', '2026-02-04')])
      .when(record('l-1', 'cuti_tahunan', '2026-02-04', '2026-02-06'))
      .thenRejects('ABSENCE_OVERLAPS', { absenceId: 's-1' });
  });

  it('allows a new absence over a cancelled one', () => {
    const history = [
      recorded('s-1', 'cuti_sakit', '2026-02-02', '2026-02-04'),
      { type: 'AbsenceCancelled' as const, data: { absenceId: 's-1', nip: NIP.employee, reason: 'Salah input tanggal' } },
    ];
    given(absencesDecider, history).when(record('s-2', 'cuti_sakit', '2026-02-03', '2026-02-03')).thenMatches([{ type: 'AbsenceRecorded' }]);
  });

  it('rejects annual leave beyond 12 workdays a year', () => {
    // 2-13 February: 10 workdays (16 February is cuti bersama, outside this range).
    const history = [recorded('l-1', 'cuti_tahunan', '2026-02-02', '2026-02-13')];
    given(absencesDecider, history).when(record('l-2', 'cuti_tahunan', '2026-04-06', '2026-04-08')).thenRejects('ANNUAL_LEAVE_EXCEEDED', {
      year: '2026',
      days: 13,
      limit: 12,
    });
  });

  it('does not count holidays inside annual leave', () => {
    // 16-20 March 2026: 16 and 17 are workdays, 18 and 20 cuti bersama, 19 Nyepi.
    const history = [recorded('l-1', 'cuti_tahunan', '2026-02-02', '2026-02-13')];
    given(absencesDecider, history).when(record('l-2', 'cuti_tahunan', '2026-03-16', '2026-03-20')).thenMatches([{ type: 'AbsenceRecorded' }]);
  });

  it('rejects cancelling an unknown absence', () => {
    given(absencesDecider).when({ type: 'CancelAbsence', data: { absenceId: 'x', nip: NIP.employee, reason: 'tidak ada' } }).thenRejects('ABSENCE_NOT_FOUND');
  });
});

describe('daily report decider', () => {
  const content: ActivityContent = {
    description: 'Menyusun draf laporan realisasi anggaran triwulan I',
    outputQuantity: 1,
    outputUnit: 'dokumen',
    minutes: 180,
    skpReference: 'RHK-2.1',
    evidenceLinks: ['https://drive.example.go.id/lra-tw1'],
  };
  // 22 January, 17:00 and next day 00:30 in Asia/Makassar.
  const evening = '2026-01-22T09:00:00.000Z';
  const afterMidnight = '2026-01-22T16:30:00.000Z';
  const submit = (now = evening, date = '2026-01-22', activityId = 'act-1'): DailyReportCommand => ({
    type: 'SubmitActivity',
    data: { ...content, activityId, nip: NIP.employee, date },
    context: { now, configuration: tenant },
  });
  const submitted = { type: 'ActivitySubmitted' as const, data: { ...content, activityId: 'act-1', nip: NIP.employee, date: '2026-01-22', submittedAt: evening, late: false } };
  const review = (decision: 'approved' | 'rejected' | 'revision_requested', reviewerNip: string = NIP.supervisor): DailyReportCommand => ({
    type: 'ReviewActivity',
    data: { activityId: 'act-1', nip: NIP.employee, date: '2026-01-22', decision, note: null, reviewerNip },
    context: { author: employee },
  });
  const reviewed = (decision: 'approved' | 'rejected' | 'revision_requested') => ({
    type: 'ActivityReviewed' as const,
    data: { activityId: 'act-1', nip: NIP.employee, date: '2026-01-22', decision, note: null, reviewerNip: NIP.supervisor },
  });

  it('accepts an activity before the deadline as on time', () => {
    given(dailyReportDecider).when(submit()).then([submitted]);
  });

  it('accepts an activity after the deadline and marks it late', () => {
    given(dailyReportDecider).when(submit(afterMidnight)).thenMatches([{ type: 'ActivitySubmitted', data: { late: true, submittedAt: afterMidnight } }]);
  });

  it('places the default deadline at the end of the same local day', () => {
    expect(reportDeadline(tenant, '2026-01-22')).toBe('2026-01-22T16:00:00.000Z');
  });

  it('rejects a report for a future date', () => {
    given(dailyReportDecider).when(submit(evening, '2026-01-23')).thenRejects('DATE_IN_FUTURE');
  });

  it('rejects a report older than the backfill window', () => {
    given(dailyReportDecider).when(submit(evening, '2025-12-01')).thenRejects('DATE_TOO_OLD', { days: 30 });
  });

  it('rejects a duplicate activity id', () => {
    given(dailyReportDecider, [submitted]).when(submit()).thenRejects('ACTIVITY_ALREADY_EXISTS');
  });

  it('lets the author revise before review and keeps timeliness', () => {
    given(dailyReportDecider, [submitted])
      .when({ type: 'ReviseActivity', data: { ...content, minutes: 200, activityId: 'act-1', nip: NIP.employee, date: '2026-01-22' }, context: { now: afterMidnight, configuration: tenant } })
      .thenMatches([{ type: 'ActivityRevised', data: { minutes: 200, late: false } }]);
  });

  it('rejects revising an approved activity', () => {
    given(dailyReportDecider, [submitted, reviewed('approved')])
      .when({ type: 'ReviseActivity', data: { ...content, activityId: 'act-1', nip: NIP.employee, date: '2026-01-22' }, context: { now: evening, configuration: tenant } })
      .thenRejects('ACTIVITY_NOT_EDITABLE', { status: 'approved' });
  });

  it('lets the author withdraw before review', () => {
    given(dailyReportDecider, [submitted]).when({ type: 'WithdrawActivity', data: { activityId: 'act-1', nip: NIP.employee, date: '2026-01-22' } }).thenMatches([
      { type: 'ActivityWithdrawn' },
    ]);
  });

  it('rejects withdrawing a rejected activity', () => {
    given(dailyReportDecider, [submitted, reviewed('rejected')])
      .when({ type: 'WithdrawActivity', data: { activityId: 'act-1', nip: NIP.employee, date: '2026-01-22' } })
      .thenRejects('ACTIVITY_NOT_EDITABLE');
  });

  it('lets the direct supervisor approve', () => {
    given(dailyReportDecider, [submitted]).when(review('approved')).then([reviewed('approved')]);
  });

  it('rejects a review by anyone but the direct supervisor', () => {
    given(dailyReportDecider, [submitted]).when(review('approved', '198001012005011001')).thenRejects('NOT_SUPERVISOR');
  });

  it('rejects reviewing twice', () => {
    given(dailyReportDecider, [submitted, reviewed('approved')]).when(review('rejected')).thenRejects('ACTIVITY_ALREADY_REVIEWED', { status: 'approved' });
  });

  it('reopens review after a requested revision is made', () => {
    const revised = { type: 'ActivityRevised' as const, data: { ...content, activityId: 'act-1', nip: NIP.employee, date: '2026-01-22', revisedAt: evening, late: false } };
    given(dailyReportDecider, [submitted, reviewed('revision_requested'), revised]).when(review('approved')).then([reviewed('approved')]);
  });

  it('rejects reviewing a withdrawn activity', () => {
    const withdrawn = { type: 'ActivityWithdrawn' as const, data: { activityId: 'act-1', nip: NIP.employee, date: '2026-01-22' } };
    given(dailyReportDecider, [submitted, withdrawn]).when(review('approved')).thenRejects('ACTIVITY_ALREADY_REVIEWED', { status: 'withdrawn' });
  });
});

describe('workday decider', () => {
  const close = (now: string) => ({ type: 'CloseWorkday' as const, data: { date: '2026-01-22' }, context: { now, configuration: tenant } });

  it('closes a workday after the report deadline', () => {
    given(workdayDecider).when(close('2026-01-22T16:05:00.000Z')).then([{ type: 'WorkdayClosed', data: { date: '2026-01-22' } }]);
  });

  it('rejects closing a workday before the deadline', () => {
    given(workdayDecider).when(close('2026-01-22T15:30:00.000Z')).thenRejects('WORKDAY_NOT_OVER');
  });

  it('rejects closing a workday twice', () => {
    given(workdayDecider, [{ type: 'WorkdayClosed', data: { date: '2026-01-22' } }]).when(close('2026-01-23T00:00:00.000Z')).thenRejects('WORKDAY_ALREADY_CLOSED');
  });
});
