import { isBlank, splitLines } from './lines.ts';
import { normalizePin } from './pin.ts';
import { parseTerminalDateTime } from './time.ts';

/** Method the terminal used to identify the user, reduced to the kinds that attendance rules distinguish. */
export type VerifyMode = 'fingerprint' | 'card' | 'face' | 'password' | 'other';

/**
 * Default meaning of ATTLOG verify codes. NOTE: the codes differ between
 * terminal firmwares, so pass `verifyModes` to parseAttlog when a terminal
 * uses others. Codes missing from the table map to 'other'.
 */
export const DEFAULT_VERIFY_MODES: ReadonlyMap<number, VerifyMode> = new Map<number, VerifyMode>([
  [0, 'password'],
  [1, 'fingerprint'],
  [4, 'card'],
  [15, 'face'],
]);

/** One accepted attendance record of an ATTLOG export or push body. */
export interface AttlogRecord {
  /** Line of the input, from 1, counting blank lines. */
  lineNumber: number;
  /** Canonical PIN (see normalizePin): "00012" in the file becomes "12". */
  pin: string;
  /** Office-local date-time "YYYY-MM-DDTHH:mm:ss", without a zone. */
  localDateTime: string;
  /** Local date "YYYY-MM-DD" of localDateTime. */
  date: string;
  /** In/out state code (0 check-in, 1 check-out, 2 break out, 3 break in, 4 overtime in, 5 overtime out), or null when the field is empty or missing. */
  state: number | null;
  verifyMode: VerifyMode;
  /** Verify code as written, or null when the field is empty or missing. */
  verifyModeCode: number | null;
  /** Work code as written after trimming, or null when empty or missing. */
  workCode: string | null;
}

export type RejectReasonCode = 'MALFORMED_LINE' | 'INVALID_PIN' | 'INVALID_DATETIME' | 'INVALID_STATE' | 'INVALID_VERIFY_MODE';

export const REJECT_REASON_CODES: readonly RejectReasonCode[] = [
  'MALFORMED_LINE',
  'INVALID_PIN',
  'INVALID_DATETIME',
  'INVALID_STATE',
  'INVALID_VERIFY_MODE',
];

/** A non-blank line that was not accepted, with the first problem found on it. */
export interface RejectedLine {
  lineNumber: number;
  /** The line as read, without its line break or byte order mark. */
  line: string;
  reason: RejectReasonCode;
  message: string;
}

export interface AttlogParseResult {
  /** Accepted records in input order. Duplicates are kept here and dropped by pairDailyRecords. */
  records: AttlogRecord[];
  /** Rejected lines in input order. */
  rejected: RejectedLine[];
  /** Non-blank lines examined, so linesRead equals records.length + rejected.length. */
  linesRead: number;
}

export interface ParseAttlogOptions {
  /** Meaning of verify codes; defaults to DEFAULT_VERIFY_MODES. */
  verifyModes?: ReadonlyMap<number, VerifyMode>;
}

interface LineFields {
  pin: string;
  dateTime: string;
  state: string | undefined;
  verifyMode: string | undefined;
  workCode: string | undefined;
}

type LineOutcome = { record: AttlogRecord } | { reason: RejectReasonCode; message: string };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const TIME_ONLY = /^\d{2}:\d{2}:\d{2}$/;
const UNSIGNED_INTEGER = /^[0-9]+$/;

/**
 * Parses the text of a ZKTeco-style attendance log: a `1_attlog.dat` export or
 * the body of an ADMS push (`POST /iclock/cdata?table=ATTLOG`), which has the
 * same lines.
 *
 * Each line has a PIN, a local date-time "YYYY-MM-DD HH:MM:SS", then optional
 * state, verify code and work code. Later columns are ignored. Accepted layouts:
 * - A line that contains a tab is split on tabs only, so an empty field between
 *   two tabs stays empty and reads as null. Date and time may also sit in two
 *   tab columns.
 * - A line without tabs is split on runs of spaces. Its second and third tokens
 *   must be the date and the time. Such a line cannot carry an empty field.
 * Leading and trailing spaces around fields, CRLF, a byte order mark and blank
 * lines are accepted. A line needs at least a PIN and a date-time, otherwise it
 * is rejected, and so is a line whose state or verify code is not an unsigned
 * integer.
 */
export function parseAttlog(text: string, options: ParseAttlogOptions = {}): AttlogParseResult {
  const verifyModes = options.verifyModes ?? DEFAULT_VERIFY_MODES;
  const records: AttlogRecord[] = [];
  const rejected: RejectedLine[] = [];
  let linesRead = 0;

  for (const { lineNumber, text: line } of splitLines(text)) {
    const outcome = parseAttlogLine(line, lineNumber, verifyModes);
    if (outcome === undefined) {
      continue;
    }
    linesRead += 1;
    if ('record' in outcome) {
      records.push(outcome.record);
    } else {
      rejected.push(outcome.rejected);
    }
  }

  return { records, rejected, linesRead };
}

