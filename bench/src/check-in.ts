import { randomUUID } from 'node:crypto';

import type { EventMetadata, NewEvent } from '@fleksi/contracts';

export const BENCH_TENANT = 'mamuju-tengah';
export const CHECKED_IN = 'CheckedIn';

/** Payload shaped like an attendance check-in from the mobile app. */
export type CheckInData = {
  readonly employeeId: string;
  readonly nip: string;
  readonly workDate: string;
  readonly checkedInAt: string;
  readonly workMode: 'office' | 'wfa';
  readonly officeId: string;
  readonly location: { readonly latitude: number; readonly longitude: number; readonly accuracyMeters: number };
  readonly deviceId: string;
  /** Number given by the caller. Read-back numbers its events 0 to N-1 and checks their sum. */
  readonly sequence: number;
};

/**
 * Builds a check-in event. Its data serialises to 300 to 320 bytes of JSON and its
 * metadata to about 270.
 */
export function checkInEvent(writer: number, sequence: number): NewEvent<typeof CHECKED_IN, CheckInData> {
  const employee = writer * 100_000 + (sequence % 100_000);
  const minute = sequence % 60;
  const data: CheckInData = {
    employeeId: `emp-${employee.toString().padStart(7, '0')}`,
    nip: `1987031220100110${(employee % 100).toString().padStart(2, '0')}`,
    workDate: '2025-03-14',
    checkedInAt: `2025-03-14T07:${minute.toString().padStart(2, '0')}:13.512+08:00`,
    workMode: sequence % 5 === 0 ? 'wfa' : 'office',
    officeId: 'dinas-kominfo-mamuju-tengah',
    location: { latitude: -2.6804 + (sequence % 100) / 10_000, longitude: 119.3921, accuracyMeters: 12.5 },
    deviceId: `android-${writer.toString(16).padStart(8, '0')}`,
    sequence,
  };
  const metadata: EventMetadata = {
    tenantId: BENCH_TENANT,
    actor: { subject: data.employeeId, role: 'employee' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    command: 'CheckIn',
    receivedAt: '2025-03-14T07:00:13.498Z',
    source: 'mobile',
  };
  return { eventId: randomUUID(), type: CHECKED_IN, schemaVersion: 1, data, metadata };
}
