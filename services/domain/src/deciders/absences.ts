import type { AbsenceType, FleksiEvent } from '@fleksi/contracts';

import { assertNever, type Decider } from '../decider.ts';
import { DomainError, ensure } from '../errors.ts';
import { isWorkday, type TenantConfiguration } from '../tenant-calendar.ts';
import { datesBetween } from '../time.ts';

export type AbsencesCommand =
  | {
      type: 'RecordAbsence';
      data: { absenceId: string; nip: string; type: AbsenceType; from: string; to: string; reference: string; note: string | null };
      context: { configuration: TenantConfiguration };
    }
  | { type: 'CancelAbsence'; data: { absenceId: string; nip: string; reason: string } };

interface Absence {
  readonly type: AbsenceType;
  readonly from: string;
  readonly to: string;
  readonly cancelled: boolean;
}

/** Every absence of one employee, so overlaps and the yearly leave entitlement can be checked. */
export interface AbsencesState {
  readonly absences: ReadonlyMap<string, Absence>;
}

type AbsencesEvent = Extract<FleksiEvent, { type: 'AbsenceRecorded' | 'AbsenceCancelled' }>;

export const absencesDecider: Decider<AbsencesCommand, AbsencesState, AbsencesEvent> = {
  initialState: () => ({ absences: new Map() }),

  decide(command, state) {
    switch (command.type) {
      case 'RecordAbsence': {
        const { data, context } = command;
        for (const [absenceId, absence] of state.absences) {
          const overlaps = !absence.cancelled && absence.from <= data.to && data.from <= absence.to;
          ensure(!overlaps, 'ABSENCE_OVERLAPS', { absenceId, from: absence.from, to: absence.to });
        }
        if (data.type === 'cuti_tahunan') {
          checkAnnualLeave(state, data.from, data.to, context.configuration);
        }
        return [{ type: 'AbsenceRecorded', data }];
      }
      case 'CancelAbsence': {
        const absence = state.absences.get(command.data.absenceId);
        if (absence === undefined) {
          throw new DomainError('ABSENCE_NOT_FOUND', { absenceId: command.data.absenceId });
        }
        ensure(!absence.cancelled, 'ABSENCE_ALREADY_CANCELLED', { absenceId: command.data.absenceId });
        return [{ type: 'AbsenceCancelled', data: command.data }];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    const absences = new Map(state.absences);
    switch (event.type) {
      case 'AbsenceRecorded':
        absences.set(event.data.absenceId, { type: event.data.type, from: event.data.from, to: event.data.to, cancelled: false });
        return { absences };
      case 'AbsenceCancelled': {
        const absence = absences.get(event.data.absenceId);
        if (absence !== undefined) {
          absences.set(event.data.absenceId, { ...absence, cancelled: true });
        }
        return { absences };
      }
      default:
        return assertNever(event);
    }
  },
};

/** Annual leave counts workdays only; weekends, holidays and cuti bersama inside a leave do not use it up. */
function checkAnnualLeave(state: AbsencesState, from: string, to: string, configuration: TenantConfiguration): void {
  const limit = configuration.settings.annualLeaveDays;
  const usedByYear = new Map<string, number>();
  const count = (start: string, end: string): void => {
    for (const date of datesBetween(start, end)) {
      if (isWorkday(configuration, date)) {
        const year = date.slice(0, 4);
        usedByYear.set(year, (usedByYear.get(year) ?? 0) + 1);
      }
    }
  };

  for (const absence of state.absences.values()) {
    if (absence.type === 'cuti_tahunan' && !absence.cancelled) {
      count(absence.from, absence.to);
    }
  }
  const before = new Map(usedByYear);
  count(from, to);

  for (const [year, days] of usedByYear) {
    if (days !== before.get(year)) {
      ensure(days <= limit, 'ANNUAL_LEAVE_EXCEEDED', { year, days, limit });
    }
  }
}