/**
 * Parses one line of an ATTLOG with the rules of parseAttlog, for callers that
 * read a large file line by line. Returns undefined for a blank line. A byte
 * order mark at the start of the line is removed; the line must not contain its
 * line break.
 */
export function parseAttlogLine(
  text: string,
  lineNumber: number,
  verifyModes: ReadonlyMap<number, VerifyMode> = DEFAULT_VERIFY_MODES,
): { record: AttlogRecord } | { rejected: RejectedLine } | undefined {
  const line = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (isBlank(line)) {
    return undefined;
  }

  const outcome = parseLine(line, lineNumber, verifyModes);
  if ('record' in outcome) {
    return outcome;
  }
  return { rejected: { lineNumber, line, reason: outcome.reason, message: outcome.message } };
}

function parseLine(line: string, lineNumber: number, verifyModes: ReadonlyMap<number, VerifyMode>): LineOutcome {
  const fields = line.includes('\t') ? splitTabLine(line) : splitSpaceLine(line);
  if (fields === null) {
    return { reason: 'MALFORMED_LINE', message: `line ${lineNumber} has fewer than the two required fields (PIN and date-time)` };
  }

  const pin = normalizePin(fields.pin);
  if (pin === null) {
    return { reason: 'INVALID_PIN', message: `line ${lineNumber}: PIN "${fields.pin}" is not 1 to 24 letters or digits` };
  }

  const localDateTime = parseTerminalDateTime(fields.dateTime);
  if (localDateTime === null) {
    return {
      reason: 'INVALID_DATETIME',
      message: `line ${lineNumber}: "${fields.dateTime}" is not a valid date-time YYYY-MM-DD HH:MM:SS`,
    };
  }

  const state = parseOptionalInteger(fields.state);
  if (state === undefined) {
    return { reason: 'INVALID_STATE', message: `line ${lineNumber}: state "${fields.state ?? ''}" is not an unsigned integer` };
  }

  const verifyModeCode = parseOptionalInteger(fields.verifyMode);
  if (verifyModeCode === undefined) {
    return {
      reason: 'INVALID_VERIFY_MODE',
      message: `line ${lineNumber}: verify code "${fields.verifyMode ?? ''}" is not an unsigned integer`,
    };
  }

  const workCode = fields.workCode?.trim() ?? '';
  return {
    record: {
      lineNumber,
      pin,
      localDateTime,
      date: localDateTime.slice(0, 10),
      state,
      verifyMode: verifyModeCode === null ? 'other' : (verifyModes.get(verifyModeCode) ?? 'other'),
      verifyModeCode,
      workCode: workCode === '' ? null : workCode,
    },
  };
}

function splitTabLine(line: string): LineFields | null {
  const columns = line.split('\t').map((column) => column.trim());
  const [pin, first, second] = columns;
  if (pin === undefined || first === undefined || first === '') {
    return null;
  }

  // Some exports put date and time in separate columns. A time can never be a
  // state or verify code, so joining them is unambiguous.
  const dateAndTimeSplit = DATE_ONLY.test(first) && second !== undefined && TIME_ONLY.test(second);
  const dateTime = dateAndTimeSplit ? `${first} ${second}` : first.replace(/\s+/g, ' ');
  const rest = columns.slice(dateAndTimeSplit ? 3 : 2);

  return { pin, dateTime, state: rest[0], verifyMode: rest[1], workCode: rest[2] };
}

function splitSpaceLine(line: string): LineFields | null {
  const tokens = line.trim().split(/\s+/);
  const [pin, date, time] = tokens;
  if (pin === undefined || date === undefined) {
    return null;
  }

  // A third token with a colon is read as the time even when it is cut short,
  // so that the rejection message shows the whole date-time.
  const hasTime = time !== undefined && time.includes(':');
  const dateTime = hasTime ? `${date} ${time}` : date;
  const rest = tokens.slice(hasTime ? 3 : 2);

  return { pin, dateTime, state: rest[0], verifyMode: rest[1], workCode: rest[2] };
}

/** Returns null for an empty or missing field, undefined for one that is not an unsigned integer. */
function parseOptionalInteger(field: string | undefined): number | null | undefined {
  if (field === undefined || field === '') {
    return null;
  }
  if (!UNSIGNED_INTEGER.test(field)) {
    return undefined;
  }

  const value = Number(field);
  return Number.isSafeInteger(value) ? value : undefined;
}
