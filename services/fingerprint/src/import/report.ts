import type { ErrorCode } from '@fleksi/contracts';

import type { PunchKind } from '../keys.ts';
import { PAIRING_NOTES, type PairingNote } from '../pairing.ts';
import { REJECT_REASON_CODES, type RejectedLine, type RejectReasonCode } from '../parse.ts';
import { comparePins } from '../pin.ts';
import { IGNORE_REASONS, type IgnoreReason } from '../reconcile.ts';

/** Check-ins or check-outs sent, or found already recorded. */
export interface PunchCounts {
  /** Appended by this import; in a dry run, the count that would be sent. */
  issued: number;
  /** Already recorded by an earlier import or push of the same record. */
  alreadyPresent: number;
}

/** A punch that the domain rejected, with the error code it gave. */
export interface RejectedPunch {
  lineNumber: number;
  pin: string;
  nip: string;
  date: string;
  kind: PunchKind;
  /** Office-local "YYYY-MM-DDTHH:mm:ss" of the record. */
  localDateTime: string;
  code: ErrorCode;
  params: Record<string, string | number | undefined>;
}

/** Result of one ATTLOG import: lines read, punches sent and punches skipped. Lists are cut at the sample limit; counts are complete. */
export interface ImportReport {
  dryRun: boolean;
  /** Non-blank lines read. */
  linesRead: number;
  recordsAccepted: number;
  malformedLines: number;
  malformedByReason: Record<RejectReasonCode, number>;
  /** The first malformed lines, in file order. */
  malformedSamples: RejectedLine[];
  /** Records dropped as repeated presses within the duplicate window. */
  duplicatesDropped: number;
  /** Distinct PINs that neither the PIN map nor the NIP fallback resolved. */
  unknownPinCount: number;
  /** The first unknown PINs, ordered as comparePins does. */
  unknownPins: string[];
  /** Accepted records whose PIN is unknown. */
  unknownPinRecords: number;
  /** PIN-days of known PINs that were paired. */
  days: number;
  checkIns: PunchCounts;
  checkOuts: PunchCounts;
  /** Punches not sent because the recorded day already settles them (see reconcileDay). */
  ignoredByReason: Record<IgnoreReason, number>;
  /** Punches the domain rejected, by error code. */
  rejected: number;
  rejectedByCode: Partial<Record<ErrorCode, number>>;
  /** The first rejected punches, in the order they were sent. */
  rejectedSamples: RejectedPunch[];
  /** PIN-days of known PINs per pairing note, such as SINGLE_RECORD_AFTER_CUTOFF for review. */
  notes: Record<PairingNote, number>;
}

/** Collects an ImportReport while an import runs, keeping at most `sampleLimit` entries in each list. */
export class ImportReportBuilder {
  private readonly report: ImportReport;
  private readonly unknownPins = new Set<string>();

  constructor(
    dryRun: boolean,
    private readonly sampleLimit: number,
  ) {
    this.report = {
      dryRun,
      linesRead: 0,
      recordsAccepted: 0,
      malformedLines: 0,
      malformedByReason: countersFor(REJECT_REASON_CODES),
      malformedSamples: [],
      duplicatesDropped: 0,
      unknownPinCount: 0,
      unknownPins: [],
      unknownPinRecords: 0,
      days: 0,
      checkIns: { issued: 0, alreadyPresent: 0 },
      checkOuts: { issued: 0, alreadyPresent: 0 },
      ignoredByReason: countersFor(IGNORE_REASONS),
      rejected: 0,
      rejectedByCode: {},
      rejectedSamples: [],
      notes: countersFor(PAIRING_NOTES),
    };
  }

  recordAccepted(): void {
    this.report.linesRead += 1;
    this.report.recordsAccepted += 1;
  }

  malformedLine(line: RejectedLine): void {
    this.report.linesRead += 1;
    this.report.malformedLines += 1;
    this.report.malformedByReason[line.reason] += 1;
    if (this.report.malformedSamples.length < this.sampleLimit) {
      this.report.malformedSamples.push(line);
    }
  }

  duplicates(count: number): void {
    this.report.duplicatesDropped += count;
  }

  unknownPin(pin: string, records: number): void {
    this.unknownPins.add(pin);
    this.report.unknownPinRecords += records;
  }

  pairedDay(notes: readonly PairingNote[]): void {
    this.report.days += 1;
    for (const note of notes) {
      this.report.notes[note] += 1;
    }
  }

  issued(kind: PunchKind): void {
    this.countsOf(kind).issued += 1;
  }

  alreadyPresent(kind: PunchKind): void {
    this.countsOf(kind).alreadyPresent += 1;
  }

  ignored(reason: IgnoreReason): void {
    this.report.ignoredByReason[reason] += 1;
  }

  rejectedPunch(punch: RejectedPunch): void {
    this.report.rejected += 1;
    this.report.rejectedByCode[punch.code] = (this.report.rejectedByCode[punch.code] ?? 0) + 1;
    if (this.report.rejectedSamples.length < this.sampleLimit) {
      this.report.rejectedSamples.push(punch);
    }
  }

  build(): ImportReport {
    const unknownPins = [...this.unknownPins].sort(comparePins);
    return { ...this.report, unknownPinCount: unknownPins.length, unknownPins: unknownPins.slice(0, this.sampleLimit) };
  }

  private countsOf(kind: PunchKind): PunchCounts {
    return kind === 'check-in' ? this.report.checkIns : this.report.checkOuts;
  }
}

/** Tells whether an import recorded or found at least one check-in or check-out. */
export function processedAnything(report: ImportReport): boolean {
  const { checkIns, checkOuts } = report;
  return checkIns.issued + checkIns.alreadyPresent + checkOuts.issued + checkOuts.alreadyPresent > 0;
}

function countersFor<Code extends string>(codes: readonly Code[]): Record<Code, number> {
  return Object.fromEntries(codes.map((code) => [code, 0])) as Record<Code, number>;
}
