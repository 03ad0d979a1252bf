import { errorMessage, type Language } from '@fleksi/contracts';
import type { IgnoreReason, PairingNote, RejectReasonCode } from '@fleksi/fingerprint';
import type { ImportReport, RejectedPunch } from '@fleksi/fingerprint/import';

/** Words of the import summary in one language. */
interface Wording {
  title(file: string, tenantId: string, unitId: string, dryRun: boolean): string;
  linesRead: string;
  recordsAccepted: string;
  checkIns: string;
  checkOuts: string;
  punchCounts(issued: number, alreadyPresent: number, dryRun: boolean): string;
  duplicates: string;
  skipped: string;
  malformed(count: number): string;
  malformedReason: Record<RejectReasonCode, string>;
  line(lineNumber: number): string;
  unknownPins(pins: number, records: number): string;
  rejected(count: number): string;
  punchKind: Record<RejectedPunch['kind'], string>;
  ignored: Record<IgnoreReason, (count: number) => string>;
  review: Partial<Record<PairingNote, (count: number) => string>>;
  more(count: number): string;
  nothing: string;
}

const INDONESIAN: Wording = {
  title: (file, tenantId, unitId, dryRun) =>
    `${dryRun ? 'Uji coba impor (tidak ada yang disimpan)' : 'Impor log mesin sidik jari'}: ${file} (pemda ${tenantId}, unit ${unitId})`,
  linesRead: 'Baris dibaca',
  recordsAccepted: 'Rekaman terbaca',
  checkIns: 'Presensi masuk',
  checkOuts: 'Presensi pulang',
  punchCounts: (issued, alreadyPresent, dryRun) => `${issued} ${dryRun ? 'akan dicatat' : 'dicatat'}, ${alreadyPresent} sudah ada`,
  duplicates: 'Rekaman ganda diabaikan',
  skipped: 'Dilewati:',
  malformed: (count) => `${count} baris rusak`,
  malformedReason: {
    MALFORMED_LINE: 'kolom kurang, perlu PIN dan tanggal-jam',
    INVALID_PIN: 'PIN tidak valid',
    INVALID_DATETIME: 'tanggal-jam tidak valid',
    INVALID_STATE: 'kode status tidak valid',
    INVALID_VERIFY_MODE: 'kode verifikasi tidak valid',
  },
  line: (lineNumber) => `baris ${lineNumber}`,
  unknownPins: (pins, records) => `${pins} PIN tidak dikenal (${records} rekaman); tambahkan ke berkas PIN`,
  rejected: (count) => `${count} presensi ditolak aturan`,
  punchKind: { 'check-in': 'masuk', 'check-out': 'pulang' },
  ignored: {
    CHECK_IN_ALREADY_RECORDED: (count) => `${count} rekaman tidak dikirim karena presensi masuk yang lebih awal sudah tercatat`,
    LATER_CHECK_OUT_RECORDED: (count) => `${count} rekaman tidak dikirim karena presensi pulang yang lebih akhir sudah tercatat`,
  },
  review: {
    SINGLE_RECORD_AFTER_CUTOFF: (count) => `Perlu ditinjau: ${count} hari hanya punya satu rekaman setelah pukul 14.00, dicatat sebagai presensi masuk`,
    NO_CHECK_IN: (count) => `Perlu ditinjau: ${count} hari tanpa rekaman masuk`,
  },
  more: (count) => `... dan ${count} lagi`,
  nothing: 'Tidak ada presensi yang bisa diproses dari berkas ini.',
};

const ENGLISH: Wording = {
  title: (file, tenantId, unitId, dryRun) =>
    `${dryRun ? 'Import dry run (nothing saved)' : 'Fingerprint terminal log import'}: ${file} (tenant ${tenantId}, unit ${unitId})`,
  linesRead: 'Lines read',
  recordsAccepted: 'Records read',
  checkIns: 'Check-ins',
  checkOuts: 'Check-outs',
  punchCounts: (issued, alreadyPresent, dryRun) => `${issued} ${dryRun ? 'to record' : 'recorded'}, ${alreadyPresent} already present`,
  duplicates: 'Repeated records ignored',
  skipped: 'Skipped:',
  malformed: (count) => `${count} malformed lines`,
  malformedReason: {
    MALFORMED_LINE: 'missing fields, needs a PIN and a date-time',
    INVALID_PIN: 'invalid PIN',
    INVALID_DATETIME: 'invalid date-time',
    INVALID_STATE: 'invalid state code',
    INVALID_VERIFY_MODE: 'invalid verify code',
  },
  line: (lineNumber) => `line ${lineNumber}`,
  unknownPins: (pins, records) => `${pins} unknown PINs (${records} records); add them to the PIN map`,
  rejected: (count) => `${count} punches rejected by a rule`,
  punchKind: { 'check-in': 'check-in', 'check-out': 'check-out' },
  ignored: {
    CHECK_IN_ALREADY_RECORDED: (count) => `${count} records not sent because an earlier check-in is already recorded`,
    LATER_CHECK_OUT_RECORDED: (count) => `${count} records not sent because a later check-out is already recorded`,
  },
  review: {
    SINGLE_RECORD_AFTER_CUTOFF: (count) => `To review: ${count} days have a single record after 14:00, recorded as a check-in`,
    NO_CHECK_IN: (count) => `To review: ${count} days have no check-in record`,
  },
  more: (count) => `... and ${count} more`,
  nothing: 'No check-in or check-out could be processed from this file.',
};

