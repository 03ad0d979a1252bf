import type { FleksiEvent } from '@fleksi/contracts';

import { assertNever, type Decider } from '../decider.ts';
import { ensure } from '../errors.ts';
import { planDay, type TenantConfiguration } from '../tenant-calendar.ts';
import { isoWeekOf } from '../time.ts';

/** The WFA days of one employee in one ISO week: the unit that enforces the weekly limit. */
export type WfaWeekCommand =
  | {
      type: 'AssignWFADay';
      data: { nip: string; date: string; unitId: string; assignmentId: string; scope: 'employee' | 'unit' };
      context: { configuration: TenantConfiguration };
    }
  | { type: 'RevokeWFADay'; data: { nip: string; date: string; reason: string | null } };

export interface WfaWeekState {
  readonly days: ReadonlyMap<string, { readonly assignmentId: string; readonly unitId: string }>;
}

type WfaWeekEvent = Extract<FleksiEvent, { type: 'WFADayAssigned' | 'WFADayRevoked' }>;

export const wfaWeekDecider: Decider<WfaWeekCommand, WfaWeekState, WfaWeekEvent> = {
  initialState: () => ({ days: new Map() }),

  decide(command, state) {
    switch (command.type) {
      case 'AssignWFADay': {
        const { data, context } = command;
        const plan = planDay(context.configuration, data.date);
        ensure(plan.dayType === 'workday', 'WFA_ON_NON_WORKDAY', { date: data.date, dayType: plan.dayType });
        ensure(!state.days.has(data.date), 'WFA_ALREADY_ASSIGNED', { date: data.date });

        const limit = context.configuration.settings.wfaPolicy.maxDaysPerWeek;
        ensure(state.days.size < limit, 'WFA_LIMIT_EXCEEDED', { week: isoWeekOf(data.date), count: state.days.size, limit });
        return [{ type: 'WFADayAssigned', data }];
      }
      case 'RevokeWFADay':
        ensure(state.days.has(command.data.date), 'WFA_NOT_ASSIGNED_ON_DATE', { date: command.data.date });
        return [{ type: 'WFADayRevoked', data: command.data }];
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    const days = new Map(state.days);
    switch (event.type) {
      case 'WFADayAssigned':
        days.set(event.data.date, { assignmentId: event.data.assignmentId, unitId: event.data.unitId });
        return { days };
      case 'WFADayRevoked':
        days.delete(event.data.date);
        return { days };
      default:
        return assertNever(event);
    }
  },
};
