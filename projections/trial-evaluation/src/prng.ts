import { InvalidInputError } from './errors.ts';

/** Seeded source of uniform pseudo-random numbers. Not cryptographically secure. */
export interface RandomGenerator {
  /** Returns the next uniform unsigned 32-bit integer. */
  nextUint32(): number;
  /** Returns the next uniform double in [0, 1), built from 53 random bits. */
  nextFloat(): number;
  /** Returns the next uniform integer in [0, bound) without modulo bias. `bound` is an integer in [1, 2^32]. */
  nextInt(bound: number): number;
}

const TWO_POW_32 = 4_294_967_296;
const MASK_64 = (1n << 64n) - 1n;

/**
 * Creates an xoshiro128** 1.1 generator (Blackman and Vigna).
 *
 * The seed, a non-negative safe integer, is expanded with SplitMix64 into the four
 * 32-bit state words: the low and high halves of its first two outputs. The generator
 * uses only 32-bit integer operations (`Math.imul`, shifts), so a seed yields the same
 * sequence on every conforming JavaScript engine and machine.
 */
export function createRandom(seed: number): RandomGenerator {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new InvalidInputError(`seed must be a non-negative safe integer, got ${seed}`);
  }

  let splitMixState = BigInt(seed);
  const words: number[] = [];
  for (let output = 0; output < 2; output++) {
    splitMixState = (splitMixState + 0x9e3779b97f4a7c15n) & MASK_64;
    let z = splitMixState;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
    z ^= z >> 31n;
    words.push(Number(z & 0xffffffffn), Number(z >> 32n));
  }

  // The SplitMix64 output function is a bijection, so its two outputs, taken from
  // different states, cannot both be zero: the xoshiro state is never all zero.
  const [s0 = 0, s1 = 0, s2 = 0, s3 = 0] = words;
  return new Xoshiro128StarStar(s0, s1, s2, s3);
}

class Xoshiro128StarStar implements RandomGenerator {
  constructor(
    private s0: number,
    private s1: number,
    private s2: number,
    private s3: number,
  ) {}

  nextUint32(): number {
    const result = Math.imul(rotateLeft(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const shifted = this.s1 << 9;

    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= shifted;
    this.s3 = rotateLeft(this.s3, 11);

    return result;
  }

  nextFloat(): number {
    // 27 high bits of one draw and 26 of the next give a 53-bit integer, the
    // resolution of a double in [0, 1).
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67_108_864 + low) / 9_007_199_254_740_992;
  }

  nextInt(bound: number): number {
    if (!(Number.isInteger(bound) && bound >= 1 && bound <= TWO_POW_32)) {
      throw new InvalidInputError(`bound must be an integer in [1, 2^32], got ${bound}`);
    }
    // Rejecting draws at or above the largest multiple of `bound` removes the bias of
    // a plain modulo.
    const limit = TWO_POW_32 - (TWO_POW_32 % bound);
    let draw = this.nextUint32();
    while (draw >= limit) {
      draw = this.nextUint32();
    }
    return draw % bound;
  }
}

function rotateLeft(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}
