import type { ActivityContent, FleksiEvent, ReviewDecision } from '@fleksi/contracts';

import { isAfterDeadline } from '../deadlines.ts';
import { assertNever, type Decider } from '../decider.ts';
import { DomainError, ensure } from '../errors.ts';
import type { TenantConfiguration } from '../tenant-calendar.ts';
import { addDays, localDateOf } from '../time.ts';
import type { EmployeeState } from './employee.ts';

interface ReportContext {
  now: string;
  configuration: TenantConfiguration;
  /**
   * Date whose deadline applies: the report's date, or the next day for a night shift,
   * whose report is due by the tenant's deadline after the shift ends.
   */
  deadlineDate?: string;
}

export type DailyReportCommand =
  | { type: 'SubmitActivity'; data: ActivityContent & { activityId: string; nip: string; date: string }; context: ReportContext }
  | { type: 'ReviseActivity'; data: ActivityContent & { activityId: string; nip: string; date: string }; context: ReportContext }
  | { type: 'WithdrawActivity'; data: { activityId: string; nip: string; date: string } }
  | {
      type: 'ReviewActivity';
      data: { activityId: string; nip: string; date: string; decision: ReviewDecision; note: string | null; reviewerNip: string };
      /** The author's employee record, for the supervisor check. */
      context: { author: EmployeeState };
    };

export type ActivityStatus = 'submitted' | 'revision_requested' | 'approved' | 'rejected' | 'withdrawn';

interface Activity {
  readonly status: ActivityStatus;
  readonly late: boolean;
}

/** One employee's daily report for one date: the activities and their review status. */
export interface DailyReportState {
  readonly activities: ReadonlyMap<string, Activity>;
}

type DailyReportEvent = Extract<
  FleksiEvent,
  { type: 'ActivitySubmitted' | 'ActivityRevised' | 'ActivityWithdrawn' | 'ActivityReviewed' }
>;

export const dailyReportDecider: Decider<DailyReportCommand, DailyReportState, DailyReportEvent> = {
  initialState: () => ({ activities: new Map() }),

  decide(command, state) {
    switch (command.type) {
      case 'SubmitActivity': {
        const { data, context } = command;
        checkReportDate(data.date, context);
        ensure(!state.activities.has(data.activityId), 'ACTIVITY_ALREADY_EXISTS', { activityId: data.activityId });
        // Late submissions are accepted and marked, as a late entry may cut the allowance.
        const late = isAfterDeadline(context.configuration, context.deadlineDate ?? data.date, context.now);
        return [{ type: 'ActivitySubmitted', data: { ...data, submittedAt: context.now, late } }];
      }
      case 'ReviseActivity': {
        const activity = editableActivity(state, command.data.activityId, command.data.date);
        // Timeliness belongs to the first submission: a revision the supervisor
        // asked for after the deadline does not make the report late.
        return [{ type: 'ActivityRevised', data: { ...command.data, revisedAt: command.context.now, late: activity.late } }];
      }
      case 'WithdrawActivity':
        editableActivity(state, command.data.activityId, command.data.date);
        return [{ type: 'ActivityWithdrawn', data: command.data }];
      case 'ReviewActivity': {
        const { data, context } = command;
        const activity = state.activities.get(data.activityId);
        if (activity === undefined) {
          throw new DomainError('ACTIVITY_NOT_FOUND', { activityId: data.activityId, date: data.date });
        }
        ensure(context.author.status === 'registered' && context.author.supervisorNip === data.reviewerNip, 'NOT_SUPERVISOR', {
          nip: data.nip,
        });
        ensure(activity.status === 'submitted', 'ACTIVITY_ALREADY_REVIEWED', { activityId: data.activityId, status: activity.status });
        return [{ type: 'ActivityReviewed', data }];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    const activities = new Map(state.activities);
    const current = activities.get(event.data.activityId);
    switch (event.type) {
      case 'ActivitySubmitted':
        activities.set(event.data.activityId, { status: 'submitted', late: event.data.late });
        break;
      case 'ActivityRevised':
        activities.set(event.data.activityId, { status: 'submitted', late: event.data.late });
        break;
      case 'ActivityWithdrawn':
        if (current !== undefined) {
          activities.set(event.data.activityId, { ...current, status: 'withdrawn' });
        }
        break;
      case 'ActivityReviewed':
        if (current !== undefined) {
          activities.set(event.data.activityId, { ...current, status: event.data.decision });
        }
        break;
      default:
        return assertNever(event);
    }
    return { activities };
  },
};

function checkReportDate(date: string, context: ReportContext): void {
  const today = localDateOf(context.now, context.configuration.settings.timeZone);
  ensure(date <= today, 'DATE_IN_FUTURE', { date });
  const backfillDays = context.configuration.settings.reportBackfillDays;
  ensure(date >= addDays(today, -backfillDays), 'DATE_TOO_OLD', { date, days: backfillDays });
}

/** Returns the activity when its author may still change it: before a final review. */
function editableActivity(state: DailyReportState, activityId: string, date: string): Activity {
  const activity = state.activities.get(activityId);
  if (activity === undefined) {
    throw new DomainError('ACTIVITY_NOT_FOUND', { activityId, date });
  }
  ensure(activity.status === 'submitted' || activity.status === 'revision_requested', 'ACTIVITY_NOT_EDITABLE', {
    activityId,
    status: activity.status,
  });
  return activity;
}
