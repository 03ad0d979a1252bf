import type { CalendarDayKind, EventData, FleksiEvent, TenantSettings, WorkSchedule } from '@fleksi/contracts';

import { DEFAULT_SCHEDULES_2026, NATIONAL_CALENDAR_2026 } from '../calendar-2026.ts';
import { assertNever, type Decider } from '../decider.ts';
import { DomainError, ensure } from '../errors.ts';
import type { TenantConfiguration } from '../tenant-calendar.ts';

export type TenantCommand =
  | {
      type: 'RegisterTenant';
      data: { tenantId: string; name: string; settings: TenantSettings; preloadNationalCalendar: boolean };
    }
  | { type: 'ChangeTenantSettings'; data: { settings: TenantSettings } }
  | { type: 'DefineWorkSchedule'; data: { schedule: WorkSchedule } }
  | { type: 'RemoveWorkSchedule'; data: { scheduleId: string } }
  | { type: 'DeclareCalendarDay'; data: { date: string; kind: CalendarDayKind; name: string } }
  | { type: 'RemoveCalendarDay'; data: { date: string } };

export type TenantState = { status: 'unregistered' } | { status: 'registered'; configuration: TenantConfiguration };

type TenantEvent = Extract<
  FleksiEvent,
  {
    type:
      | 'TenantRegistered'
      | 'TenantSettingsChanged'
      | 'WorkScheduleDefined'
      | 'WorkScheduleRemoved'
      | 'CalendarDayDeclared'
      | 'CalendarDayRemoved';
  }
>;

export const tenantDecider: Decider<TenantCommand, TenantState, TenantEvent> = {
  initialState: () => ({ status: 'unregistered' }),

  decide(command, state) {
    if (command.type === 'RegisterTenant') {
      ensure(state.status === 'unregistered', 'TENANT_ALREADY_REGISTERED', { tenantId: command.data.tenantId });
      return registerTenant(command.data);
    }
    if (state.status !== 'registered') {
      throw new DomainError('TENANT_NOT_FOUND', {});
    }

    const { configuration } = state;
    switch (command.type) {
      case 'ChangeTenantSettings':
        return [{ type: 'TenantSettingsChanged', data: { settings: command.data.settings } }];
      case 'DefineWorkSchedule':
        return [{ type: 'WorkScheduleDefined', data: { schedule: command.data.schedule } }];
      case 'RemoveWorkSchedule':
        ensure(configuration.schedules.has(command.data.scheduleId), 'SCHEDULE_NOT_FOUND', { scheduleId: command.data.scheduleId });
        return [{ type: 'WorkScheduleRemoved', data: { scheduleId: command.data.scheduleId } }];
      case 'DeclareCalendarDay':
        return [{ type: 'CalendarDayDeclared', data: command.data }];
      case 'RemoveCalendarDay':
        ensure(configuration.calendar.has(command.data.date), 'CALENDAR_DAY_NOT_FOUND', { date: command.data.date });
        return [{ type: 'CalendarDayRemoved', data: { date: command.data.date } }];
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    if (event.type === 'TenantRegistered') {
      return {
        status: 'registered',
        configuration: { tenantId: event.data.tenantId, name: event.data.name, settings: event.data.settings, schedules: new Map(), calendar: new Map() },
      };
    }
    if (state.status !== 'registered') {
      return state;
    }

    const configuration = state.configuration;
    switch (event.type) {
      case 'TenantSettingsChanged':
        return { status: 'registered', configuration: { ...configuration, settings: event.data.settings } };
      case 'WorkScheduleDefined': {
        const schedules = new Map(configuration.schedules);
        schedules.delete(event.data.schedule.id);
        schedules.set(event.data.schedule.id, event.data.schedule);
        return { status: 'registered', configuration: { ...configuration, schedules } };
      }
      case 'WorkScheduleRemoved': {
        const schedules = new Map(configuration.schedules);
        schedules.delete(event.data.scheduleId);
        return { status: 'registered', configuration: { ...configuration, schedules } };
      }
      case 'CalendarDayDeclared': {
        const calendar = new Map(configuration.calendar);
        calendar.set(event.data.date, { kind: event.data.kind, name: event.data.name });
        return { status: 'registered', configuration: { ...configuration, calendar } };
      }
      case 'CalendarDayRemoved': {
        const calendar = new Map(configuration.calendar);
        calendar.delete(event.data.date);
        return { status: 'registered', configuration: { ...configuration, calendar } };
      }
      default:
        return assertNever(event);
    }
  },
};

function registerTenant(data: Extract<TenantCommand, { type: 'RegisterTenant' }>['data']): TenantEvent[] {
  const registered: EventData<'TenantRegistered'> = { tenantId: data.tenantId, name: data.name, settings: data.settings };
  const events: TenantEvent[] = [{ type: 'TenantRegistered', data: registered }];

  // A regency should be able to check in on day one, so the national defaults come
  // with the registration; an admin edits them afterwards.
  if (data.preloadNationalCalendar) {
    for (const schedule of DEFAULT_SCHEDULES_2026) {
      events.push({ type: 'WorkScheduleDefined', data: { schedule } });
    }
    for (const day of NATIONAL_CALENDAR_2026) {
      events.push({ type: 'CalendarDayDeclared', data: day });
    }
  }
  return events;
}
