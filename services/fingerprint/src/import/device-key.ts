import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Returns a new random device key: 32 bytes in base64url, 43 characters. */
export function generateDeviceKey(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Returns the SHA-256 of a device key in lower-case hex, the form a device
 * registry stores. A fast hash is enough because keys are 256-bit random
 * values, not passwords that a person chose.
 */
export function hashDeviceKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Tells whether a presented key matches a stored hash, in time that does not depend on where they differ. */
export function deviceKeyMatches(presentedKey: string, storedHash: string): boolean {
  const presented = Buffer.from(hashDeviceKey(presentedKey), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
