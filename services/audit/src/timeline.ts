import { DateTime } from 'luxon';

import type { HistoryEntry } from './history.ts';

type Language = 'id' | 'en';

function local(instant: string | null, zone: string): string {
  return instant === null ? '–' : (DateTime.fromISO(instant, { setZone: true }).setZone(zone).toFormat('yyyy-LL-dd HH:mm:ss') ?? instant);
}

/** Describes one event in a sentence an inspector can read. */
export function describeEntry(entry: HistoryEntry, language: Language, zone: string): string {
  const data = entry.data as Record<string, unknown>;
  const text = (id: string, en: string): string => (language === 'id' ? id : en);
  const value = (key: string): string => String(data[key] ?? '–');
  switch (entry.type) {
    case 'CheckedIn':
      return text(`Presensi masuk ${value('mode')} lewat ${value('source')}, berlaku ${local(value('effectiveAt'), zone)}`, `Check-in ${value('mode')} via ${value('source')}, effective ${local(value('effectiveAt'), zone)}`);
    case 'CheckedOut':
      return text(`Presensi pulang ${value('mode')} lewat ${value('source')}, berlaku ${local(value('effectiveAt'), zone)}`, `Check-out ${value('mode')} via ${value('source')}, effective ${local(value('effectiveAt'), zone)}`);
    case 'AttendanceCorrected': {
      const changes = [
        data['checkInAt'] === undefined ? null : text(`masuk menjadi ${local(data['checkInAt'] as string | null, zone)}`, `check-in to ${local(data['checkInAt'] as string | null, zone)}`),
        data['checkOutAt'] === undefined ? null : text(`pulang menjadi ${local(data['checkOutAt'] as string | null, zone)}`, `check-out to ${local(data['checkOutAt'] as string | null, zone)}`),
        data['mode'] === undefined ? null : text(`mode menjadi ${value('mode')}`, `mode to ${value('mode')}`),
      ].filter((change) => change !== null);
      return text(`KOREKSI presensi: ${changes.join(', ')}; alasan: ${value('reason')}`, `CORRECTION: ${changes.join(', ')}; reason: ${value('reason')}`);
    }
    case 'AttendanceAttemptRejected':
      return text(`DITOLAK: percobaan ${value('kind')} ${value('mode')} lewat ${value('source')} (${value('reason')})`, `REJECTED: ${value('kind')} attempt ${value('mode')} via ${value('source')} (${value('reason')})`);
    case 'ActivitySubmitted':
      return text(`Kegiatan dilaporkan: ${value('description')} (${value('minutes')} menit)${data['late'] === true ? ', TERLAMBAT' : ''}`, `Activity reported: ${value('description')} (${value('minutes')} minutes)${data['late'] === true ? ', LATE' : ''}`);
    case 'ActivityRevised':
      return text(`Kegiatan direvisi: ${value('description')}`, `Activity revised: ${value('description')}`);
    case 'ActivityWithdrawn':
      return text(`Kegiatan ${value('activityId')} ditarik`, `Activity ${value('activityId')} withdrawn`);
    case 'ActivityReviewed':
      return text(`Kegiatan ${value('activityId')} dinilai atasan: ${value('decision')}`, `Activity ${value('activityId')} reviewed: ${value('decision')}`);
    case 'AbsenceRecorded':
      return text(`Ketidakhadiran dicatat: ${value('type')} ${value('from')} s.d. ${value('to')} (${value('reference')})`, `Absence recorded: ${value('type')} ${value('from')} to ${value('to')} (${value('reference')})`);
    case 'AbsenceCancelled':
      return text(`Ketidakhadiran ${value('absenceId')} dibatalkan: ${value('reason')}`, `Absence ${value('absenceId')} cancelled: ${value('reason')}`);
    case 'WFADayAssigned':
      return text(`Hari WFA ditetapkan: ${value('date')}`, `WFA day assigned: ${value('date')}`);
    case 'WFADayRevoked':
      return text(`Hari WFA dicabut: ${value('date')}`, `WFA day revoked: ${value('date')}`);
    case 'EmployeeRegistered':
      return text(`Pegawai didaftarkan di unit ${value('unitId')}`, `Employee registered in unit ${value('unitId')}`);
    case 'EmployeeTransferred':
      return text(`Pegawai dipindahkan ke unit ${value('toUnitId')} mulai ${value('effectiveDate')}`, `Employee transferred to unit ${value('toUnitId')} from ${value('effectiveDate')}`);
    default:
      return entry.type;
  }
}

/** Formats a plain-text timeline, one block per event, in log order. */
export function formatTimeline(entries: readonly HistoryEntry[], language: Language, zone: string): string {
  const text = (id: string, en: string): string => (language === 'id' ? id : en);
  return entries
    .map((entry) => {
      const lines = [
        `${local(entry.receivedAt ?? entry.recordedAt, zone)}  ${describeEntry(entry, language, zone)}`,
        `    ${text('oleh', 'by')} ${entry.actor.subject} (${entry.actor.role})${entry.command === null ? '' : `, ${text('perintah', 'command')} ${entry.command}`}${entry.deviceTime === null ? '' : `, ${text('waktu perangkat', 'device time')} ${local(entry.deviceTime, zone)}`}`,
        `    ${text('dicatat', 'stored')} ${local(entry.recordedAt, zone)}, ${text('posisi', 'position')} ${entry.position}, ${text('korelasi', 'correlation')} ${entry.correlationId}, hash ${entry.hash.slice(0, 16)}…`,
      ];
      return lines.join('\n');
    })
    .join('\n');
}
