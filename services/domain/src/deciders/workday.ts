import type { FleksiEvent } from '@fleksi/contracts';

import { reportDeadline, isAfterDeadline } from '../deadlines.ts';
import type { Decider } from '../decider.ts';
import { ensure } from '../errors.ts';
import type { TenantConfiguration } from '../tenant-calendar.ts';

/**
 * Closing a workday marks that no more on-time reports can come, so a workday without
 * check-in or leave can be marked absent without leave. A scheduler appends it once the
 * report deadline has passed, which keeps projections pure functions of the log.
 */
export type WorkdayCommand = {
  type: 'CloseWorkday';
  data: { date: string };
  context: { now: string; configuration: TenantConfiguration };
};

export interface WorkdayState {
  readonly closed: boolean;
}

type WorkdayEvent = Extract<FleksiEvent, { type: 'WorkdayClosed' }>;

export const workdayDecider: Decider<WorkdayCommand, WorkdayState, WorkdayEvent> = {
  initialState: () => ({ closed: false }),

  decide(command, state) {
    const { date } = command.data;
    const { now, configuration } = command.context;
    ensure(!state.closed, 'WORKDAY_ALREADY_CLOSED', { date });
    ensure(isAfterDeadline(configuration, date, now), 'WORKDAY_NOT_OVER', { date, deadline: reportDeadline(configuration, date) });
    return [{ type: 'WorkdayClosed', data: { date } }];
  },

  evolve: () => ({ closed: true }),
};
