import { createHash } from 'node:crypto';

import { normalizePin } from './pin.ts';
import { isLocalDateTime } from './time.ts';

export type PunchKind = 'check-in' | 'check-out';

export interface FingerprintKeyInput {
  tenantId: string;
  unitId: string;
  pin: string;
  /** Local date "YYYY-MM-DD"; must be the date part of localDateTime. */
  date: string;
  kind: PunchKind;
  /** Office-local "YYYY-MM-DDTHH:mm:ss" of the chosen record. */
  localDateTime: string;
}

const KEY_PREFIX = 'fingerprint|v1';
/** Maximum length of an idempotency key in event metadata. */
export const MAX_FINGERPRINT_KEY_LENGTH = 200;

/**
 * Builds the idempotency key of one check-in or check-out taken from a
 * fingerprint terminal, for example
 * "fingerprint|v1|tenant-1|unit-7|12|2026-01-05|check-in|2026-01-05T07:21:33".
 *
 * The key depends only on its inputs, so importing the same log again, or
 * receiving the same record by ADMS push after a file import, yields the same
 * key and the command layer can treat the command as a retry. The PIN is
 * canonicalised first, so "00012" and "12" give one key. Each part has "%"
 * and "|" percent-encoded, so a "|" inside a tenant or unit id cannot make two
 * different inputs produce the same key.
 *
 * The key names the terminal record, not the chosen pairing, so it changes
 * when a later, fuller log moves a day's first or last record: a later
 * check-out then arrives with a new key. The command layer must treat a second
 * check-out (or an earlier check-in) for the same NIP and date as a correction
 * of the first, not as a new day. The key also names the PIN, not the NIP, so a
 * fix to the PIN map does not change keys already issued and needs its own
 * correction command.
 * A key longer than 200 characters, which only very long tenant and unit ids
 * produce, is replaced by "fingerprint|v1|sha256|" and the SHA-256 of the long
 * form, because event metadata stores at most 200 characters.
 * NOTE: the key assumes one PIN space per unit. Terminals of one unit that
 * give the same PIN to different people need distinct unitId values.
 *
 * Throws a RangeError on an empty tenant or unit id, an invalid PIN, or a
 * date-time that does not match the date.
 */
export function fingerprintKey(input: FingerprintKeyInput): string {
  if (input.tenantId === '' || input.unitId === '') {
    throw new RangeError('fingerprintKey: tenantId and unitId must not be empty');
  }
  const pin = normalizePin(input.pin);
  if (pin === null) {
    throw new RangeError(`fingerprintKey: PIN "${input.pin}" is not 1 to 24 letters or digits`);
  }
  if (!isLocalDateTime(input.localDateTime) || input.localDateTime.slice(0, 10) !== input.date) {
    throw new RangeError(
      `fingerprintKey: local date-time "${input.localDateTime}" must have the form YYYY-MM-DDTHH:mm:ss and fall on ${input.date}`,
    );
  }

  const parts = [input.tenantId, input.unitId, pin, input.date, input.kind, input.localDateTime];
  const key = [KEY_PREFIX, ...parts.map(escapeKeyPart)].join('|');
  if (key.length <= MAX_FINGERPRINT_KEY_LENGTH) {
    return key;
  }
  return `${KEY_PREFIX}|sha256|${createHash('sha256').update(key).digest('hex')}`;
}

function escapeKeyPart(part: string): string {
  return part.replaceAll('%', '%25').replaceAll('|', '%7C');
}
