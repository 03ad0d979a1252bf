import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createHarness, NIP, seedOrganisation, type Harness } from './harness.ts';

let harness: Harness;
let unitAdmin: string;

beforeAll(async () => {
  harness = await createHarness();
  await seedOrganisation(harness);
  unitAdmin = await harness.token({ role: ['employee', 'unit_admin'], nip: NIP.admin, unit: 'setda' });
  const response = await harness.command('define-shift', unitAdmin, { unitId: 'setda', shift: { shiftId: 'malam', name: 'Piket malam', start: '19:00', end: '07:00' } });
  if (response.statusCode !== 201) {
    throw new Error(response.body);
  }
});

afterAll(async () => {
  await harness.close();
});

const roster = { unitId: 'setda', entries: [{ nip: NIP.employee, date: '2026-03-02', shiftId: 'malam' }, { nip: NIP.colleague, date: '2026-03-02', shiftId: null }] };

describe('roster commands', () => {
  it('publishes a roster and reports what changed', async () => {
    const response = await harness.command('publish-roster', unitAdmin, roster);

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ employees: 2, changedEntries: 2 });
  });

  it('records nothing when the same roster is published again', async () => {
    const response = await harness.command('publish-roster', unitAdmin, roster);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ changedEntries: 0 });
  });

  it('rejects a shift the unit does not have', async () => {
    const response = await harness.command('publish-roster', unitAdmin, { unitId: 'setda', entries: [{ nip: NIP.employee, date: '2026-03-03', shiftId: 'subuh' }] });

    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('SHIFT_NOT_FOUND');
  });

  it('rejects an employee of another unit', async () => {
    const response = await harness.command('publish-roster', unitAdmin, { unitId: 'setda', entries: [{ nip: NIP.otherUnit, date: '2026-03-03', shiftId: 'malam' }] });

    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('EMPLOYEE_NOT_IN_UNIT');
  });

  it('keeps employees from publishing rosters', async () => {
    const employee = await harness.token({ role: 'employee', nip: NIP.employee });

    const response = await harness.command('publish-roster', employee, roster);

    expect(response.statusCode).toBe(403);
  });

  it('clears a date back to the weekday schedule', async () => {
    const response = await harness.command('clear-roster', unitAdmin, { nip: NIP.employee, dates: ['2026-03-02'] });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ changedEntries: 1 });
  });
});
