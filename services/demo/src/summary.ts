import type { DemoClient } from './client.ts';
import type { SimulationStats } from './simulation.ts';
import type { World } from './world.ts';

interface SummaryInput {
  readonly client: DemoClient;
  readonly language: 'id' | 'en';
  readonly write: (text: string) => void;
  readonly world: World;
  readonly stats: SimulationStats;
  readonly seconds: number;
}

const RECAP_UNIT = 'setda';
const RECAP_MONTH = '2026-03';
const COMPLIANCE_DATE = '2026-03-05';

/** Prints the monthly recap of one unit, one day's compliance and the trial conclusion; returns the HTML report. */
export async function printSummary(input: SummaryInput): Promise<string> {
  const { client, language, write } = input;
  const text = (id: string, en: string): string => (language === 'id' ? id : en);
  const admin = await client.token('bkpsdm-admin', ['tenant_admin']);
  const evaluator = await client.token('tim-evaluasi', ['evaluator']);

  write(`\n${text('Perintah dikirim', 'Commands sent')}: ${input.stats.commands}; ${text('hari kerja', 'workdays')}: ${input.stats.days}; ${text('ditolak', 'rejected')}: ${formatCounts(input.stats.rejected)}\n`);

  // 1. Monthly recap of one unit (rekap presensi).
  const recap = await client.get(`/v1/attendance/monthly?month=${RECAP_MONTH}&unitId=${RECAP_UNIT}`, admin);
  const rows = (recap.body['items'] ?? []) as Array<{ nip: string; name: string; workingDays: number; present: number; late: number[]; earlyLeave: number[]; absentWithoutLeave: number; wfaDaysWorked: number; cutPercent: number; absences: Record<string, number> }>;
  write(`\n${text(`Rekap presensi ${RECAP_UNIT.toUpperCase()} bulan Maret 2026`, `Attendance recap of ${RECAP_UNIT.toUpperCase()}, March 2026`)}\n`);
  write(table(
    ['NIP', text('Nama', 'Name'), text('Hari kerja', 'Workdays'), text('Hadir', 'Present'), 'TL1-4', 'PSW1-4', text('Cuti/sakit', 'Leave'), 'TK', 'WFA', text('Potongan TPP', 'TPP cut')],
    rows.slice(0, 12).map((row) => [
      row.nip,
      row.name,
      String(row.workingDays),
      String(row.present),
      row.late.join('/'),
      row.earlyLeave.join('/'),
      String(Object.values(row.absences).reduce((sum, days) => sum + days, 0)),
      String(row.absentWithoutLeave),
      String(row.wfaDaysWorked),
      `${row.cutPercent.toFixed(2)}%`,
    ]),
  ));
  if (rows.length > 12) {
    write(text(`… dan ${rows.length - 12} pegawai lain\n`, `… and ${rows.length - 12} more employees\n`));
  }

  // 2. Daily report compliance of one day, per unit.
  const compliance = await client.get(`/v1/compliance/units?date=${COMPLIANCE_DATE}`, admin);
  const units = (compliance.body['items'] ?? []) as Array<{ unitId: string; expected: number; compliant: number; rate: number | null; nonCompliant: unknown[] }>;
  write(`\n${text(`Kepatuhan laporan kinerja harian, Kamis ${COMPLIANCE_DATE} (hari WFA)`, `Daily report compliance, Thursday ${COMPLIANCE_DATE} (a WFA day)`)}\n`);
  write(table(
    [text('Unit', 'Unit'), text('Wajib lapor', 'Expected'), text('Patuh', 'Compliant'), text('Persentase', 'Rate'), text('Perlu ditindaklanjuti', 'To follow up')],
    units.slice(0, 10).map((unit) => [unit.unitId, String(unit.expected), String(unit.compliant), unit.rate === null ? '–' : `${(unit.rate * 100).toFixed(1)}%`, String(unit.nonCompliant.length)]),
  ));
  if (units.length > 10) {
    write(text(`… dan ${units.length - 10} unit lain\n`, `… and ${units.length - 10} more units\n`));
  }

  // 3. The trial evaluation and its conclusion.
  const evaluation = await client.get('/v1/trials/wfa-2026/evaluation', evaluator);
  const estimates = (evaluation.body['estimates'] ?? []) as Array<{
    metric: string;
    design: string;
    scope: string;
    excludeRamadan: boolean;
    estimate: number | null;
    ciLow: number | null;
    ciHigh: number | null;
    margin: number;
    better: 'higher' | 'lower';
    differsFromZero: boolean | null;
    verdict: string;
  }>;
  const main = estimates.filter((estimate) => estimate.scope === 'all' && estimate.design === 'weekday_matched_did' && !estimate.excludeRamadan);
  write(`\n${text('Evaluasi uji coba WFA (selisih-dari-selisih sehari-sepekan, interval kepercayaan 95%)', 'WFA trial evaluation (weekday-matched difference-in-differences, 95% intervals)')}\n`);
  write(table(
    [text('Ukuran', 'Metric'), text('Perubahan', 'Change'), text('Interval 95%', '95% interval'), text('Batas', 'Margin'), text('Kesimpulan', 'Verdict')],
    main.map((estimate) => [estimate.metric, fixed(estimate.estimate), `${fixed(estimate.ciLow)} … ${fixed(estimate.ciHigh)}`, `±${estimate.margin}`, verdictText(estimate.verdict, language)]),
  ));
  const worse = main.filter((estimate) => estimate.verdict === 'worse').map((estimate) => estimate.metric);
  const equivalent = main.filter((estimate) => estimate.verdict === 'equivalent' || estimate.verdict === 'better').length;
  // Equivalent yet different from 0 on the bad side: a real change, smaller than the margin.
  const smallDrops = main.filter((estimate) => estimate.verdict === 'equivalent' && estimate.differsFromZero === true && movedBadWay(estimate)).map((estimate) => estimate.metric);
  let conclusion = text(`WFA memperburuk: ${worse.join(', ')}. Lihat laporan lengkap.`, `WFA worsened: ${worse.join(', ')}. See the full report.`);
  if (worse.length === 0) {
    conclusion = text(
      `${equivalent} dari ${main.length} ukuran terbukti setara atau lebih baik. Tidak ada ukuran yang memburuk melewati batas toleransi karena WFA.`,
      `${equivalent} of ${main.length} metrics are shown equivalent or better. None worsened beyond its margin under WFA.`,
    );
  }
  if (smallDrops.length > 0) {
    conclusion += text(
      ` Turun sedikit tetapi nyata, masih dalam batas toleransi: ${smallDrops.join(', ')}.`,
      ` A small but real decline, still within the margin: ${smallDrops.join(', ')}.`,
    );
  }
  write(`\n${text('Kesimpulan', 'Conclusion')}: ${conclusion}\n`);

  const report = await client.get(`/v1/trials/wfa-2026/report?lang=${language}`, evaluator);
  return report.text;
}

/** Returns whether an estimate points the bad way: down where higher is better, up where lower is. */
function movedBadWay(estimate: { estimate: number | null; better: 'higher' | 'lower' }): boolean {
  if (estimate.estimate === null) {
    return false;
  }
  return estimate.better === 'higher' ? estimate.estimate < 0 : estimate.estimate > 0;
}

function verdictText(verdict: string, language: 'id' | 'en'): string {
  const id: Record<string, string> = { equivalent: 'setara', better: 'lebih baik', worse: 'lebih buruk', inconclusive: 'belum dapat disimpulkan', insufficient_data: 'data belum cukup' };
  return language === 'id' ? (id[verdict] ?? verdict) : verdict.replace('_', ' ');
}

function fixed(value: number | null): string {
  return value === null ? '–' : value.toFixed(2);
}

function formatCounts(counts: ReadonlyMap<string, number>): string {
  return counts.size === 0 ? '0' : [...counts.entries()].map(([code, count]) => `${code} ${count}`).join(', ');
}

function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((header, index) => Math.max(header.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  ').trimEnd();
  return `${[line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n')}\n`;
}
