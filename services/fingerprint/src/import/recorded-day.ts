import type { EventData, RecordedEvent } from '@fleksi/contracts';
import { streams, type ApplicationDependencies } from '@fleksi/domain';

import type { RecordedDay } from '../reconcile.ts';

/**
 * Reads the check-in, check-out and fingerprint keys in the attendance-day
 * stream of an employee and date, for reconcileDay. It reads the same stream that recordPresence decides on, so a
 * punch recorded by an earlier batch of the same import is seen.
 */
export async function readRecordedDay(dependencies: ApplicationDependencies, tenantId: string, nip: string, date: string): Promise<RecordedDay> {
  const { events } = await dependencies.store.readStream(streams.attendanceDay(tenantId, nip, date));
  return foldRecordedDay(events);
}

/** Folds CheckedIn, CheckedOut and AttendanceCorrected events into a RecordedDay. */
export function foldRecordedDay(events: readonly RecordedEvent[]): RecordedDay {
  let checkIn: RecordedDay['checkIn'] = null;
  let checkOut: RecordedDay['checkOut'] = null;
  const fingerprintKeys = new Set<string>();

  for (const event of events) {
    if (event.type === 'CheckedIn' || event.type === 'CheckedOut') {
      const data = event.data as EventData<'CheckedOut'>;
      const presence = { effectiveAt: data.effectiveAt };
      if (event.type === 'CheckedIn') {
        checkIn = presence;
      } else {
        checkOut = presence;
      }
      // Only fingerprint records count: a key chosen by a phone client must not
      // make a terminal record look as if it were already recorded.
      if (data.source === 'fingerprint' && event.metadata.idempotencyKey !== undefined) {
        fingerprintKeys.add(event.metadata.idempotencyKey);
      }
    } else if (event.type === 'AttendanceCorrected') {
      const data = event.data as EventData<'AttendanceCorrected'>;
      checkIn = correctedPresence(data.checkInAt, checkIn);
      checkOut = correctedPresence(data.checkOutAt, checkOut);
    }
  }
  return { checkIn, checkOut, fingerprintKeys };
}

function correctedPresence(instant: string | null | undefined, current: RecordedDay['checkIn']): RecordedDay['checkIn'] {
  if (instant === undefined) {
    return current;
  }
  return instant === null ? null : { effectiveAt: instant };
}
