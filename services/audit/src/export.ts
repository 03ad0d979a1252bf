import { stringify } from 'csv-stringify/sync';

import type { HistoryEntry } from './history.ts';

/**
 * Writes one JSON line per event with the exact texts its hash covers, so an outside tool can
 * re-verify the export with only the documented recipe (docs/audit.md).
 */
export function historyAsJsonLines(entries: readonly HistoryEntry[]): string {
  return entries
    .map((entry) =>
      JSON.stringify({
        position: entry.position,
        streamId: entry.streamId,
        streamVersion: entry.streamVersion,
        eventId: entry.eventId,
        eventType: entry.type,
        schemaVersion: entry.schemaVersion,
        tenantId: (JSON.parse(entry.metadataText) as { tenantId: string }).tenantId,
        recordedAt: entry.recordedAt,
        dataText: entry.dataText,
        metadataText: entry.metadataText,
        previousHash: entry.previousHash,
        hash: entry.hash,
      }),
    )
    .join('\n')
    .concat(entries.length > 0 ? '\n' : '');
}

/** Writes the history as CSV with Indonesian headers, for reading in a spreadsheet. */
export function historyAsCsv(entries: readonly HistoryEntry[]): string {
  const header = ['Posisi', 'Waktu Dicatat', 'Waktu Diterima', 'Waktu Perangkat', 'Tanggal', 'Jenis Peristiwa', 'Ditolak', 'Pelaku', 'Peran', 'Perintah', 'Sumber', 'Korelasi', 'Penyebab', 'Aliran', 'Versi', 'Data', 'Hash', 'Hash Sebelumnya'];
  const rows = entries.map((entry) => [
    entry.position,
    entry.recordedAt,
    entry.receivedAt ?? '',
    entry.deviceTime ?? '',
    entry.date ?? '',
    entry.type,
    entry.rejected ? 'Ya' : 'Tidak',
    entry.actor.subject,
    entry.actor.role,
    entry.command ?? '',
    entry.source ?? '',
    entry.correlationId,
    entry.causationId,
    entry.streamId,
    entry.streamVersion,
    entry.dataText,
    entry.hash,
    entry.previousHash,
  ]);
  return `\uFEFF${stringify([header, ...rows])}`;
}
