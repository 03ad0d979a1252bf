import type { FleksiEvent, Geofence, ShiftDefinition } from '@fleksi/contracts';

import { assertNever, type Decider } from '../decider.ts';
import { DomainError, ensure } from '../errors.ts';

export type UnitCommand =
  | { type: 'RegisterUnit'; data: { unitId: string; name: string; geofences: Geofence[] } }
  | { type: 'ChangeUnitGeofences'; data: { unitId: string; geofences: Geofence[] } }
  | { type: 'DefineShift'; data: { unitId: string; shift: ShiftDefinition } }
  | { type: 'RemoveShift'; data: { unitId: string; shiftId: string } };

export type UnitState =
  | { status: 'unregistered' }
  | {
      status: 'registered';
      unitId: string;
      name: string;
      geofences: readonly Geofence[];
      /** Shifts of a unit that works around the clock; empty for office units. */
      shifts?: ReadonlyMap<string, ShiftDefinition>;
    };

type UnitEvent = Extract<FleksiEvent, { type: 'UnitRegistered' | 'UnitGeofencesChanged' | 'UnitShiftDefined' | 'UnitShiftRemoved' }>;

export const unitDecider: Decider<UnitCommand, UnitState, UnitEvent> = {
  initialState: () => ({ status: 'unregistered' }),

  decide(command, state) {
    switch (command.type) {
      case 'RegisterUnit':
        ensure(state.status === 'unregistered', 'UNIT_ALREADY_REGISTERED', { unitId: command.data.unitId });
        return [{ type: 'UnitRegistered', data: command.data }];
      case 'ChangeUnitGeofences':
        if (state.status !== 'registered') {
          throw new DomainError('UNIT_NOT_FOUND', { unitId: command.data.unitId });
        }
        return [{ type: 'UnitGeofencesChanged', data: command.data }];
      case 'DefineShift':
        if (state.status !== 'registered') {
          throw new DomainError('UNIT_NOT_FOUND', { unitId: command.data.unitId });
        }
        return [{ type: 'UnitShiftDefined', data: command.data }];
      case 'RemoveShift':
        if (state.status !== 'registered') {
          throw new DomainError('UNIT_NOT_FOUND', { unitId: command.data.unitId });
        }
        ensure(state.shifts?.has(command.data.shiftId) === true, 'SHIFT_NOT_FOUND', { shiftId: command.data.shiftId });
        return [{ type: 'UnitShiftRemoved', data: command.data }];
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'UnitRegistered':
        return { status: 'registered', unitId: event.data.unitId, name: event.data.name, geofences: event.data.geofences };
      case 'UnitGeofencesChanged':
        return state.status === 'registered' ? { ...state, geofences: event.data.geofences } : state;
      case 'UnitShiftDefined': {
        if (state.status !== 'registered') {
          return state;
        }
        const shifts = new Map(state.shifts);
        shifts.set(event.data.shift.shiftId, event.data.shift);
        return { ...state, shifts };
      }
      case 'UnitShiftRemoved': {
        if (state.status !== 'registered') {
          return state;
        }
        const shifts = new Map(state.shifts);
        shifts.delete(event.data.shiftId);
        return { ...state, shifts };
      }
      default:
        return assertNever(event);
    }
  },
};
