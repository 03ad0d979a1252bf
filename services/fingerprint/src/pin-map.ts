import { isBlank, splitLines } from './lines.ts';
import { normalizePin } from './pin.ts';

export type PinMapRejectReasonCode = 'INVALID_HEADER' | 'MALFORMED_ROW' | 'INVALID_PIN' | 'INVALID_NIP' | 'CONFLICTING_PIN';

/** A line of the PIN map CSV that was not used, with the first problem found on it. */
export interface PinMapRejectedRow {
  lineNumber: number;
  /** The line as read, without its line break or byte order mark. */
  line: string;
  reason: PinMapRejectReasonCode;
  message: string;
}

export interface PinMapParseResult {
  /** NIP by canonical PIN (see normalizePin). */
  map: Map<string, string>;
  /** Rejected rows ordered by line number. */
  rejected: PinMapRejectedRow[];
}

interface AcceptedRow {
  lineNumber: number;
  line: string;
  pin: string;
  nip: string;
}

const NIP_PATTERN = /^[0-9]{18}$/;
const SCIENTIFIC_NOTATION = /^[0-9]+[.,][0-9]+E\+?[0-9]+$/i;

/**
 * Parses a CSV that maps terminal PINs to 18-digit NIPs.
 *
 * The first non-blank line is the header and must name a `pin` and a `nip`
 * column, in any order and any letter case. Other columns, such as a name, are
 * ignored. The separator is `;` when the header contains one, otherwise `,`.
 * Fields may be double-quoted, with `""` for a quote, but a quoted field cannot
 * span lines. A UTF-8 byte order mark, CRLF, blank lines and spaces around
 * fields are accepted, and so are spaces inside a NIP, as in the printed form
 * "19850314 201001 1 002".
 *
 * A PIN that appears with two different NIPs is left out of the map and all its
 * rows are rejected as CONFLICTING_PIN, because keeping either NIP could record
 * attendance for the wrong person. A row that repeats the same PIN and NIP is
 * accepted. Several PINs may map to one NIP. When the header is invalid, the
 * result has one INVALID_HEADER row and an empty map.
 */
export function parsePinMap(csvText: string): PinMapParseResult {
  const lines = splitLines(csvText).filter((line) => !isBlank(line.text));
  const [header, ...rows] = lines;
  if (header === undefined) {
    return { map: new Map(), rejected: [] };
  }

  const separator = header.text.includes(';') ? ';' : ',';
  const headerFields = splitCsvLine(header.text, separator);
  const columnNames = headerFields?.map((field) => field.toLowerCase()) ?? [];
  const pinColumn = columnNames.indexOf('pin');
  const nipColumn = columnNames.indexOf('nip');
  if (pinColumn === -1 || nipColumn === -1) {
    const rejectedHeader: PinMapRejectedRow = {
      lineNumber: header.lineNumber,
      line: header.text,
      reason: 'INVALID_HEADER',
      message: `line ${header.lineNumber}: header must name a "pin" and a "nip" column, separated by "," or ";"`,
    };
    return { map: new Map(), rejected: [rejectedHeader] };
  }

  const accepted: AcceptedRow[] = [];
  const rejected: PinMapRejectedRow[] = [];
  for (const { lineNumber, text: line } of rows) {
    const reject = (reason: PinMapRejectReasonCode, message: string): void => {
      rejected.push({ lineNumber, line, reason, message: `line ${lineNumber}: ${message}` });
    };

    const fields = splitCsvLine(line, separator);
    if (fields === null) {
      reject('MALFORMED_ROW', 'a quoted field is not closed on the same line');
      continue;
    }

    const pinField = fields[pinColumn];
    const nipField = fields[nipColumn];
    if (pinField === undefined || nipField === undefined) {
      reject('MALFORMED_ROW', `expected at least ${Math.max(pinColumn, nipColumn) + 1} fields separated by "${separator}"`);
      continue;
    }

    const pin = normalizePin(pinField);
    if (pin === null) {
      reject('INVALID_PIN', `PIN "${pinField}" is not 1 to 24 letters or digits`);
      continue;
    }

    const nip = nipField.replace(/\s+/g, '');
    if (!NIP_PATTERN.test(nip)) {
      reject('INVALID_NIP', describeInvalidNip(nipField));
      continue;
    }

    accepted.push({ lineNumber, line, pin, nip });
  }

  const nipsByPin = new Map<string, Set<string>>();
  for (const row of accepted) {
    const nips = nipsByPin.get(row.pin) ?? new Set<string>();
    nips.add(row.nip);
    nipsByPin.set(row.pin, nips);
  }

  const map = new Map<string, string>();
  for (const row of accepted) {
    const nips = nipsByPin.get(row.pin);
    if (nips !== undefined && nips.size > 1) {
      rejected.push({
        lineNumber: row.lineNumber,
        line: row.line,
        reason: 'CONFLICTING_PIN',
        message: `line ${row.lineNumber}: PIN "${row.pin}" is mapped to ${nips.size} different NIPs (${[...nips].join(', ')}); keep one row per PIN`,
      });
      continue;
    }
    map.set(row.pin, row.nip);
  }

  rejected.sort((left, right) => left.lineNumber - right.lineNumber);
  return { map, rejected };
}

function describeInvalidNip(nipField: string): string {
  if (SCIENTIFIC_NOTATION.test(nipField.trim())) {
    return `NIP "${nipField}" was turned into a number by a spreadsheet; format the NIP column as text and export again`;
  }
  return `NIP "${nipField}" is not 18 digits`;
}

/**
 * Splits one CSV line into trimmed, unquoted fields, or returns null when a
 * quoted field is not closed.
 */
function splitCsvLine(line: string, separator: string): string[] | null {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  let index = 0;

  while (index < line.length) {
    const character = line.charAt(index);
    if (quoted) {
      if (character === '"' && line.charAt(index + 1) === '"') {
        current += '"';
        index += 2;
        continue;
      }
      if (character === '"') {
        quoted = false;
      } else {
        current += character;
      }
    } else if (character === '"') {
      quoted = true;
    } else if (character === separator) {
      fields.push(current.trim());
      current = '';
    } else {
      current += character;
    }
    index += 1;
  }

  if (quoted) {
    return null;
  }
  fields.push(current.trim());
  return fields;
}
