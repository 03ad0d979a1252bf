export { importAttlog, type AttlogImportOptions, type AttlogImportServices } from './importer.ts';
export { NipResolver } from './nip-resolver.ts';
export { foldRecordedDay, readRecordedDay } from './recorded-day.ts';
export { ImportReportBuilder, processedAnything, type ImportReport, type PunchCounts, type RejectedPunch } from './report.ts';
export { deviceKeyMatches, generateDeviceKey, hashDeviceKey } from './device-key.ts';
