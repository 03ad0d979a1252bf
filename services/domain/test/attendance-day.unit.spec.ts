import type { FleksiEvent } from '@fleksi/contracts';
import { describe, expect, it } from 'vitest';

import { fold } from '../src/decider.ts';
import {
  attendanceDayDecider,
  type AttendanceDayCommand,
  type PresenceContext,
  type PresenceRequest,
} from '../src/deciders/attendance-day.ts';
import { wfaWeekDecider } from '../src/deciders/wfa-week.ts';
import { configuration, employee, NIP, north, OFFICE, unit } from './fixtures.ts';
import { given } from './given.ts';

// Thursday 22 January 2026, 07:25 in Asia/Makassar (UTC+8).
const NOW = '2026-01-21T23:25:00.000Z';
const DATE = '2026-01-22';

const noWfa = wfaWeekDecider.initialState();
const wfaThursday = fold(wfaWeekDecider, [
  { type: 'WFADayAssigned', data: { nip: NIP.employee, date: DATE, unitId: 'setda', assignmentId: 'a', scope: 'unit' } },
]);

function context(overrides: Partial<PresenceContext> = {}): PresenceContext {
  return { now: NOW, date: DATE, configuration: configuration(), employee, unit, wfaWeek: noWfa, ...overrides };
}

function request(overrides: Partial<PresenceRequest> = {}): PresenceRequest {
  return {
    nip: NIP.employee,
    mode: 'WFO',
    source: 'mobile',
    location: { ...north(OFFICE, 40), accuracyMeters: 12 },
    deviceTime: null,
    deviceId: 'android-1',
    ...overrides,
  };
}

const checkIn = (data: PresenceRequest = request(), ctx: PresenceContext = context()): AttendanceDayCommand => ({ type: 'CheckIn', data, context: ctx });
const checkOut = (data: PresenceRequest = request(), ctx: PresenceContext = context()): AttendanceDayCommand => ({ type: 'CheckOut', data, context: ctx });

function checkedIn(at = NOW): FleksiEvent[] {
  const events = attendanceDayDecider.decide(checkIn(request(), context({ now: at })), attendanceDayDecider.initialState());
  return events;
}

