const PIN_PATTERN = /^[0-9A-Za-z]{1,24}$/;
const NUMERIC_PIN = /^[0-9]+$/;

/**
 * Returns the canonical form of a terminal PIN, or null when it is not 1 to 24
 * ASCII letters or digits after trimming.
 *
 * A purely numeric PIN loses its leading zeros ("00012" becomes "12", "000"
 * becomes "0"), because terminals and spreadsheets print the same user id with
 * and without zero padding. Any other PIN is compared as the trimmed text, case
 * included. NOTE: 24 characters is a bound chosen here, not a documented
 * terminal limit.
 */
export function normalizePin(text: string): string | null {
  const trimmed = text.trim();
  if (!PIN_PATTERN.test(trimmed)) {
    return null;
  }
  if (!NUMERIC_PIN.test(trimmed)) {
    return trimmed;
  }

  const withoutZeros = trimmed.replace(/^0+/, '');
  return withoutZeros === '' ? '0' : withoutZeros;
}

/**
 * Orders canonical PINs: numeric PINs by value, before other PINs, which sort
 * by UTF-16 code units. The order does not depend on the locale.
 */
export function comparePins(left: string, right: string): number {
  const leftNumeric = NUMERIC_PIN.test(left);
  const rightNumeric = NUMERIC_PIN.test(right);

  if (leftNumeric && rightNumeric && left.length !== right.length) {
    return left.length - right.length;
  }
  if (leftNumeric !== rightNumeric) {
    return leftNumeric ? -1 : 1;
  }
  if (left === right) {
    return 0;
  }
  return left < right ? -1 : 1;
}
