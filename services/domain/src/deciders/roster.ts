import type { FleksiEvent, RosterEntry, ShiftDefinition } from '@fleksi/contracts';

import { assertNever, type Decider } from '../decider.ts';
import { ensure } from '../errors.ts';

/** One employee's roster for one month: the consistency boundary of roster changes. */
export type RosterCommand =
  | {
      type: 'PublishRoster';
      data: { nip: string; unitId: string; entries: RosterEntry[] };
      /** Shifts of the unit, so an entry cannot name a shift that does not exist. */
      context: { shifts: ReadonlyMap<string, ShiftDefinition> };
    }
  | { type: 'ClearRoster'; data: { nip: string; dates: string[] } };

export interface RosterState {
  /** Shift id, or null for a rest day, by date. */
  readonly days: ReadonlyMap<string, string | null>;
}

type RosterEvent = Extract<FleksiEvent, { type: 'RosterPublished' | 'RosterCleared' }>;

export const rosterDecider: Decider<RosterCommand, RosterState, RosterEvent> = {
  initialState: () => ({ days: new Map() }),

  decide(command, state) {
    switch (command.type) {
      case 'PublishRoster': {
        for (const entry of command.data.entries) {
          ensure(entry.shiftId === null || command.context.shifts.has(entry.shiftId), 'SHIFT_NOT_FOUND', { shiftId: entry.shiftId ?? undefined });
        }
        // Only what changes is recorded, so republishing the same roster adds nothing.
        const changed = command.data.entries.filter((entry) => !state.days.has(entry.date) || state.days.get(entry.date) !== entry.shiftId);
        return changed.length === 0 ? [] : [{ type: 'RosterPublished', data: { ...command.data, entries: changed } }];
      }
      case 'ClearRoster': {
        const dates = command.data.dates.filter((date) => state.days.has(date));
        return dates.length === 0 ? [] : [{ type: 'RosterCleared', data: { nip: command.data.nip, dates } }];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    const days = new Map(state.days);
    switch (event.type) {
      case 'RosterPublished':
        for (const entry of event.data.entries) {
          days.set(entry.date, entry.shiftId);
        }
        return { days };
      case 'RosterCleared':
        for (const date of event.data.dates) {
          days.delete(date);
        }
        return { days };
      default:
        return assertNever(event);
    }
  },
};
