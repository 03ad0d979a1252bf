import { findNipProblem } from '@fleksi/contracts';
import { describe, expect, it } from 'vitest';

import { Random } from '../src/random.ts';
import { generateWorld, MIN_EMPLOYEES } from '../src/world.ts';

describe('the simulated regency', () => {
  it.each([MIN_EMPLOYEES, 300, 3_000])('has exactly %i ASN when asked for them', (size) => {
    const world = generateWorld(size, new Random(2026));

    expect(world.employees).toHaveLength(size);
    expect(new Set(world.employees.map((employee) => employee.nip)).size).toBe(size);
    for (const unit of world.units) {
      expect(world.employees.filter((employee) => employee.unitId === unit.id).length).toBeGreaterThanOrEqual(3);
    }
  });

  it('gives every ASN a valid NIP and a supervisor in the same unit, except the heads', () => {
    const world = generateWorld(300, new Random(7));
    const byNip = new Map(world.employees.map((employee) => [employee.nip, employee]));

    for (const employee of world.employees) {
      expect(findNipProblem(employee.nip, employee.kind)).toBeUndefined();
      if (employee.supervisorNip !== null) {
        expect(byNip.get(employee.supervisorNip)?.unitId).toBe(employee.unitId);
      }
    }
    expect(world.employees.filter((employee) => employee.supervisorNip === null)).toHaveLength(world.units.length);
  });

  it('plays the same regency for the same seed', () => {
    expect(generateWorld(120, new Random(3))).toEqual(generateWorld(120, new Random(3)));
  });

  it('refuses a regency smaller than 3 ASN per OPD', () => {
    expect(() => generateWorld(MIN_EMPLOYEES - 1, new Random(1))).toThrow(RangeError);
  });
});
