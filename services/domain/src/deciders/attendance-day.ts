import type {
  AttendanceFlag,
  AttendanceMode,
  AttendanceSource,
  EventData,
  FleksiEvent,
  Geofence,
  Location,
} from '@fleksi/contracts';

import { assertNever, type Decider } from '../decider.ts';
import { DomainError, ensure } from '../errors.ts';
import { distanceMeters } from '../geo.ts';
import type { TenantConfiguration } from '../tenant-calendar.ts';
import { localTimeOf, minutesBetween } from '../time.ts';
import type { EmployeeState } from './employee.ts';
import type { UnitState } from './unit.ts';
import type { WfaWeekState } from './wfa-week.ts';

export interface PresenceRequest {
  nip: string;
  mode: AttendanceMode;
  source: AttendanceSource;
  location: Location | null;
  deviceTime: string | null;
  deviceId: string | null;
}

/** Facts a check-in or check-out is judged against, read from other streams by the caller. */
export interface PresenceContext {
  /** Server receipt time. */
  now: string;
  /** The attendance day, as computed by `attendanceInstant`. */
  date: string;
  configuration: TenantConfiguration;
  employee: Extract<EmployeeState, { status: 'registered' }>;
  unit: Extract<UnitState, { status: 'registered' }>;
  wfaWeek: WfaWeekState;
  /**
   * `waive` for records of an authenticated fingerprint terminal imported by the system:
   * a baseline may be months old. Phones and browsers are always held to the window.
   */
  offlineWindow?: 'enforce' | 'waive';
}

export type AttendanceDayCommand =
  | { type: 'CheckIn'; data: PresenceRequest; context: PresenceContext }
  | { type: 'CheckOut'; data: PresenceRequest; context: PresenceContext }
  | {
      type: 'CorrectAttendance';
      data: {
        nip: string;
        date: string;
        checkInAt?: string | null;
        checkOutAt?: string | null;
        mode?: AttendanceMode;
        reason: string;
        reference: string | null;
      };
    };

interface Presence {
  readonly effectiveAt: string;
  readonly mode: AttendanceMode;
  readonly source: AttendanceSource | 'correction';
}

export interface AttendanceDayState {
  readonly checkIn: Presence | null;
  readonly checkOut: Presence | null;
  readonly corrected: boolean;
}

type AttendanceDayEvent = Extract<FleksiEvent, { type: 'CheckedIn' | 'CheckedOut' | 'AttendanceCorrected' }>;

export const attendanceDayDecider: Decider<AttendanceDayCommand, AttendanceDayState, AttendanceDayEvent> = {
  initialState: () => ({ checkIn: null, checkOut: null, corrected: false }),

  decide(command, state) {
    switch (command.type) {
      case 'CheckIn': {
        const presence = judgePresence(command.data, command.context);
        if (state.checkIn !== null) {
          throw new DomainError('ALREADY_CHECKED_IN', {
            date: command.context.date,
            time: localTimeOf(state.checkIn.effectiveAt, command.context.configuration.settings.timeZone),
          });
        }
        const plannedMode: AttendanceMode = command.context.wfaWeek.days.has(command.context.date) ? 'WFA' : 'WFO';
        return [{ type: 'CheckedIn', data: { ...presence, plannedMode } }];
      }
      case 'CheckOut': {
        const presence = judgePresence(command.data, command.context);
        ensure(state.checkIn !== null, 'NOT_CHECKED_IN', { date: command.context.date });
        ensure(minutesBetween(state.checkIn.effectiveAt, presence.effectiveAt) >= 0, 'CHECK_OUT_BEFORE_CHECK_IN', {
          time: localTimeOf(state.checkIn.effectiveAt, command.context.configuration.settings.timeZone),
        });
        // The last check-out counts; an earlier one arriving late (offline) must not move it back.
        ensure(state.checkOut === null || minutesBetween(state.checkOut.effectiveAt, presence.effectiveAt) > 0, 'ALREADY_CHECKED_OUT', {
          date: command.context.date,
          time: state.checkOut === null ? undefined : localTimeOf(state.checkOut.effectiveAt, command.context.configuration.settings.timeZone),
        });
        return [{ type: 'CheckedOut', data: presence }];
      }
      case 'CorrectAttendance':
        return [{ type: 'AttendanceCorrected', data: decideCorrection(command.data, state) }];
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CheckedIn':
        return { ...state, checkIn: { effectiveAt: event.data.effectiveAt, mode: event.data.mode, source: event.data.source } };
      case 'CheckedOut':
        return { ...state, checkOut: { effectiveAt: event.data.effectiveAt, mode: event.data.mode, source: event.data.source } };
      case 'AttendanceCorrected':
        return applyCorrection(state, event.data);
      default:
        return assertNever(event);
    }
  },
};

/**
 * Returns the instant that counts for a check-in or check-out. Throws when a
 * device-recorded time is not acceptable: ahead of the server clock by more than the
 * skew tolerance, or older than the offline window.
 */
