import { describe, expect, it } from 'vitest';

import { createRandom, InvalidInputError } from '../src/index.ts';

describe('createRandom', () => {
  // Reference outputs from a separate Python implementation of SplitMix64 seeding and
  // xoshiro128** 1.1 with arbitrary-precision integers, written from the algorithm
  // descriptions. Matching them shows the 32-bit arithmetic here has no sign or overflow slip.
  it('matches reference outputs for seed 1', () => {
    const random = createRandom(1);

    const outputs = Array.from({ length: 6 }, () => random.nextUint32());

    expect(outputs).toEqual([1695105466, 1423115009, 634581793, 1068227753, 716759206, 4186505319]);
  });

  it('matches reference floats and integers', () => {
    const random = createRandom(20_260_122);

    const floats = Array.from({ length: 3 }, () => random.nextFloat());
    const integers = Array.from({ length: 8 }, () => random.nextInt(10));

    expect(floats).toEqual([0.3969219861593072, 0.11463057803861543, 0.10120462176144551]);
    expect(integers).toEqual([4, 7, 2, 6, 0, 4, 4, 3]);
  });

  it('repeats a sequence for the same seed', () => {
    const first = createRandom(42);
    const second = createRandom(42);

    const firstOutputs = Array.from({ length: 100 }, () => first.nextUint32());
    const secondOutputs = Array.from({ length: 100 }, () => second.nextUint32());

    expect(secondOutputs).toEqual(firstOutputs);
  });

  it('differs between neighbouring seeds', () => {
    const first = Array.from({ length: 4 }, createSequence(7));
    const second = Array.from({ length: 4 }, createSequence(8));

    expect(second).not.toEqual(first);
  });

  it('draws integers uniformly below the bound', () => {
    const random = createRandom(3);
    const counts = [0, 0, 0];

    for (let draw = 0; draw < 30_000; draw++) {
      const value = random.nextInt(3);
      counts[value] = (counts[value] ?? 0) + 1;
    }

    // Each count is Binomial(30000, 1/3): mean 10000, SD 81.6. ±400 is about 5 SD.
    for (const count of counts) {
      expect(Math.abs(count - 10_000)).toBeLessThan(400);
    }
  });

  it('draws floats in [0, 1) with mean one half', () => {
    const random = createRandom(5);
    let sum = 0;
    let minimum = 1;
    let maximum = 0;

    for (let draw = 0; draw < 100_000; draw++) {
      const value = random.nextFloat();
      sum += value;
      minimum = Math.min(minimum, value);
      maximum = Math.max(maximum, value);
    }

    // The mean of 100000 uniforms has SD 0.29/√100000 ≈ 0.0009, so 0.005 is over 5 SD.
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
    expect(minimum).toBeGreaterThanOrEqual(0);
    expect(maximum).toBeLessThan(1);
  });

  it('rejects invalid seeds and bounds', () => {
    expect(() => createRandom(-1)).toThrow(InvalidInputError);
    expect(() => createRandom(1.5)).toThrow(InvalidInputError);
    expect(() => createRandom(1).nextInt(0)).toThrow(InvalidInputError);
    expect(() => createRandom(1).nextInt(2.5)).toThrow(InvalidInputError);
  });
});

function createSequence(seed: number): () => number {
  const random = createRandom(seed);
  return () => random.nextUint32();
}
