import { describe, it } from 'vitest';

import { employeeDecider, type EmployeeRegistration } from '../src/deciders/employee.ts';
import { NIP } from './fixtures.ts';
import { given } from './given.ts';

const registration: EmployeeRegistration = {
  nip: NIP.employee,
  kind: 'PNS',
  name: 'Andi Pratama',
  unitId: 'setda',
  supervisorNip: NIP.supervisor,
  roles: ['employee'],
  domicile: null,
};
const placed = { unitExists: true, supervisorExists: true };
const registered = [{ type: 'EmployeeRegistered' as const, data: registration }];

describe('employee decider', () => {
  it('registers an employee with a valid NIP', () => {
    given(employeeDecider).when({ type: 'RegisterEmployee', data: registration, context: placed }).then(registered);
  });

  it('rejects a NIP already registered in the tenant', () => {
    given(employeeDecider, registered).when({ type: 'RegisterEmployee', data: registration, context: placed }).thenRejects('NIP_TAKEN');
  });

  it('rejects an invalid NIP and names the problem', () => {
    given(employeeDecider)
      .when({ type: 'RegisterEmployee', data: { ...registration, nip: '198602302015051001' }, context: placed })
      .thenRejects('NIP_INVALID', { problem: 'INVALID_BIRTH_DATE' });
  });

  it('accepts a PPPK NIP without an appointment month', () => {
    given(employeeDecider)
      .when({ type: 'RegisterEmployee', data: { ...registration, nip: NIP.pppk, kind: 'PPPK' }, context: placed })
      .thenMatches([{ type: 'EmployeeRegistered' }]);
  });

  it('rejects an unknown unit', () => {
    given(employeeDecider)
      .when({ type: 'RegisterEmployee', data: registration, context: { unitExists: false, supervisorExists: true } })
      .thenRejects('UNIT_NOT_FOUND');
  });

  it('rejects an unknown supervisor', () => {
    given(employeeDecider)
      .when({ type: 'RegisterEmployee', data: registration, context: { unitExists: true, supervisorExists: false } })
      .thenRejects('EMPLOYEE_NOT_FOUND', { nip: NIP.supervisor });
  });

  it('rejects an employee as their own supervisor', () => {
    given(employeeDecider)
      .when({ type: 'RegisterEmployee', data: { ...registration, supervisorNip: NIP.employee }, context: placed })
      .thenRejects('SUPERVISOR_IS_SELF');
  });

  it('transfers an employee to another unit', () => {
    given(employeeDecider, registered)
      .when({ type: 'TransferEmployee', data: { nip: NIP.employee, toUnitId: 'dinkes', supervisorNip: null, effectiveDate: '2026-02-01' }, context: placed })
      .then([
        {
          type: 'EmployeeTransferred',
          data: { nip: NIP.employee, fromUnitId: 'setda', toUnitId: 'dinkes', supervisorNip: null, effectiveDate: '2026-02-01' },
        },
      ]);
  });

  it('rejects a transfer that changes nothing', () => {
    given(employeeDecider, registered)
      .when({ type: 'TransferEmployee', data: { nip: NIP.employee, toUnitId: 'setda', supervisorNip: NIP.supervisor, effectiveDate: '2026-02-01' }, context: placed })
      .thenRejects('EMPLOYEE_ALREADY_IN_UNIT');
  });

  it('rejects transferring an unknown employee', () => {
    given(employeeDecider)
      .when({ type: 'TransferEmployee', data: { nip: NIP.employee, toUnitId: 'dinkes', supervisorNip: null, effectiveDate: '2026-02-01' }, context: placed })
      .thenRejects('EMPLOYEE_NOT_FOUND');
  });
});