export function attendanceInstant(
  deviceTime: string | null,
  now: string,
  configuration: TenantConfiguration,
  offlineWindow: 'enforce' | 'waive' = 'enforce',
): { effectiveAt: string; offline: boolean } {
  if (deviceTime === null) {
    return { effectiveAt: now, offline: false };
  }

  const { clockSkewToleranceSeconds, offlineWindowHours } = configuration.settings;
  const aheadMinutes = minutesBetween(now, deviceTime);
  ensure(aheadMinutes * 60 <= clockSkewToleranceSeconds, 'DEVICE_TIME_IN_FUTURE');
  ensure(offlineWindow === 'waive' || -aheadMinutes <= offlineWindowHours * 60, 'OFFLINE_WINDOW_EXCEEDED', { hours: offlineWindowHours });

  // A device time within the skew tolerance of the server clock is taken as live.
  const offline = -aheadMinutes * 60 > clockSkewToleranceSeconds;
  return { effectiveAt: offline ? deviceTime : now, offline };
}

function judgePresence(request: PresenceRequest, context: PresenceContext): EventData<'CheckedOut'> {
  const { configuration, employee, unit, date } = context;
  const { effectiveAt, offline } = attendanceInstant(request.deviceTime, context.now, configuration, context.offlineWindow ?? 'enforce');
  const flags: AttendanceFlag[] = offline ? ['OFFLINE_RECORDED'] : [];

  let geofenceId: string | null = null;
  let distance: number | null = null;

  if (request.source === 'fingerprint') {
    // The terminal is mounted in the office and authenticated per device, so its
    // records are WFO without a GPS fix.
    if (request.location === null) {
      flags.push('NO_LOCATION');
    }
  } else {
    ensure(request.location !== null, 'LOCATION_REQUIRED');
    if (request.location.accuracyMeters > configuration.settings.lowAccuracyMeters) {
      flags.push('LOW_ACCURACY');
    }

    if (request.mode === 'WFO') {
      const nearest = nearestGeofence(unit.geofences, request.location, unit.unitId);
      ensure(nearest.distance <= nearest.geofence.radiusMeters, 'OUTSIDE_GEOFENCE', {
        distance: Math.round(nearest.distance),
        radius: nearest.geofence.radiusMeters,
      });
      geofenceId = nearest.geofence.id;
      distance = nearest.distance;
    } else {
      ensure(context.wfaWeek.days.has(date), 'WFA_NOT_ASSIGNED', { date });
      const policy = configuration.settings.wfaPolicy;
      if (policy.location === 'domicile_radius') {
        ensure(employee.domicile !== null, 'DOMICILE_MISSING');
        distance = distanceMeters(employee.domicile, request.location);
        ensure(distance <= policy.domicileRadiusMeters, 'OUTSIDE_DOMICILE_RADIUS', {
          distance: Math.round(distance),
          radius: policy.domicileRadiusMeters,
        });
      }
    }
  }

  return {
    nip: request.nip,
    date,
    unitId: unit.unitId,
    mode: request.mode,
    source: request.source,
    location: request.location,
    geofenceId,
    distanceMeters: distance === null ? null : Math.round(distance * 10) / 10,
    deviceTime: request.deviceTime,
    receivedAt: context.now,
    effectiveAt,
    deviceId: request.deviceId,
    flags,
  };
}

function nearestGeofence(geofences: readonly Geofence[], location: Location, unitId: string): { geofence: Geofence; distance: number } {
  let nearest: { geofence: Geofence; distance: number } | undefined;
  for (const geofence of geofences) {
    const distance = distanceMeters(geofence, location);
    if (nearest === undefined || distance - geofence.radiusMeters < nearest.distance - nearest.geofence.radiusMeters) {
      nearest = { geofence, distance };
    }
  }
  if (nearest === undefined) {
    throw new DomainError('UNIT_HAS_NO_GEOFENCE', { unitId });
  }
  return nearest;
}

function decideCorrection(
  data: Extract<AttendanceDayCommand, { type: 'CorrectAttendance' }>['data'],
  state: AttendanceDayState,
): EventData<'AttendanceCorrected'> {
  const corrected = applyCorrection(state, { ...data });
  if (corrected.checkIn !== null && corrected.checkOut !== null) {
    ensure(minutesBetween(corrected.checkIn.effectiveAt, corrected.checkOut.effectiveAt) >= 0, 'CHECK_OUT_BEFORE_CHECK_IN', {
      time: corrected.checkIn.effectiveAt,
    });
  }
  ensure(corrected.checkOut === null || corrected.checkIn !== null, 'NOT_CHECKED_IN', { date: data.date });

  const event: EventData<'AttendanceCorrected'> = { nip: data.nip, date: data.date, reason: data.reason, reference: data.reference };
  if (data.checkInAt !== undefined) {
    event.checkInAt = data.checkInAt;
  }
  if (data.checkOutAt !== undefined) {
    event.checkOutAt = data.checkOutAt;
  }
  if (data.mode !== undefined) {
    event.mode = data.mode;
  }
  return event;
}

function applyCorrection(state: AttendanceDayState, correction: EventData<'AttendanceCorrected'>): AttendanceDayState {
  const mode = correction.mode ?? state.checkIn?.mode ?? 'WFO';
  const correctedPresence = (instant: string | null | undefined, current: Presence | null): Presence | null => {
    if (instant === undefined) {
      return current === null ? null : { ...current, mode: correction.mode ?? current.mode };
    }
    return instant === null ? null : { effectiveAt: instant, mode, source: 'correction' };
  };
  return {
    checkIn: correctedPresence(correction.checkInAt, state.checkIn),
    checkOut: correctedPresence(correction.checkOutAt, state.checkOut),
    corrected: true,
  };
}
