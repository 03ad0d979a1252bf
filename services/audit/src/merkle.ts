import { createHash } from 'node:crypto';

/** Leaves per segment; a segment root covers 1,024 consecutive events of the log. */
export const SEGMENT_SIZE = 1_024;

const sha256 = (...parts: Buffer[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
  }
  return hash.digest();
};

/**
 * Merkle root of a list of 32-byte hashes: pairs are hashed as SHA-256(left || right)
 * level by level, and a node without a partner moves up unchanged. The root of an
 * empty list is SHA-256 of nothing.
 */
export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) {
    return sha256();
  }
  let level = [...leaves];
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let index = 0; index < level.length; index += 2) {
      const left = level[index];
      const right = level[index + 1];
      if (left === undefined) {
        break;
      }
      next.push(right === undefined ? left : sha256(left, right));
    }
    level = next;
  }
  return level[0] ?? sha256();
}

/** Builds segment roots incrementally as event hashes stream past in log order. */
export class SegmentedMerkle {
  private readonly roots: Buffer[] = [];
  private current: Buffer[] = [];
  count = 0;

  add(hash: Buffer): void {
    this.current.push(hash);
    this.count += 1;
    if (this.current.length === SEGMENT_SIZE) {
      this.roots.push(merkleRoot(this.current));
      this.current = [];
    }
  }

  /** Roots of every segment, the last possibly partial. */
  segmentRoots(): Buffer[] {
    return this.current.length === 0 ? [...this.roots] : [...this.roots, merkleRoot(this.current)];
  }

  /** Returns the log's root: the Merkle root over the segment roots. */
  root(): Buffer {
    return merkleRoot(this.segmentRoots());
  }
}
