import { createHash } from 'node:crypto';

import { CheckInBody } from '@fleksi/contracts';
import {
  DomainError,
  loadEmployee,
  loadUnit,
  localDateOf,
  recordPresence,
  type ApplicationDependencies,
  type Principal,
  type TenantCache,
} from '@fleksi/domain';

import { addDays, DayBatcher, type DateBatch } from '../day-batches.ts';
import { pairDailyRecords, type DailyAttendance, type PairingOptions } from '../pairing.ts';
import { DEFAULT_VERIFY_MODES, parseAttlogLine, type VerifyMode } from '../parse.ts';
import type { FingerprintPunch, PunchPlace } from '../punches.ts';
import { reconcileDay, withRecordedPunch, type RecordedDay } from '../reconcile.ts';
import { NipResolver } from './nip-resolver.ts';
import { readRecordedDay } from './recorded-day.ts';
import { ImportReportBuilder, type ImportReport } from './report.ts';

export interface AttlogImportServices {
  readonly dependencies: ApplicationDependencies;
  readonly tenants: TenantCache;
}

export interface AttlogImportOptions {
  readonly tenantId: string;
  /** Unit of the terminal; its PIN space is part of every idempotency key. */
  readonly unitId: string;
  /** Subject recorded as the system actor of every event, such as "cli:budi" or "device:CQZ7232460123". */
  readonly actor: string;
  readonly correlationId: string;
  /** NIP by canonical PIN, from parsePinMap; may be empty. */
  readonly pinMap: ReadonlyMap<string, string>;
  /** Whether a PIN missing from the map that is itself a plausible NIP maps to itself (see NipResolver). Default true. */
  readonly pinIsNipFallback?: boolean;
  /** Terminal serial number stored with each check-in, or null when unknown. */
  readonly deviceId: string | null;
  /** Reads and plans without appending anything. Default false. */
  readonly dryRun?: boolean;
  readonly pairing?: PairingOptions;
  readonly verifyModes?: ReadonlyMap<number, VerifyMode>;
  /** Employees whose punches are sent at the same time. Default 4. */
  readonly concurrency?: number;
  /** Entries kept in each list of the report. Default 50. */
  readonly sampleLimit?: number;
}

/**
 * Imports the lines of a terminal attendance log (an ATTLOG file or an ADMS
 * push body) as check-ins and check-outs through recordPresence, the command
 * path of the HTTP API, with a system principal and source "fingerprint".
 *
 * Lines are read one at a time and paired a few dates at a time (DayBatcher),
 * so a large file is never held whole. Each PIN-day is compared with what its
 * attendance-day stream already contains (reconcileDay) before anything is sent,
 * and each punch carries its fingerprintKey as idempotency key. Importing the
 * same log again therefore appends nothing and reports every punch as already
 * present, and so does a file import after a push of the same records.
 *
 * Throws TENANT_NOT_FOUND or UNIT_NOT_FOUND before reading a line. A rule that
 * rejects one punch (for example OFFLINE_WINDOW_EXCEEDED) is counted in the
 * report, and the domain keeps the attempt in the employee's attempts stream.
 * Any other error stops the import and is thrown. The punches sent before it
 * stay recorded, and a new import of the same log completes the rest.
 */
export async function importAttlog(
  lines: Iterable<string> | AsyncIterable<string>,
  services: AttlogImportServices,
  options: AttlogImportOptions,
): Promise<ImportReport> {
  const { dependencies, tenants } = services;
  const configuration = await tenants.get(options.tenantId);
  const unit = await loadUnit(dependencies, options.tenantId, options.unitId);
  if (unit.status !== 'registered') {
    throw new DomainError('UNIT_NOT_FOUND', { unitId: options.unitId });
  }

  const zone = configuration.settings.timeZone;
  const run = new ImportRun(services, options, { tenantId: options.tenantId, unitId: options.unitId, zone });
  const verifyModes = options.verifyModes ?? DEFAULT_VERIFY_MODES;
  // A terminal clock set into the future must not close the dates still being read.
  const batcher = new DayBatcher({ latestPlausibleDate: addDays(localDateOf(dependencies.clock(), zone), 1) });

  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    const outcome = parseAttlogLine(line, lineNumber, verifyModes);
    if (outcome === undefined) {
      continue;
    }
    if ('rejected' in outcome) {
      run.report.malformedLine(outcome.rejected);
      continue;
    }
    run.report.recordAccepted();
    for (const batch of batcher.add(outcome.record)) {
      await run.processBatch(batch);
    }
  }
  for (const batch of batcher.finish()) {
    await run.processBatch(batch);
  }
  return run.report.build();
}

/** State of one import: the report, the PIN resolver and, in a dry run, the punches it would have recorded. */
class ImportRun {
  readonly report: ImportReportBuilder;
  private readonly resolver: NipResolver;
  private readonly principal: Principal;
  private readonly dryRun: boolean;
  /**
   * Dry run only: recorded days as they would stand, by employee and date.
   * NOTE: this grows with the PIN-days of the log, so a dry run of a very
   * large file keeps more in memory than an import does.
   */
  private readonly plannedDays = new Map<string, RecordedDay>();
  /** Dry run only: whether each NIP belongs to a registered employee. */
  private readonly registeredEmployees = new Map<string, boolean>();

  constructor(
    private readonly services: AttlogImportServices,
    private readonly options: AttlogImportOptions,
    private readonly place: PunchPlace,
  ) {
    this.dryRun = options.dryRun ?? false;
    this.report = new ImportReportBuilder(this.dryRun, options.sampleLimit ?? 50);
    this.resolver = new NipResolver(options.pinMap, options.pinIsNipFallback ?? true);
    this.principal = { tenantId: options.tenantId, subject: options.actor, roles: ['system'], nip: null, unitId: options.unitId };
  }

