import { z } from 'zod';

import { defineEvent } from '../event-registry.ts';
import { Nip } from '../domain/nip.ts';
import {
  AbsenceType,
  AttendanceMode,
  AttendanceSource,
  Instant,
  LocalDate,
  Location,
  plainText,
  Slug,
} from '../domain/primitives.ts';

/** Signs worth a reviewer's look; the attendance is still accepted. */
export const AttendanceFlag = z.enum(['LOW_ACCURACY', 'OFFLINE_RECORDED', 'NO_LOCATION']);
export type AttendanceFlag = z.infer<typeof AttendanceFlag>;

const Presence = z.object({
  nip: Nip,
  /** The attendance day: the local date the working day (or shift) starts. */
  date: LocalDate,
  unitId: Slug,
  mode: AttendanceMode,
  source: AttendanceSource,
  location: Location.nullable(),
  /** The office geofence matched for WFO, else null. */
  geofenceId: Slug.nullable(),
  /** Distance to the matched geofence centre or to the domicile, in metres. */
  distanceMeters: z.number().min(0).nullable(),
  /** When the device recorded it, for offline use; null when sent live. */
  deviceTime: Instant.nullable(),
  /** When the server received it. */
  receivedAt: Instant,
  /** The time that counts: device time when given and accepted, else receipt time. */
  effectiveAt: Instant,
  deviceId: z.string().max(200).nullable(),
  flags: z.array(AttendanceFlag),
});

export const CheckedIn = defineEvent('CheckedIn', 1, Presence.extend({ plannedMode: AttendanceMode }));

export const CheckedOut = defineEvent('CheckedOut', 1, Presence);

export const AttendanceCorrected = defineEvent(
  'AttendanceCorrected',
  1,
  z.object({
    nip: Nip,
    date: LocalDate,
    /** Corrected check-in time; null removes it; absent leaves it as it was. */
    checkInAt: Instant.nullable().optional(),
    checkOutAt: Instant.nullable().optional(),
    mode: AttendanceMode.optional(),
    reason: plainText(1_000),
    reference: plainText(200).nullable(),
  }),
);

export const AttendanceAttemptRejected = defineEvent(
  'AttendanceAttemptRejected',
  1,
  z.object({
    nip: Nip,
    date: LocalDate,
    kind: z.enum(['check-in', 'check-out']),
    /** The error code the client received. */
    reason: z.string().min(1).max(100),
    mode: AttendanceMode,
    source: AttendanceSource,
    location: Location.nullable(),
    deviceTime: Instant.nullable(),
    receivedAt: Instant,
    deviceId: z.string().max(200).nullable(),
  }),
);

export const AbsenceRecorded = defineEvent(
  'AbsenceRecorded',
  1,
  z.object({
    absenceId: z.string().min(1).max(100),
    nip: Nip,
    type: AbsenceType,
    from: LocalDate,
    to: LocalDate,
    /** Letter or decree number. */
    reference: plainText(200),
    note: plainText(1_000).nullable(),
  }),
);

export const AbsenceCancelled = defineEvent(
  'AbsenceCancelled',
  1,
  z.object({ absenceId: z.string().min(1).max(100), nip: Nip, reason: plainText(1_000) }),
);
