export { addDays, DayBatcher, type DateBatch, type DayBatcherOptions } from './day-batches.ts';
export { fingerprintKey, MAX_FINGERPRINT_KEY_LENGTH, type FingerprintKeyInput, type PunchKind } from './keys.ts';
export {
  PAIRING_NOTES,
  pairDailyRecords,
  type DailyAttendance,
  type IssuedRecord,
  type PairingNote,
  type PairingOptions,
} from './pairing.ts';
export {
  DEFAULT_VERIFY_MODES,
  parseAttlog,
  parseAttlogLine,
  REJECT_REASON_CODES,
  type AttlogParseResult,
  type AttlogRecord,
  type ParseAttlogOptions,
  type RejectReasonCode,
  type RejectedLine,
  type VerifyMode,
} from './parse.ts';
export { comparePins, normalizePin } from './pin.ts';
export { parsePinMap, type PinMapParseResult, type PinMapRejectedRow, type PinMapRejectReasonCode } from './pin-map.ts';
export { planPunches, toPunch, type FingerprintPunch, type PunchContext, type PunchPlace, type PunchPlan } from './punches.ts';
export {
  EMPTY_RECORDED_DAY,
  IGNORE_REASONS,
  reconcileDay,
  withRecordedPunch,
  type IgnoreReason,
  type PunchDecision,
  type RecordedDay,
  type RecordedPresence,
} from './reconcile.ts';
export { buildImportSummary, type ImportSummary, type ImportSummaryInput } from './summary.ts';
export { toInstant } from './time.ts';
