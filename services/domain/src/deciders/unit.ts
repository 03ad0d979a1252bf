import type { FleksiEvent, Geofence } from '@fleksi/contracts';

import { assertNever, type Decider } from '../decider.ts';
import { DomainError, ensure } from '../errors.ts';

export type UnitCommand =
  | { type: 'RegisterUnit'; data: { unitId: string; name: string; geofences: Geofence[] } }
  | { type: 'ChangeUnitGeofences'; data: { unitId: string; geofences: Geofence[] } };

export type UnitState =
  | { status: 'unregistered' }
  | { status: 'registered'; unitId: string; name: string; geofences: readonly Geofence[] };

type UnitEvent = Extract<FleksiEvent, { type: 'UnitRegistered' | 'UnitGeofencesChanged' }>;

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
      default:
        return assertNever(event);
    }
  },
};
