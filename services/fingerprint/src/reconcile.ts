import type { PunchKind } from './keys.ts';
import type { DailyAttendance, IssuedRecord } from './pairing.ts';
import { toPunch, type FingerprintPunch, type PunchPlace } from './punches.ts';

/** A check-in or check-out already in the event log for an employee and date. */
export interface RecordedPresence {
  /** ISO 8601 instant that counts for the day. */
  effectiveAt: string;
}

/** Check-in, check-out and fingerprint keys already in the event log for one employee and date. */
export interface RecordedDay {
  /** The check-in in effect after corrections, or null. */
  checkIn: RecordedPresence | null;
  /** The latest check-out in effect after corrections, or null. */
  checkOut: RecordedPresence | null;
  /** Idempotency keys of fingerprint check-ins and check-outs already recorded for the day. */
  fingerprintKeys: ReadonlySet<string>;
}

export const EMPTY_RECORDED_DAY: RecordedDay = { checkIn: null, checkOut: null, fingerprintKeys: new Set() };

/**
 * Why a punch is not sent:
 * - CHECK_IN_ALREADY_RECORDED: the day has an earlier check-in, and the record
 *   cannot serve as the check-out.
 * - LATER_CHECK_OUT_RECORDED: the day has a later check-out, which is kept.
 */
export type IgnoreReason = 'CHECK_IN_ALREADY_RECORDED' | 'LATER_CHECK_OUT_RECORDED';

export const IGNORE_REASONS: readonly IgnoreReason[] = ['CHECK_IN_ALREADY_RECORDED', 'LATER_CHECK_OUT_RECORDED'];

/**
 * The action for one punch: send it as a command (`issue`), count it as
 * already recorded (`present`), or leave it out (`ignore`).
 */
export type PunchDecision =
  | { action: 'issue'; punch: FingerprintPunch }
  | { action: 'present'; punch: FingerprintPunch }
  | { action: 'ignore'; punch: FingerprintPunch; reason: IgnoreReason };

/**
 * Decides, for one paired PIN-day, which punches to send given what the event
 * log already holds for that employee and date. This lets a terminal push its
 * records a few at a time, and lets a file import follow a push, without a
 * second check-in or an earlier check-out replacing a later one.
 *
 * Rules, in order:
 * 1. A punch whose idempotency key is already recorded is `present`, whichever
 *    channel (file import or push) recorded it.
 * 2. Check-in. With no recorded check-in it is issued. When it is earlier than
 *    the recorded check-in it is still issued, so that the domain rejects it
 *    with ALREADY_CHECKED_IN and keeps the attempt for review. When it is at or
 *    after the recorded check-in it is not a check-in. A day paired by order
 *    without a check-out then uses that record as its check-out candidate,
 *    because a terminal that does not set states sends the afternoon record
 *    alone. Otherwise it is ignored.
 * 3. Check-out. It is ignored when the recorded check-out is later, since a
 *    late or partial log must not move a check-out earlier. Otherwise it is
 *    issued, and the domain checks it against the check-in.
 */
export function reconcileDay(day: DailyAttendance, nip: string, recorded: RecordedDay, place: PunchPlace): PunchDecision[] {
  const decisions: PunchDecision[] = [];
  const pairedByOrder = day.notes.includes('PAIRED_BY_ORDER');
  let checkOutRecord: IssuedRecord | undefined = day.checkOut;

  if (day.checkIn !== undefined) {
    const punch = toPunch(day, 'check-in', day.checkIn, nip, place);
    if (recorded.fingerprintKeys.has(punch.idempotencyKey)) {
      decisions.push({ action: 'present', punch });
    } else if (recorded.checkIn === null || instantOf(punch.occurredAt) < instantOf(recorded.checkIn.effectiveAt)) {
      decisions.push({ action: 'issue', punch });
    } else if (pairedByOrder && checkOutRecord === undefined) {
      checkOutRecord = day.checkIn;
    } else {
      decisions.push({ action: 'ignore', punch, reason: 'CHECK_IN_ALREADY_RECORDED' });
    }
  }

  if (checkOutRecord !== undefined) {
    decisions.push(decideCheckOut(toPunch(day, 'check-out', checkOutRecord, nip, place), recorded));
  }
  return decisions;
}

function decideCheckOut(punch: FingerprintPunch, recorded: RecordedDay): PunchDecision {
  if (recorded.fingerprintKeys.has(punch.idempotencyKey)) {
    return { action: 'present', punch };
  }
  if (recorded.checkOut !== null && instantOf(recorded.checkOut.effectiveAt) > instantOf(punch.occurredAt)) {
    return { action: 'ignore', punch, reason: 'LATER_CHECK_OUT_RECORDED' };
  }
  return { action: 'issue', punch };
}

/**
 * Returns the recorded day after a punch was recorded, so that a dry run can
 * judge later records of the same day as a real import would.
 */
export function withRecordedPunch(recorded: RecordedDay, punch: FingerprintPunch): RecordedDay {
  const presence = { effectiveAt: punch.occurredAt };
  const fingerprintKeys = new Set(recorded.fingerprintKeys).add(punch.idempotencyKey);
  const kind: PunchKind = punch.kind;
  if (kind === 'check-in') {
    return { ...recorded, checkIn: recorded.checkIn ?? presence, fingerprintKeys };
  }
  return { ...recorded, checkOut: presence, fingerprintKeys };
}

function instantOf(iso: string): number {
  return Date.parse(iso);
}