describe('check-in', () => {
  it('accepts WFO inside the office geofence', () => {
    const [event] = given(attendanceDayDecider).when(checkIn()).thenMatches([
      { type: 'CheckedIn', data: { nip: NIP.employee, date: DATE, mode: 'WFO', plannedMode: 'WFO', geofenceId: 'kantor-bupati', effectiveAt: NOW, receivedAt: NOW } },
    ]);

    expect(event?.type === 'CheckedIn' && event.data.distanceMeters).toBeCloseTo(40, 0);
  });

  it('rejects WFO outside the office geofence', () => {
    given(attendanceDayDecider)
      .when(checkIn(request({ location: { ...north(OFFICE, 900), accuracyMeters: 10 } })))
      .thenRejects('OUTSIDE_GEOFENCE', { distance: 900, radius: 150 });
  });

  it('accepts WFO at any geofence of the unit', () => {
    const twoOffices = { ...unit, geofences: [...unit.geofences, { id: 'annex', name: 'Gedung B', ...north(OFFICE, 2_000), radiusMeters: 100 }] };

    given(attendanceDayDecider)
      .when(checkIn(request({ location: { ...north(OFFICE, 1_950), accuracyMeters: 10 } }), context({ unit: twoOffices })))
      .thenMatches([{ type: 'CheckedIn', data: { geofenceId: 'annex' } }]);
  });

  it('rejects WFO when the unit has no geofence', () => {
    given(attendanceDayDecider).when(checkIn(request(), context({ unit: { ...unit, geofences: [] } }))).thenRejects('UNIT_HAS_NO_GEOFENCE');
  });

  it('rejects WFA on a day without a WFA assignment', () => {
    given(attendanceDayDecider).when(checkIn(request({ mode: 'WFA' }))).thenRejects('WFA_NOT_ASSIGNED', { date: DATE });
  });

  it('accepts WFA anywhere on an assigned day', () => {
    given(attendanceDayDecider)
      .when(checkIn(request({ mode: 'WFA', location: { ...north(OFFICE, 50_000), accuracyMeters: 20 } }), context({ wfaWeek: wfaThursday })))
      .thenMatches([{ type: 'CheckedIn', data: { mode: 'WFA', plannedMode: 'WFA', geofenceId: null } }]);
  });

  it('records WFO on a WFA day as planned WFA, actual WFO', () => {
    given(attendanceDayDecider).when(checkIn(request(), context({ wfaWeek: wfaThursday }))).thenMatches([
      { type: 'CheckedIn', data: { mode: 'WFO', plannedMode: 'WFA' } },
    ]);
  });

  it('rejects WFA beyond the domicile radius when the policy says so', () => {
    const domicilePolicy = configuration({ wfaPolicy: { location: 'domicile_radius', domicileRadiusMeters: 1_000 } });
    const farAway = { ...north(employee.domicile!, 3_000), accuracyMeters: 15 };

    given(attendanceDayDecider)
      .when(checkIn(request({ mode: 'WFA', location: farAway }), context({ configuration: domicilePolicy, wfaWeek: wfaThursday })))
      .thenRejects('OUTSIDE_DOMICILE_RADIUS', { distance: 3_000, radius: 1_000 });
  });

  it('accepts WFA within the domicile radius', () => {
    const domicilePolicy = configuration({ wfaPolicy: { location: 'domicile_radius', domicileRadiusMeters: 1_000 } });
    const atHome = { ...north(employee.domicile!, 100), accuracyMeters: 15 };

    given(attendanceDayDecider)
      .when(checkIn(request({ mode: 'WFA', location: atHome }), context({ configuration: domicilePolicy, wfaWeek: wfaThursday })))
      .thenMatches([{ type: 'CheckedIn', data: { mode: 'WFA' } }]);
  });

  it('rejects WFA under a domicile policy when no domicile is recorded', () => {
    const domicilePolicy = configuration({ wfaPolicy: { location: 'domicile_radius' } });

    given(attendanceDayDecider)
      .when(checkIn(request({ mode: 'WFA' }), context({ configuration: domicilePolicy, wfaWeek: wfaThursday, employee: { ...employee, domicile: null } })))
      .thenRejects('DOMICILE_MISSING');
  });

  it('rejects a second check-in on the same day', () => {
    given(attendanceDayDecider, checkedIn()).when(checkIn()).thenRejects('ALREADY_CHECKED_IN', { date: DATE, time: '07:25' });
  });

  it('requires a location from mobile and web', () => {
    given(attendanceDayDecider).when(checkIn(request({ location: null }))).thenRejects('LOCATION_REQUIRED');
    given(attendanceDayDecider).when(checkIn(request({ location: null, source: 'web' }))).thenRejects('LOCATION_REQUIRED');
  });

  it('accepts a fingerprint record without a location', () => {
    given(attendanceDayDecider)
      .when(checkIn(request({ location: null, source: 'fingerprint', deviceId: 'terminal-1' })))
      .thenMatches([{ type: 'CheckedIn', data: { source: 'fingerprint', flags: ['NO_LOCATION'] } }]);
  });

  it('flags a fix less accurate than the tenant threshold', () => {
    given(attendanceDayDecider)
      .when(checkIn(request({ location: { ...north(OFFICE, 10), accuracyMeters: 140 } })))
      .thenMatches([{ type: 'CheckedIn', data: { flags: ['LOW_ACCURACY'] } }]);
  });
});

describe('offline check-in', () => {
  it('uses the device time of a check-in sent within the offline window', () => {
    const recordedAt = '2026-01-21T23:20:00.000Z';
    const sentTwoDaysLater = '2026-01-23T09:00:00.000Z';

    given(attendanceDayDecider)
      .when(checkIn(request({ deviceTime: recordedAt }), context({ now: sentTwoDaysLater })))
      .thenMatches([{ type: 'CheckedIn', data: { effectiveAt: recordedAt, deviceTime: recordedAt, receivedAt: sentTwoDaysLater, flags: ['OFFLINE_RECORDED'] } }]);
  });

  it('rejects a check-in recorded more than 72 hours ago', () => {
    given(attendanceDayDecider)
      .when(checkIn(request({ deviceTime: '2026-01-18T23:20:00.000Z' }), context({ now: '2026-01-22T00:00:00.000Z' })))
      .thenRejects('OFFLINE_WINDOW_EXCEEDED', { hours: 72 });
  });

  it('rejects a device clock ahead beyond the skew tolerance', () => {
    given(attendanceDayDecider).when(checkIn(request({ deviceTime: '2026-01-21T23:40:00.000Z' }))).thenRejects('DEVICE_TIME_IN_FUTURE');
  });

  it('takes a device time within the skew tolerance as live', () => {
    given(attendanceDayDecider)
      .when(checkIn(request({ deviceTime: '2026-01-21T23:27:00.000Z' })))
      .thenMatches([{ type: 'CheckedIn', data: { effectiveAt: NOW, flags: [] } }]);
  });
});

