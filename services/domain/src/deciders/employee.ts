import {
  findNipProblem,
  type Domicile,
  type EmployeeKind,
  type FleksiEvent,
  type Role,
} from '@fleksi/contracts';

import { assertNever, type Decider } from '../decider.ts';
import { DomainError, ensure } from '../errors.ts';

export interface EmployeeRegistration {
  nip: string;
  kind: EmployeeKind;
  name: string;
  unitId: string;
  supervisorNip: string | null;
  roles: Role[];
  domicile: Domicile | null;
}

export type EmployeeCommand =
  | {
      type: 'RegisterEmployee';
      data: EmployeeRegistration;
      /** Whether the unit and the supervisor exist, looked up by the caller. */
      context: { unitExists: boolean; supervisorExists: boolean };
    }
  | {
      type: 'TransferEmployee';
      data: { nip: string; toUnitId: string; supervisorNip: string | null; effectiveDate: string };
      context: { unitExists: boolean; supervisorExists: boolean };
    }
  | { type: 'ChangeEmployeeDomicile'; data: { nip: string; domicile: Domicile | null } };

export type EmployeeState =
  | { status: 'unregistered' }
  | {
      status: 'registered';
      nip: string;
      kind: EmployeeKind;
      name: string;
      unitId: string;
      supervisorNip: string | null;
      roles: readonly Role[];
      domicile: Domicile | null;
    };

type EmployeeEvent = Extract<FleksiEvent, { type: 'EmployeeRegistered' | 'EmployeeTransferred' | 'EmployeeDomicileChanged' }>;

export const employeeDecider: Decider<EmployeeCommand, EmployeeState, EmployeeEvent> = {
  initialState: () => ({ status: 'unregistered' }),

  decide(command, state) {
    switch (command.type) {
      case 'RegisterEmployee': {
        const { data, context } = command;
        const problem = findNipProblem(data.nip, data.kind);
        ensure(problem === undefined, 'NIP_INVALID', { nip: data.nip, problem });
        ensure(state.status === 'unregistered', 'NIP_TAKEN', { nip: data.nip });
        ensure(context.unitExists, 'UNIT_NOT_FOUND', { unitId: data.unitId });
        ensure(data.supervisorNip !== data.nip, 'SUPERVISOR_IS_SELF');
        ensure(data.supervisorNip === null || context.supervisorExists, 'EMPLOYEE_NOT_FOUND', { nip: data.supervisorNip ?? undefined });
        return [{ type: 'EmployeeRegistered', data }];
      }
      case 'TransferEmployee': {
        const employee = registered(state, command.data.nip);
        const { data, context } = command;
        ensure(context.unitExists, 'UNIT_NOT_FOUND', { unitId: data.toUnitId });
        ensure(data.toUnitId !== employee.unitId || data.supervisorNip !== employee.supervisorNip, 'EMPLOYEE_ALREADY_IN_UNIT', {
          unitId: data.toUnitId,
        });
        ensure(data.supervisorNip !== data.nip, 'SUPERVISOR_IS_SELF');
        ensure(data.supervisorNip === null || context.supervisorExists, 'EMPLOYEE_NOT_FOUND', { nip: data.supervisorNip ?? undefined });
        return [
          {
            type: 'EmployeeTransferred',
            data: { nip: data.nip, fromUnitId: employee.unitId, toUnitId: data.toUnitId, supervisorNip: data.supervisorNip, effectiveDate: data.effectiveDate },
          },
        ];
      }
      case 'ChangeEmployeeDomicile':
        registered(state, command.data.nip);
        return [{ type: 'EmployeeDomicileChanged', data: command.data }];
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'EmployeeRegistered':
        return { status: 'registered', ...event.data };
      case 'EmployeeTransferred':
        return state.status === 'registered' ? { ...state, unitId: event.data.toUnitId, supervisorNip: event.data.supervisorNip } : state;
      case 'EmployeeDomicileChanged':
        return state.status === 'registered' ? { ...state, domicile: event.data.domicile } : state;
      default:
        return assertNever(event);
    }
  },
};

export function registered(state: EmployeeState, nip: string): Extract<EmployeeState, { status: 'registered' }> {
  if (state.status !== 'registered') {
    throw new DomainError('EMPLOYEE_NOT_FOUND', { nip });
  }
  return state;
}
