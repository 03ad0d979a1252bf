import type { CommandChain, PlannedCommand } from './load-generator.ts';
import { nearOffice, type OrganisationSpec } from './organisation.ts';
import { signToken } from './tokens.ts';

const HOUR_MS = 3_600_000;

/** UTC offset of Asia/Makassar (WITA), the tenants' default time zone; it has no daylight saving time. */
const WITA_OFFSET_MS = 8 * HOUR_MS;

/** Returns the local date (YYYY-MM-DD) of an instant in Asia/Makassar. */
export function witaDate(instant: Date): string {
  return new Date(instant.getTime() + WITA_OFFSET_MS).toISOString().slice(0, 10);
}

export interface AttendanceLoadOptions {
  /** Days of attendance per employee, counting back from today; at most 3 (offline check-ins are accepted for 72 hours). */
  readonly days: number;
  readonly activitiesPerDay: number;
  /** Server time when the load starts. */
  readonly now: Date;
  /** Makes the keys of one run distinct from those of another. */
  readonly runId: string;
}

export interface AttendanceLoad {
  readonly chains: CommandChain[];
  /** Attendance dates in the tenant's local time, oldest first. */
  readonly dates: string[];
}

/**
 * Plans, for every employee and day, a check-in, the day's activities and a
 * check-out, as a mobile client sends them. Each check-in carries a device time of
 * that day (an offline check-in, accepted up to 72 hours later), so the commands
 * land on the same attendance day whenever they are retried.
 */
export async function planAttendanceLoad(spec: OrganisationSpec, options: AttendanceLoadOptions): Promise<AttendanceLoad> {
  if (options.days < 1 || options.days > 3) {
    throw new Error(`days must be 1 to 3, got ${options.days}`);
  }
  const chains: CommandChain[] = [];
  const dates = new Set<string>();
  const officeOf = new Map(spec.units.map((unit) => [unit.unitId, unit.office]));

  for (const [employeeIndex, employee] of spec.employees.entries()) {
    const token = await signToken({ tenant: spec.tenantId, roles: ['employee'], nip: employee.nip });
    const office = officeOf.get(employee.unitId);
    if (office === undefined) {
      throw new Error(`employee of unknown unit ${employee.unitId}`);
    }
    for (let day = options.days - 1; day >= 0; day -= 1) {
      // Check in 3 hours (plus a minute per employee) before now, on each of the last days.
      const checkInAt = new Date(options.now.getTime() - day * 24 * HOUR_MS - 3 * HOUR_MS - employeeIndex * 60_000);
      const checkOutAt = new Date(checkInAt.getTime() + 2 * HOUR_MS);
      const date = witaDate(checkInAt);
      dates.add(date);
      // Keys are stored in the event metadata forever, so they name no NIP.
      const prefix = `${options.runId}-employee${employeeIndex}-${date}`;
      const presence = { mode: 'WFO', source: 'mobile', deviceId: `device-${employeeIndex}` };

      const chain: PlannedCommand[] = [
        {
          key: `${prefix}-in`,
          name: 'check-in',
          token,
          eventType: 'CheckedIn',
          body: { ...presence, location: nearOffice(office, 20 + employeeIndex), deviceTime: checkInAt.toISOString() },
        },
      ];
      for (let activity = 1; activity <= options.activitiesPerDay; activity += 1) {
        chain.push({
          key: `${prefix}-activity-${activity}`,
          name: 'submit-activity',
          token,
          eventType: 'ActivitySubmitted',
          body: {
            activityId: `${options.runId}-${date}-${activity}`,
            date,
            description: `Menyusun laporan kegiatan nomor ${activity}`,
            outputQuantity: activity,
            outputUnit: 'dokumen',
            minutes: 30 * activity,
          },
        });
      }
      chain.push({
        key: `${prefix}-out`,
        name: 'check-out',
        token,
        eventType: 'CheckedOut',
        body: { ...presence, location: nearOffice(office, 30 + employeeIndex), deviceTime: checkOutAt.toISOString() },
      });
      chains.push(chain);
    }
  }
  return { chains, dates: [...dates].sort() };
}
