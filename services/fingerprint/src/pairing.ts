import type { AttlogRecord } from './parse.ts';
import { comparePins } from './pin.ts';
import { localEpochSeconds } from './time.ts';

/** Codes that explain how a PIN-day was paired, in this order when several apply. */
export type PairingNote =
  | 'PAIRED_BY_STATE'
  | 'PAIRED_BY_ORDER'
  | 'SINGLE_RECORD'
  | 'SINGLE_RECORD_AFTER_CUTOFF'
  | 'NO_CHECK_IN'
  | 'NO_CHECK_OUT';

export const PAIRING_NOTES: readonly PairingNote[] = [
  'PAIRED_BY_STATE',
  'PAIRED_BY_ORDER',
  'SINGLE_RECORD',
  'SINGLE_RECORD_AFTER_CUTOFF',
  'NO_CHECK_IN',
  'NO_CHECK_OUT',
];

/** The record chosen as a check-in or a check-out. */
export interface IssuedRecord {
  record: AttlogRecord;
  /** Office-local "YYYY-MM-DDTHH:mm:ss"; convert with toInstant and the tenant's zone. */
  localDateTime: string;
}

/** Check-in and check-out chosen for one PIN on one local date. */
export interface DailyAttendance {
  pin: string;
  date: string;
  checkIn?: IssuedRecord;
  checkOut?: IssuedRecord;
  /** Records dropped as duplicates of an earlier record, in time order. */
  duplicates: AttlogRecord[];
  /** Records kept after duplicate removal but neither check-in nor check-out, in time order. */
  ignored: AttlogRecord[];
  notes: PairingNote[];
}

export interface PairingOptions {
  /**
   * Maximum seconds between a record and an earlier kept record of the same
   * PIN, date and state for the later one to count as a duplicate. Default 60.
   * With 0, only records at the same second are duplicates.
   */
  duplicateWindowSeconds?: number;
  /**
   * Local time "HH:mm" from which a lone record issued as a check-in also gets
   * the SINGLE_RECORD_AFTER_CUTOFF note, so that a reviewer can decide whether
   * it was a check-out. Default "14:00".
   */
  singleRecordCutoff?: string;
  /**
   * Use of the state field. With 'auto' (default), a PIN-day is paired by its
   * states when any of its records has an out state (1 or 5). With 'ignore',
   * every day is paired by order, for terminals whose state key is not reliable.
   */
  stateHandling?: 'auto' | 'ignore';
}

/** States that can open a day: 0 check-in, 3 break in, 4 overtime in. */
const IN_STATES: ReadonlySet<number> = new Set([0, 3, 4]);
/** States that can close a day: 1 check-out, 5 overtime out. */
const OUT_STATES: ReadonlySet<number> = new Set([1, 5]);

const CUTOFF_PATTERN = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/**
 * Chooses the check-in and check-out of every PIN on every local date.
 *
 * Steps for each PIN-day, with records sorted by time, then line number:
 * 1. Duplicates are dropped (see duplicateWindowSeconds). The first record of
 *    a burst is kept.
 * 2. If any remaining record has an out state (1 or 5), the states decide. The
 *    check-in is the first record in state 0, 3 or 4. The check-out is the last
 *    record in state 1 or 5 that comes after the check-in. Records in state 2
 *    (break out), 255, other codes or no state are then ignored.
 * 3. Otherwise the order decides: the first record is the check-in and the last
 *    is the check-out. A lone record is only a check-in.
 * A day is the office-local calendar date, so a record at 00:00:00 starts a new
 * day and a shift that crosses midnight is split into two days. The result is
 * ordered by date, then PIN (numeric PINs by value).
 */
export function pairDailyRecords(records: readonly AttlogRecord[], options: PairingOptions = {}): DailyAttendance[] {
  const windowSeconds = options.duplicateWindowSeconds ?? 60;
  if (!Number.isFinite(windowSeconds) || windowSeconds < 0) {
    throw new RangeError(`invalid duplicateWindowSeconds ${windowSeconds}: use a finite number of seconds, 0 or more`);
  }
  const cutoff = options.singleRecordCutoff ?? '14:00';
  if (!CUTOFF_PATTERN.test(cutoff)) {
    throw new RangeError(`invalid singleRecordCutoff "${cutoff}": use a local time "HH:mm" such as "14:00"`);
  }
  const useStates = (options.stateHandling ?? 'auto') === 'auto';

  const groups = groupByPinDay(records);
  const days = [...groups.values()].map((group) => pairDay(group, windowSeconds, cutoff, useStates));
  days.sort((left, right) => compareDates(left.date, right.date) || comparePins(left.pin, right.pin));
  return days;
}

