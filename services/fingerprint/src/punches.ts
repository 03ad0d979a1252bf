import { fingerprintKey, type PunchKind } from './keys.ts';
import type { DailyAttendance, IssuedRecord } from './pairing.ts';
import { toInstant } from './time.ts';

/** A check-in or check-out ready for the attendance command layer. */
export interface FingerprintPunch {
  kind: PunchKind;
  pin: string;
  nip: string;
  date: string;
  /** Office-local "YYYY-MM-DDTHH:mm:ss" as the terminal wrote it. */
  localDateTime: string;
  /** ISO 8601 UTC instant of localDateTime in the office zone. */
  occurredAt: string;
  idempotencyKey: string;
  /** Line of the log that the punch comes from. */
  lineNumber: number;
}

/** Origin of punches: the tenant, the unit whose PIN space the terminal uses, and the office zone. */
export interface PunchPlace {
  tenantId: string;
  unitId: string;
  /** IANA zone of the office, such as Asia/Makassar. */
  zone: string;
}

export interface PunchContext extends PunchPlace {
  /** NIP by canonical PIN, from parsePinMap. */
  pinMap: ReadonlyMap<string, string>;
}

export interface PunchPlan {
  /** Punches in the order of the days, each day's check-in before its check-out. */
  punches: FingerprintPunch[];
  /** Days whose PIN is not in the PIN map, so no punch was planned for them. */
  unknownPinDays: DailyAttendance[];
}

/**
 * Turns paired days into punches with NIP, UTC instant and idempotency key.
 * Throws a RangeError from toInstant when the zone is not an IANA zone name.
 */
export function planPunches(days: readonly DailyAttendance[], context: PunchContext): PunchPlan {
  const punches: FingerprintPunch[] = [];
  const unknownPinDays: DailyAttendance[] = [];

  for (const day of days) {
    const nip = context.pinMap.get(day.pin);
    if (nip === undefined) {
      unknownPinDays.push(day);
      continue;
    }
    if (day.checkIn !== undefined) {
      punches.push(toPunch(day, 'check-in', day.checkIn, nip, context));
    }
    if (day.checkOut !== undefined) {
      punches.push(toPunch(day, 'check-out', day.checkOut, nip, context));
    }
  }
  return { punches, unknownPinDays };
}

/** Builds the punch of one chosen record, as planPunches does for each check-in and check-out. */
export function toPunch(day: DailyAttendance, kind: PunchKind, issued: IssuedRecord, nip: string, context: PunchPlace): FingerprintPunch {
  return {
    kind,
    pin: day.pin,
    nip,
    date: day.date,
    localDateTime: issued.localDateTime,
    occurredAt: toInstant(issued.localDateTime, context.zone),
    idempotencyKey: fingerprintKey({
      tenantId: context.tenantId,
      unitId: context.unitId,
      pin: day.pin,
      date: day.date,
      kind,
      localDateTime: issued.localDateTime,
    }),
    lineNumber: issued.record.lineNumber,
  };
}
