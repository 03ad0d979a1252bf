import type { AbsenceType, RecordedEvent, ShiftDefinition } from '@fleksi/contracts';
import { tenantDecider, type TenantState } from '@fleksi/domain';
import {
  applyActivityEvent,
  applyAttendanceEvent,
  deriveAttendance,
  deriveCompliance,
  NO_ATTENDANCE,
  summariseActivities,
  type ActivityFacts,
  type AttendanceFacts,
  type DerivedAttendance,
  type DerivedCompliance,
} from '@fleksi/read-models';

const TENANT_EVENTS = new Set(['TenantRegistered', 'TenantSettingsChanged', 'WorkScheduleDefined', 'WorkScheduleRemoved', 'CalendarDayDeclared', 'CalendarDayRemoved']);

export interface ReplayedDay {
  readonly date: string;
  readonly attendance: (DerivedAttendance & { readonly facts: AttendanceFacts }) | null;
  readonly compliance: (DerivedCompliance & ReturnType<typeof summariseActivities>) | null;
  /** Reason nothing could be derived, for example a tenant not registered yet. */
  readonly reason: string | null;
}

/**
 * Rebuilds one employee-day from events alone, with the same rules the workdays read
 * model uses: the tenant's calendar and schedules, check-ins, corrections, leave, WFA
 * days, the day's closing and the daily report.
 */
export function replayDay(events: readonly RecordedEvent[], nip: string, date: string): ReplayedDay {
  let tenant: TenantState = tenantDecider.initialState();
  let facts = NO_ATTENDANCE;
  const activities = new Map<string, ActivityFacts>();
  const absences = new Map<string, { type: AbsenceType; from: string; to: string; cancelled: boolean }>();
  let wfaAssigned = false;
  let closed = false;
  const shifts = new Map<string, ShiftDefinition>();
  let rostered: { unitId: string; shiftId: string | null } | undefined;

  for (const event of events) {
    const data = event.data as Record<string, unknown>;
    if (TENANT_EVENTS.has(event.type)) {
      tenant = tenantDecider.evolve(tenant, event as never);
      continue;
    }
    if (event.type === 'UnitShiftDefined' || event.type === 'UnitShiftRemoved') {
      const key = `${String(data['unitId'])}|${event.type === 'UnitShiftDefined' ? (data['shift'] as ShiftDefinition).shiftId : String(data['shiftId'])}`;
      if (event.type === 'UnitShiftDefined') {
        shifts.set(key, data['shift'] as ShiftDefinition);
      } else {
        shifts.delete(key);
      }
      continue;
    }
    if (data['nip'] !== undefined && data['nip'] !== nip) {
      continue;
    }
    switch (event.type) {
      case 'CheckedIn':
      case 'CheckedOut':
      case 'AttendanceCorrected':
        if (data['date'] === date) {
          facts = applyAttendanceEvent(facts, event);
        }
        break;
      case 'ActivitySubmitted':
      case 'ActivityRevised':
      case 'ActivityWithdrawn':
      case 'ActivityReviewed': {
        const activityId = String(data['activityId']);
        const next = data['date'] === date ? applyActivityEvent(activities.get(activityId), event) : undefined;
        if (next !== undefined) {
          activities.set(activityId, next);
        }
        break;
      }
      case 'AbsenceRecorded':
        absences.set(String(data['absenceId']), { type: data['type'] as AbsenceType, from: String(data['from']), to: String(data['to']), cancelled: false });
        break;
      case 'AbsenceCancelled': {
        const absence = absences.get(String(data['absenceId']));
        if (absence !== undefined) {
          absences.set(String(data['absenceId']), { ...absence, cancelled: true });
        }
        break;
      }
      case 'WFADayAssigned':
      case 'WFADayRevoked':
        if (data['date'] === date) {
          wfaAssigned = event.type === 'WFADayAssigned';
        }
        break;
      case 'WorkdayClosed':
        closed = closed || data['date'] === date;
        break;
      case 'RosterPublished':
        for (const entry of data['entries'] as Array<{ date: string; shiftId: string | null }>) {
          if (entry.date === date) {
            rostered = { unitId: String(data['unitId']), shiftId: entry.shiftId };
          }
        }
        break;
      case 'RosterCleared':
        if ((data['dates'] as string[]).includes(date)) {
          rostered = undefined;
        }
        break;
      default:
        break;
    }
  }

  if (tenant.status !== 'registered') {
    return { date, attendance: null, compliance: null, reason: 'tenant-not-registered' };
  }
  // The projection picks the absence with the lowest id when several overlap.
  const absence = [...absences.entries()]
    .filter(([, candidate]) => !candidate.cancelled && candidate.from <= date && date <= candidate.to)
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))[0]?.[1];
  const attendance = deriveAttendance(
    {
      date,
      checkInAt: facts.checkInAt,
      checkInSource: facts.checkInSource,
      checkInMode: facts.checkInMode as 'WFO' | 'WFA' | null,
      checkOutAt: facts.checkOutAt,
      checkOutSource: facts.checkOutSource,
      checkOutMode: facts.checkOutMode as 'WFO' | 'WFA' | null,
      corrected: facts.corrected,
      wfaAssigned,
      absenceType: absence?.type ?? null,
      closed,
    },
    tenant.configuration,
    rostered === undefined ? undefined : rostered.shiftId === null ? 'rest' : shifts.get(`${rostered.unitId}|${rostered.shiftId}`),
  );
  const summary = summariseActivities(activities.values());
  return { date, attendance: { ...attendance, facts }, compliance: { ...deriveCompliance(attendance, summary), ...summary }, reason: null };
}
