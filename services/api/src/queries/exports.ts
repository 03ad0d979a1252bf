import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

import type { DailyComplianceRow, Estimate, MonthlyRecapRow } from '@fleksi/read-models';

export type ExportFormat = 'csv' | 'xlsx';

interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string | number | boolean | null;
  readonly width?: number;
}

const ABSENCE_COLUMNS: ReadonlyArray<[string, string]> = [
  ['cuti_tahunan', 'Cuti Tahunan'],
  ['cuti_sakit', 'Sakit'],
  ['cuti_besar', 'Cuti Besar'],
  ['cuti_melahirkan', 'Cuti Melahirkan'],
  ['cuti_alasan_penting', 'Cuti Alasan Penting'],
  ['cuti_bersama', 'Cuti Bersama'],
  ['cltn', 'CLTN'],
  ['dinas_luar', 'Dinas Luar'],
  ['tugas_belajar', 'Tugas Belajar'],
  ['izin', 'Izin'],
];

/** Column layouts with the Indonesian headers the regional HR agency (BKPSDM) uses. */
const LAYOUTS = {
  monthlyRecap: [
    { header: 'NIP', value: (row) => row.nip, width: 21 },
    { header: 'Nama', value: (row) => row.name, width: 28 },
    { header: 'Unit Kerja', value: (row) => row.unitId, width: 16 },
    { header: 'Bulan', value: (row) => row.month },
    { header: 'Hari Kerja', value: (row) => row.workingDays },
    { header: 'Hadir', value: (row) => row.present },
    { header: 'TL1', value: (row) => row.late[0] },
    { header: 'TL2', value: (row) => row.late[1] },
    { header: 'TL3', value: (row) => row.late[2] },
    { header: 'TL4', value: (row) => row.late[3] },
    { header: 'PSW1', value: (row) => row.earlyLeave[0] },
    { header: 'PSW2', value: (row) => row.earlyLeave[1] },
    { header: 'PSW3', value: (row) => row.earlyLeave[2] },
    { header: 'PSW4', value: (row) => row.earlyLeave[3] },
    ...ABSENCE_COLUMNS.map(([type, header]): Column<MonthlyRecapRow> => ({ header, value: (row) => row.absences[type] ?? 0 })),
    { header: 'Tanpa Keterangan', value: (row) => row.absentWithoutLeave },
    { header: 'Hari WFA', value: (row) => row.wfaDaysWorked },
    { header: 'Potongan TPP (%)', value: (row) => row.cutPercent },
  ] satisfies Array<Column<MonthlyRecapRow>>,
  dailyCompliance: [
    { header: 'NIP', value: (row) => row.nip, width: 21 },
    { header: 'Nama', value: (row) => row.name, width: 28 },
    { header: 'Unit Kerja', value: (row) => row.unitId, width: 16 },
    { header: 'Tanggal', value: (row) => row.date, width: 12 },
    { header: 'Wajib Lapor', value: (row) => (row.expected ? 'Ya' : 'Tidak') },
    { header: 'Kegiatan', value: (row) => row.submitted },
    { header: 'Tepat Waktu', value: (row) => row.onTime },
    { header: 'Terlambat', value: (row) => row.late },
    { header: 'Disetujui', value: (row) => row.approved },
    { header: 'Ditolak', value: (row) => row.rejected },
    { header: 'Menunggu Penilaian', value: (row) => row.pending },
    { header: 'Menit Kerja', value: (row) => row.minutes },
    { header: 'Patuh', value: (row) => (row.compliant ? 'Ya' : 'Tidak') },
  ] satisfies Array<Column<DailyComplianceRow>>,
  trialEstimates: [
    { header: 'Ukuran', value: (row) => row.metric, width: 20 },
    { header: 'Desain', value: (row) => row.design, width: 32 },
    { header: 'Cakupan', value: (row) => row.scope, width: 14 },
    { header: 'Tanpa Ramadan', value: (row) => (row.excludeRamadan ? 'Ya' : 'Tidak') },
    { header: 'Perubahan', value: (row) => row.estimate },
    { header: 'Galat Baku', value: (row) => row.standardError },
    { header: 'Batas Bawah 95%', value: (row) => row.ciLow },
    { header: 'Batas Atas 95%', value: (row) => row.ciHigh },
    { header: 'Batas Toleransi', value: (row) => row.margin },
    { header: 'Arah Baik', value: (row) => (row.better === 'higher' ? 'naik' : 'turun') },
    { header: 'Kesimpulan', value: (row) => row.verdict, width: 18 },
    { header: 'Pegawai', value: (row) => row.employees },
    { header: 'Hari', value: (row) => row.days },
  ] satisfies Array<Column<Estimate>>,
};

type Layouts = typeof LAYOUTS;
type RowOf<Name extends keyof Layouts> = Layouts[Name] extends Array<Column<infer Row>> ? Row : never;

/** Sends rows as a CSV (UTF-8 with BOM, so spreadsheet programs read the names right) or an XLSX download. */
export async function sendExport<Name extends keyof Layouts>(
  reply: FastifyReply,
  format: ExportFormat,
  fileName: string,
  layout: Name,
  rows: ReadonlyArray<RowOf<Name>>,
): Promise<FastifyReply> {
  const columns = LAYOUTS[layout] as unknown as Array<Column<RowOf<Name>>>;
  const records = rows.map((row) => columns.map((column) => column.value(row)));

  if (format === 'csv') {
    const csv = stringify([columns.map((column) => column.header), ...records], { cast: { boolean: (value) => (value ? 'Ya' : 'Tidak') } });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName}.csv"`)
      .send(`\uFEFF${csv}`);
  }

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Fleksi';
  const sheet = workbook.addWorksheet(fileName.slice(0, 31));
  sheet.columns = columns.map((column) => ({ header: column.header, width: column.width ?? Math.max(10, column.header.length + 2) }));
  sheet.getRow(1).font = { bold: true };
  for (const record of records) {
    sheet.addRow(record);
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${fileName}.xlsx"`)
    .send(Buffer.from(buffer));
}