const WORDING: Record<Language, Wording> = { id: INDONESIAN, en: ENGLISH };

/** Lines shown per list; the report itself keeps up to its sample limit. */
const SHOWN_PER_LIST = 10;

export interface ReportTextInput {
  readonly report: ImportReport;
  readonly file: string;
  readonly tenantId: string;
  readonly unitId: string;
  readonly language: Language;
}

/** Formats an import report as the plain-text summary that `fleksi import attlog` prints. */
export function formatImportReport({ report, file, tenantId, unitId, language }: ReportTextInput): string {
  const words = WORDING[language];
  const lines: string[] = [
    words.title(file, tenantId, unitId, report.dryRun),
    `${words.linesRead}: ${report.linesRead}`,
    `${words.recordsAccepted}: ${report.recordsAccepted}`,
    `${words.checkIns}: ${words.punchCounts(report.checkIns.issued, report.checkIns.alreadyPresent, report.dryRun)}`,
    `${words.checkOuts}: ${words.punchCounts(report.checkOuts.issued, report.checkOuts.alreadyPresent, report.dryRun)}`,
    `${words.duplicates}: ${report.duplicatesDropped}`,
  ];

  const skipped = [...malformedLines(report, words, language), ...unknownPinLines(report, words), ...rejectedLines(report, words, language), ...ignoredLines(report, words)];
  if (skipped.length > 0) {
    lines.push(words.skipped, ...skipped);
  }
  for (const [note, describe] of Object.entries(words.review) as Array<[PairingNote, (count: number) => string]>) {
    if (report.notes[note] > 0) {
      lines.push(describe(report.notes[note]));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Returns the sentence printed when an import processed no check-in or check-out. */
export function nothingProcessedText(language: Language): string {
  return `${WORDING[language].nothing}\n`;
}

function malformedLines(report: ImportReport, words: Wording, language: Language): string[] {
  if (report.malformedLines === 0) {
    return [];
  }
  const samples = report.malformedSamples.slice(0, SHOWN_PER_LIST).map((line) => {
    // The parser's own message is English and names the faulty value.
    const detail = language === 'en' ? line.message.replace(/^line \d+:? ?/, '') : `${words.malformedReason[line.reason]}: "${line.line.trim()}"`;
    return `    ${words.line(line.lineNumber)}: ${detail}`;
  });
  return [`  ${words.malformed(report.malformedLines)}`, ...samples, ...moreLine(report.malformedLines, samples.length, words)];
}

function unknownPinLines(report: ImportReport, words: Wording): string[] {
  if (report.unknownPinCount === 0) {
    return [];
  }
  const shown = report.unknownPins.slice(0, SHOWN_PER_LIST * 2);
  const more = report.unknownPinCount - shown.length;
  return [`  ${words.unknownPins(report.unknownPinCount, report.unknownPinRecords)}: ${shown.join(', ')}${more > 0 ? ` ${words.more(more)}` : ''}`];
}

function rejectedLines(report: ImportReport, words: Wording, language: Language): string[] {
  if (report.rejected === 0) {
    return [];
  }
  const byCode = Object.entries(report.rejectedByCode).map(([code, count]) => `${code} ${count}`);
  const samples = report.rejectedSamples.slice(0, SHOWN_PER_LIST).map((punch) => {
    const when = `${punch.date} ${words.punchKind[punch.kind]} ${punch.localDateTime.slice(11)}`;
    return `    ${words.line(punch.lineNumber)}, NIP ${punch.nip}, ${when}: ${punch.code} ${errorMessage(punch.code, language, punch.params)}`;
  });
  return [`  ${words.rejected(report.rejected)} (${byCode.join(', ')})`, ...samples, ...moreLine(report.rejected, samples.length, words)];
}

function ignoredLines(report: ImportReport, words: Wording): string[] {
  return (Object.entries(report.ignoredByReason) as Array<[IgnoreReason, number]>)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `  ${words.ignored[reason](count)}`);
}

function moreLine(total: number, shown: number, words: Wording): string[] {
  return total > shown ? [`    ${words.more(total - shown)}`] : [];
}
