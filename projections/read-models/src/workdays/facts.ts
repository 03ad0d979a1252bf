import type { EventData, FleksiEventType, RecordedEvent } from '@fleksi/contracts';

/** Presence facts of one employee-day, after its check-ins, check-outs and corrections. */
export interface AttendanceFacts {
  checkInAt: string | null;
  checkInSource: string | null;
  checkInMode: string | null;
  checkInFlags: string[];
  checkOutAt: string | null;
  checkOutSource: string | null;
  checkOutMode: string | null;
  corrected: boolean;
}

export const NO_ATTENDANCE: AttendanceFacts = {
  checkInAt: null,
  checkInSource: null,
  checkInMode: null,
  checkInFlags: [],
  checkOutAt: null,
  checkOutSource: null,
  checkOutMode: null,
  corrected: false,
};

/** One activity of a daily report, in its current state. */
export interface ActivityFacts {
  status: string;
  late: boolean;
  minutes: number;
  description: string;
  outputQuantity: number;
  outputUnit: string;
  skpReference: string | null;
  submittedAt: string;
  reviewNote: string | null;
}

function data<T extends FleksiEventType>(event: RecordedEvent, _type: T): EventData<T> {
  return event.data as EventData<T>;
}

/**
 * Folds one attendance-day event into the day's facts. Used by the projection and by
 * the audit replay, so both read a correction the same way.
 */
export function applyAttendanceEvent(facts: AttendanceFacts, event: RecordedEvent): AttendanceFacts {
  switch (event.type) {
    case 'CheckedIn': {
      const checkIn = data(event, 'CheckedIn');
      return { ...facts, checkInAt: new Date(checkIn.effectiveAt).toISOString(), checkInSource: checkIn.source, checkInMode: checkIn.mode, checkInFlags: checkIn.flags };
    }
    case 'CheckedOut': {
      const checkOut = data(event, 'CheckedOut');
      return { ...facts, checkOutAt: new Date(checkOut.effectiveAt).toISOString(), checkOutSource: checkOut.source, checkOutMode: checkOut.mode };
    }
    case 'AttendanceCorrected': {
      const correction = data(event, 'AttendanceCorrected');
      const row = { ...facts, corrected: true };
      if (correction.checkInAt !== undefined) {
        row.checkInAt = correction.checkInAt === null ? null : new Date(correction.checkInAt).toISOString();
        row.checkInSource = correction.checkInAt === null ? null : 'correction';
      }
      if (correction.checkOutAt !== undefined) {
        row.checkOutAt = correction.checkOutAt === null ? null : new Date(correction.checkOutAt).toISOString();
        row.checkOutSource = correction.checkOutAt === null ? null : 'correction';
      }
      if (correction.mode !== undefined) {
        row.checkInMode = row.checkInAt === null ? null : correction.mode;
        row.checkOutMode = row.checkOutAt === null ? null : correction.mode;
      } else {
        row.checkInMode = row.checkInAt === null ? null : (row.checkInMode ?? 'WFO');
        row.checkOutMode = row.checkOutAt === null ? null : (row.checkOutMode ?? row.checkInMode ?? 'WFO');
      }
      return row;
    }
    default:
      return facts;
  }
}

/** Folds one daily-report event into the activity it concerns; undefined when there is none yet. */
export function applyActivityEvent(previous: ActivityFacts | undefined, event: RecordedEvent): ActivityFacts | undefined {
  switch (event.type) {
    case 'ActivitySubmitted':
    case 'ActivityRevised': {
      const activity = data(event, 'ActivitySubmitted');
      const submittedAt = event.type === 'ActivitySubmitted' ? activity.submittedAt : (previous?.submittedAt ?? data(event, 'ActivityRevised').revisedAt);
      return {
        status: 'submitted',
        late: activity.late,
        minutes: activity.minutes,
        description: activity.description,
        outputQuantity: activity.outputQuantity,
        outputUnit: activity.outputUnit,
        skpReference: activity.skpReference,
        submittedAt: new Date(submittedAt).toISOString(),
        reviewNote: previous?.reviewNote ?? null,
      };
    }
    case 'ActivityWithdrawn':
    case 'ActivityReviewed': {
      if (previous === undefined) {
        return undefined;
      }
      const status = event.type === 'ActivityWithdrawn' ? 'withdrawn' : data(event, 'ActivityReviewed').decision;
      const reviewNote = event.type === 'ActivityReviewed' ? data(event, 'ActivityReviewed').note : previous.reviewNote;
      return { ...previous, status, reviewNote };
    }
    default:
      return previous;
  }
}

/** Activity counts of one day, in the form the compliance derivation takes. */
export function summariseActivities(activities: Iterable<ActivityFacts>): {
  submitted: number; onTime: number; late: number; approved: number; rejected: number; pending: number; withdrawn: number; minutes: number; countingOnTime: number; countingLate: number;
} {
  const summary = { submitted: 0, onTime: 0, late: 0, approved: 0, rejected: 0, pending: 0, withdrawn: 0, minutes: 0, countingOnTime: 0, countingLate: 0 };
  for (const activity of activities) {
    if (activity.status === 'withdrawn') {
      summary.withdrawn += 1;
      continue;
    }
    summary.submitted += 1;
    summary[activity.late ? 'late' : 'onTime'] += 1;
    if (activity.status === 'approved') {
      summary.approved += 1;
    } else if (activity.status === 'rejected') {
      summary.rejected += 1;
    } else {
      summary.pending += 1;
    }
    if (activity.status !== 'rejected') {
      summary.minutes += activity.minutes;
      summary[activity.late ? 'countingLate' : 'countingOnTime'] += 1;
    }
  }
  return summary;
}
