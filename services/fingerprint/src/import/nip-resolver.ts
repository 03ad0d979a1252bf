import { findNipProblem } from '@fleksi/contracts';

/**
 * Finds the NIP of a canonical terminal PIN.
 *
 * The PIN map decides first. A PIN missing from it maps to itself when it is a
 * plausible NIP: 18 digits with a real birth date, a sex digit of 1 or 2 and a
 * serial other than 000. Many offices enrol staff on the terminal with their
 * NIP as the user id. The check is the one for PPPK NIPs,
 * which skips the appointment month, so it accepts both PNS and PPPK numbers.
 * Any other PIN is unknown.
 */
export class NipResolver {
  private readonly fallbackCache = new Map<string, string | undefined>();

  constructor(
    private readonly pinMap: ReadonlyMap<string, string>,
    private readonly pinIsNipFallback: boolean,
  ) {}

  /** Returns the NIP of a PIN, or undefined when the PIN is unknown. */
  nipOf(pin: string): string | undefined {
    const mapped = this.pinMap.get(pin);
    if (mapped !== undefined || !this.pinIsNipFallback) {
      return mapped;
    }
    if (this.fallbackCache.has(pin)) {
      return this.fallbackCache.get(pin);
    }
    const nip = findNipProblem(pin, 'PPPK') === undefined ? pin : undefined;
    this.fallbackCache.set(pin, nip);
    return nip;
  }
}