function groupByPinDay(records: readonly AttlogRecord[]): Map<string, AttlogRecord[]> {
  const groups = new Map<string, AttlogRecord[]>();
  for (const record of records) {
    const key = `${record.date}\u0000${record.pin}`;
    const group = groups.get(key) ?? [];
    group.push(record);
    groups.set(key, group);
  }
  return groups;
}

function pairDay(group: readonly AttlogRecord[], windowSeconds: number, cutoff: string, useStates: boolean): DailyAttendance {
  const sorted = [...group].sort(compareRecords);
  const { kept, duplicates } = dropDuplicates(sorted, windowSeconds);
  const first = kept[0];
  if (first === undefined) {
    throw new Error('a PIN-day group cannot be empty');
  }

  const notes: PairingNote[] = [];
  const byState = useStates && kept.some((record) => isOutState(record.state));
  const { checkIn, checkOut } = byState ? chooseByState(kept) : chooseByOrder(kept);
  notes.push(byState ? 'PAIRED_BY_STATE' : 'PAIRED_BY_ORDER');

  if (kept.length === 1) {
    notes.push('SINGLE_RECORD');
    if (checkIn !== undefined && checkIn.localDateTime.slice(11, 16) >= cutoff) {
      notes.push('SINGLE_RECORD_AFTER_CUTOFF');
    }
  }
  if (checkIn === undefined) {
    notes.push('NO_CHECK_IN');
  }
  if (checkOut === undefined) {
    notes.push('NO_CHECK_OUT');
  }

  const ignored = kept.filter((record) => record !== checkIn && record !== checkOut);
  const day: DailyAttendance = { pin: first.pin, date: first.date, duplicates, ignored, notes };
  if (checkIn !== undefined) {
    day.checkIn = { record: checkIn, localDateTime: checkIn.localDateTime };
  }
  if (checkOut !== undefined) {
    day.checkOut = { record: checkOut, localDateTime: checkOut.localDateTime };
  }
  return day;
}

/**
 * Keeps a record unless a kept record with the same state is at most
 * windowSeconds older. Comparing with the last kept record, not the previous
 * one, stops a long series of presses from collapsing into one record.
 */
function dropDuplicates(sorted: readonly AttlogRecord[], windowSeconds: number): { kept: AttlogRecord[]; duplicates: AttlogRecord[] } {
  const kept: AttlogRecord[] = [];
  const duplicates: AttlogRecord[] = [];
  const lastKeptSecondsByState = new Map<number | null, number>();

  for (const record of sorted) {
    const seconds = localEpochSeconds(record.localDateTime);
    const lastKeptSeconds = lastKeptSecondsByState.get(record.state);
    if (lastKeptSeconds !== undefined && seconds - lastKeptSeconds <= windowSeconds) {
      duplicates.push(record);
      continue;
    }
    kept.push(record);
    lastKeptSecondsByState.set(record.state, seconds);
  }
  return { kept, duplicates };
}

interface Choice {
  checkIn: AttlogRecord | undefined;
  checkOut: AttlogRecord | undefined;
}

function chooseByState(kept: readonly AttlogRecord[]): Choice {
  const checkInIndex = kept.findIndex((record) => isInState(record.state));
  const checkIn = checkInIndex === -1 ? undefined : kept[checkInIndex];

  let checkOut: AttlogRecord | undefined;
  for (let index = kept.length - 1; index > checkInIndex; index -= 1) {
    const record = kept[index];
    if (record !== undefined && isOutState(record.state)) {
      checkOut = record;
      break;
    }
  }
  return { checkIn, checkOut };
}

function chooseByOrder(kept: readonly AttlogRecord[]): Choice {
  const checkIn = kept[0];
  const checkOut = kept.length > 1 ? kept[kept.length - 1] : undefined;
  return { checkIn, checkOut };
}

function isInState(state: number | null): boolean {
  return state !== null && IN_STATES.has(state);
}

function isOutState(state: number | null): boolean {
  return state !== null && OUT_STATES.has(state);
}

function compareRecords(left: AttlogRecord, right: AttlogRecord): number {
  return compareDates(left.localDateTime, right.localDateTime) || left.lineNumber - right.lineNumber;
}

/** Compares ISO dates or local date-times, which sort as plain text. */
function compareDates(left: string, right: string): number {
  if (left === right) {
    return 0;
  }
  return left < right ? -1 : 1;
}
