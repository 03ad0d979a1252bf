import type { DailyAttendance, PairingNote } from './pairing.ts';
import { PAIRING_NOTES } from './pairing.ts';
import type { AttlogParseResult, RejectReasonCode } from './parse.ts';
import { REJECT_REASON_CODES } from './parse.ts';
import { comparePins } from './pin.ts';

/** Counts that an import screen or log line shows after reading one ATTLOG. */
export interface ImportSummary {
  /** Non-blank lines examined. */
  linesRead: number;
  recordsAccepted: number;
  rejected: number;
  /** Rejected lines per reason; every reason is present, with 0 when absent. */
  rejectedByReason: Record<RejectReasonCode, number>;
  /** Records dropped by pairing as duplicates, for known and unknown PINs. */
  duplicatesDropped: number;
  /** Distinct PINs of accepted records that the PIN map lacks, ordered as comparePins does. */
  unknownPins: string[];
  /** Accepted records whose PIN the PIN map lacks, duplicates included. */
  unknownPinRecords: number;
  /** PIN-days of known PINs. */
  days: number;
  /** Check-ins of known PINs, the count planPunches issues. */
  checkInsToIssue: number;
  /** Check-outs of known PINs, the count planPunches issues. */
  checkOutsToIssue: number;
  /** PIN-days of known PINs per pairing note; every note is present. */
  notes: Record<PairingNote, number>;
}

export interface ImportSummaryInput {
  parsed: AttlogParseResult;
  days: readonly DailyAttendance[];
  /** NIP by canonical PIN, from parsePinMap. */
  pinMap: ReadonlyMap<string, string>;
}

/** Counts what an import read, rejected, dropped and will issue. */
export function buildImportSummary({ parsed, days, pinMap }: ImportSummaryInput): ImportSummary {
  const rejectedByReason = countAll(REJECT_REASON_CODES);
  for (const line of parsed.rejected) {
    rejectedByReason[line.reason] += 1;
  }

  const unknownPinSet = new Set<string>();
  let unknownPinRecords = 0;
  for (const record of parsed.records) {
    if (!pinMap.has(record.pin)) {
      unknownPinSet.add(record.pin);
      unknownPinRecords += 1;
    }
  }

  const notes = countAll(PAIRING_NOTES);
  let duplicatesDropped = 0;
  let knownDays = 0;
  let checkInsToIssue = 0;
  let checkOutsToIssue = 0;
  for (const day of days) {
    duplicatesDropped += day.duplicates.length;
    if (!pinMap.has(day.pin)) {
      continue;
    }
    knownDays += 1;
    checkInsToIssue += day.checkIn === undefined ? 0 : 1;
    checkOutsToIssue += day.checkOut === undefined ? 0 : 1;
    for (const note of day.notes) {
      notes[note] += 1;
    }
  }

  return {
    linesRead: parsed.linesRead,
    recordsAccepted: parsed.records.length,
    rejected: parsed.rejected.length,
    rejectedByReason,
    duplicatesDropped,
    unknownPins: [...unknownPinSet].sort(comparePins),
    unknownPinRecords,
    days: knownDays,
    checkInsToIssue,
    checkOutsToIssue,
    notes,
  };
}

function countAll<Code extends string>(codes: readonly Code[]): Record<Code, number> {
  return Object.fromEntries(codes.map((code) => [code, 0])) as Record<Code, number>;
}