describe('fingerprint terminal records', () => {
  const terminal = (deviceTime: string) => request({ source: 'fingerprint', location: null, deviceTime, deviceId: 'mesin-setda' });

  it('accepts a terminal record 30 days old when the window is waived', () => {
    given(attendanceDayDecider)
      .when(checkIn(terminal('2025-12-22T23:20:00.000Z'), context({ date: '2025-12-23', offlineWindow: 'waive' })))
      .thenMatches([{ type: 'CheckedIn', data: { effectiveAt: '2025-12-22T23:20:00.000Z', flags: ['OFFLINE_RECORDED', 'NO_LOCATION'] } }]);
  });

  it('still holds a phone to the offline window', () => {
    given(attendanceDayDecider).when(checkIn(request({ deviceTime: '2025-12-22T23:20:00.000Z' }))).thenRejects('OFFLINE_WINDOW_EXCEEDED');
  });

  it('still rejects a terminal time in the future', () => {
    given(attendanceDayDecider).when(checkIn(terminal('2026-01-22T03:00:00.000Z'), context({ offlineWindow: 'waive' }))).thenRejects('DEVICE_TIME_IN_FUTURE');
  });
});

describe('check-out', () => {
  const afternoon = '2026-01-22T08:05:00.000Z';

  it('rejects a check-out without a check-in', () => {
    given(attendanceDayDecider).when(checkOut()).thenRejects('NOT_CHECKED_IN', { date: DATE });
  });

  it('accepts a check-out after the check-in', () => {
    given(attendanceDayDecider, checkedIn()).when(checkOut(request(), context({ now: afternoon }))).thenMatches([
      { type: 'CheckedOut', data: { effectiveAt: afternoon } },
    ]);
  });

  it('rejects a check-out earlier than the check-in', () => {
    given(attendanceDayDecider, checkedIn(afternoon)).when(checkOut()).thenRejects('CHECK_OUT_BEFORE_CHECK_IN');
  });

  it('lets a later check-out replace an earlier one', () => {
    const first = attendanceDayDecider.decide(checkOut(request(), context({ now: afternoon })), fold(attendanceDayDecider, checkedIn() as never[]));

    given(attendanceDayDecider, [...checkedIn(), ...first])
      .when(checkOut(request(), context({ now: '2026-01-22T09:30:00.000Z' })))
      .thenMatches([{ type: 'CheckedOut', data: { effectiveAt: '2026-01-22T09:30:00.000Z' } }]);
  });

  it('rejects an earlier check-out arriving late from an offline phone', () => {
    const first = attendanceDayDecider.decide(checkOut(request(), context({ now: afternoon })), fold(attendanceDayDecider, checkedIn() as never[]));

    given(attendanceDayDecider, [...checkedIn(), ...first])
      .when(checkOut(request({ deviceTime: '2026-01-22T07:00:00.000Z' }), context({ now: '2026-01-22T10:00:00.000Z' })))
      .thenRejects('ALREADY_CHECKED_OUT', { time: '16:05' });
  });

  it('applies the geofence to a WFO check-out', () => {
    given(attendanceDayDecider, checkedIn())
      .when(checkOut(request({ location: { ...north(OFFICE, 700), accuracyMeters: 10 } }), context({ now: afternoon })))
      .thenRejects('OUTSIDE_GEOFENCE');
  });
});

describe('correction', () => {
  const correct = (data: Partial<Extract<AttendanceDayCommand, { type: 'CorrectAttendance' }>['data']>): AttendanceDayCommand => ({
    type: 'CorrectAttendance',
    data: { nip: NIP.employee, date: DATE, reason: 'Mesin presensi rusak, diketahui atasan', reference: 'ND-12/2026', ...data },
  });

  it('records a correction as a new event', () => {
    given(attendanceDayDecider, checkedIn())
      .when(correct({ checkOutAt: '2026-01-22T08:00:00.000Z' }))
      .then([
        {
          type: 'AttendanceCorrected',
          data: { nip: NIP.employee, date: DATE, reason: 'Mesin presensi rusak, diketahui atasan', reference: 'ND-12/2026', checkOutAt: '2026-01-22T08:00:00.000Z' },
        },
      ]);
  });

  it('adds a missing check-in for a day without one', () => {
    given(attendanceDayDecider).when(correct({ checkInAt: '2026-01-21T23:30:00.000Z' })).thenMatches([{ type: 'AttendanceCorrected' }]);
  });

  it('rejects a correction that puts check-out before check-in', () => {
    given(attendanceDayDecider, checkedIn()).when(correct({ checkOutAt: '2026-01-21T22:00:00.000Z' })).thenRejects('CHECK_OUT_BEFORE_CHECK_IN');
  });

  it('rejects a check-out correction on a day without check-in', () => {
    given(attendanceDayDecider).when(correct({ checkOutAt: '2026-01-22T08:00:00.000Z' })).thenRejects('NOT_CHECKED_IN');
  });

  it('lets a corrected day accept no second check-in', () => {
    const corrected = [
      ...checkedIn(),
      { type: 'AttendanceCorrected' as const, data: { nip: NIP.employee, date: DATE, reason: 'Koreksi jam masuk', reference: null, checkInAt: '2026-01-21T23:30:00.000Z' } },
    ];
    given(attendanceDayDecider, corrected).when(checkIn()).thenRejects('ALREADY_CHECKED_IN', { time: '07:30' });
  });
});