  /** Pairs the records of one date and sends each employee's punches, several employees at a time. */
  async processBatch(batch: DateBatch): Promise<void> {
    const daysByNip = new Map<string, DailyAttendance[]>();
    for (const day of pairDailyRecords(batch.records, this.options.pairing)) {
      this.report.duplicates(day.duplicates.length);
      const nip = this.resolver.nipOf(day.pin);
      if (nip === undefined) {
        this.report.unknownPin(day.pin, recordCountOf(day));
        continue;
      }
      this.report.pairedDay(day.notes);
      // Several PINs may map to one NIP; their days go through one worker in
      // turn, so each reads the day as the previous one left it.
      const days = daysByNip.get(nip) ?? [];
      days.push(day);
      daysByNip.set(nip, days);
    }

    await forEachConcurrently([...daysByNip.entries()], this.options.concurrency ?? 4, async ([nip, days]) => {
      for (const day of days) {
        await this.processDay(day, nip);
      }
    });
  }

  private async processDay(day: DailyAttendance, nip: string): Promise<void> {
    const recorded = await this.recordedDayOf(nip, day.date);
    let planned = recorded;

    for (const decision of reconcileDay(day, nip, recorded, this.place)) {
      const { punch } = decision;
      if (decision.action === 'present') {
        this.report.alreadyPresent(punch.kind);
      } else if (decision.action === 'ignore') {
        this.report.ignored(decision.reason);
      } else if (this.dryRun) {
        planned = await this.planPunch(punch, planned);
      } else {
        await this.sendPunch(punch);
      }
    }
    if (this.dryRun) {
      this.plannedDays.set(dayKey(nip, day.date), planned);
    }
  }

  private async recordedDayOf(nip: string, date: string): Promise<RecordedDay> {
    const planned = this.dryRun ? this.plannedDays.get(dayKey(nip, date)) : undefined;
    return planned ?? (await readRecordedDay(this.services.dependencies, this.options.tenantId, nip, date));
  }

  private async sendPunch(punch: FingerprintPunch): Promise<void> {
    const body = CheckInBody.parse({
      nip: punch.nip,
      mode: 'WFO',
      source: 'fingerprint',
      location: null,
      deviceTime: punch.occurredAt,
      deviceId: this.options.deviceId,
    });
    const request = { correlationId: this.options.correlationId, idempotency: { key: punch.idempotencyKey, requestHash: requestHashOf(punch) } };
    const command = punch.kind === 'check-in' ? 'CheckIn' : 'CheckOut';

    try {
      const result = await recordPresence(this.services.dependencies, this.services.tenants, this.principal, command, body, request);
      if (result.replayed) {
        this.report.alreadyPresent(punch.kind);
      } else {
        this.report.issued(punch.kind);
      }
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      this.rejected(punch, error);
    }
  }

  /**
   * Counts a punch a dry run would send. Only the employee is checked; rules
   * such as the offline window are left to the real import.
   */
  private async planPunch(punch: FingerprintPunch, recorded: RecordedDay): Promise<RecordedDay> {
    if (!(await this.isRegistered(punch.nip))) {
      this.rejected(punch, new DomainError('EMPLOYEE_NOT_FOUND', { nip: punch.nip }));
      return recorded;
    }
    this.report.issued(punch.kind);
    return withRecordedPunch(recorded, punch);
  }

  private async isRegistered(nip: string): Promise<boolean> {
    const known = this.registeredEmployees.get(nip);
    if (known !== undefined) {
      return known;
    }
    const employee = await loadEmployee(this.services.dependencies, this.options.tenantId, nip);
    const registered = employee.status === 'registered';
    this.registeredEmployees.set(nip, registered);
    return registered;
  }

  private rejected(punch: FingerprintPunch, error: DomainError): void {
    this.report.rejectedPunch({
      lineNumber: punch.lineNumber,
      pin: punch.pin,
      nip: punch.nip,
      date: punch.date,
      kind: punch.kind,
      localDateTime: punch.localDateTime,
      code: error.code,
      params: error.params,
    });
  }
}

/**
 * Hashes what a punch asserts, so that the same idempotency key with other
 * content is rejected as IDEMPOTENCY_KEY_REUSED. The device id is left out,
 * because a push and a file import of one record come through different
 * channels.
 */
function requestHashOf(punch: FingerprintPunch): string {
  return createHash('sha256').update(['fingerprint-punch', punch.kind, punch.nip, punch.occurredAt].join('\u0000')).digest('hex');
}

function recordCountOf(day: DailyAttendance): number {
  return day.duplicates.length + day.ignored.length + (day.checkIn === undefined ? 0 : 1) + (day.checkOut === undefined ? 0 : 1);
}

function dayKey(nip: string, date: string): string {
  return `${nip}|${date}`;
}

/**
 * Runs `task` on every item with at most `limit` running at once. The first
 * failure stops new tasks and is thrown once the running ones have ended, so
 * no task outlives the call.
 */
async function forEachConcurrently<Item>(items: readonly Item[], limit: number, task: (item: Item) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next] as Item;
      next += 1;
      try {
        await task(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workerCount = Math.max(1, Math.min(limit, items.length));
  const outcomes = await Promise.allSettled(Array.from({ length: workerCount }, worker));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure !== undefined) {
    throw failure.reason;
  }
}
