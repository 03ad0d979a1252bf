import { readFileSync } from 'node:fs';

/**
 * Reads a file of test/fixtures as UTF-8 text. Node keeps a byte order mark as
 * U+FEFF, so the parsers see the file exactly as an upload would deliver it.
 */
export function readFixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** A week of January 2026 from a terminal in a Makassar office (WITA, UTC+8). */
export const WEEK_LOG = 'makassar-week_1_attlog.dat';
/** The PIN map of that office, as exported by a spreadsheet with ";" separators. */
export const PIN_MAP = 'pin-map.csv';
/** The body of an ADMS push (POST /iclock/cdata?table=ATTLOG) from a terminal that writes state 255. */
export const PUSH_BODY = 'iclock-push-body.txt';
