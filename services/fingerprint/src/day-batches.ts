import type { AttlogRecord } from './parse.ts';

/** Records of one local date, handed over for pairing. */
export interface DateBatch {
  date: string;
  records: AttlogRecord[];
  /** True when records of this date were already handed over earlier, so the batch adds to a day already processed. */
  late: boolean;
}

export interface DayBatcherOptions {
  /**
   * Dates kept open behind the newest date seen, default 1: a record of
   * 2026-01-07 hands over 2026-01-05 and earlier, and keeps 2026-01-06 open.
   */
  openDaysBehind?: number;
  /**
   * Latest local date "YYYY-MM-DD" that may move the window, normally the day
   * after today. A record dated later, from a terminal clock set wrong, does
   * not close the dates before it, and its date is handed over by finish.
   */
  latestPlausibleDate?: string;
  /** Late records held before they are handed over, default 10 000. */
  maxLateRecords?: number;
  /**
   * Records of open dates held before every open date is handed over, default
   * 100 000, which bounds memory when one date has more records than that.
   */
  maxOpenRecords?: number;
}

/**
 * Groups the records of a log read line by line into batches of one local
 * date, so that a large file is paired a few days at a time instead of all at
 * once.
 *
 * Terminals write records in time order, so a date is handed over once a
 * record at least `openDaysBehind + 1` days newer has arrived. A record of a date
 * already handed over (a log sorted by PIN, or a clock set back) is held as a
 * late record. Late records are handed over when maxLateRecords of them are
 * held and at the end, as batches marked `late`, and the caller must pair them
 * against what was recorded for the day (see reconcileDay).
 */
export class DayBatcher {
  private readonly open = new Map<string, AttlogRecord[]>();
  private readonly late = new Map<string, AttlogRecord[]>();
  private readonly handedOver = new Set<string>();
  private lateCount = 0;
  private openCount = 0;
  private newestDate: string | undefined;
  private readonly openDaysBehind: number;
  private readonly latestPlausibleDate: string | undefined;
  private readonly maxLateRecords: number;
  private readonly maxOpenRecords: number;

  constructor(options: DayBatcherOptions = {}) {
    this.openDaysBehind = options.openDaysBehind ?? 1;
    this.latestPlausibleDate = options.latestPlausibleDate;
    this.maxLateRecords = options.maxLateRecords ?? 10_000;
    this.maxOpenRecords = options.maxOpenRecords ?? 100_000;
    if (!Number.isInteger(this.openDaysBehind) || this.openDaysBehind < 0) {
      throw new RangeError(`invalid openDaysBehind ${this.openDaysBehind}: use a whole number of days, 0 or more`);
    }
    for (const [name, value] of [['maxLateRecords', this.maxLateRecords], ['maxOpenRecords', this.maxOpenRecords]] as const) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`invalid ${name} ${value}: use a whole number, 1 or more`);
      }
    }
  }

  /** Adds one record and returns the batches that are complete now, oldest date first. */
  add(record: AttlogRecord): DateBatch[] {
    if (this.handedOver.has(record.date)) {
      appendTo(this.late, record);
      this.lateCount += 1;
      return this.lateCount >= this.maxLateRecords ? this.takeLate() : [];
    }

    appendTo(this.open, record);
    this.openCount += 1;
    const plausible = this.latestPlausibleDate === undefined || record.date <= this.latestPlausibleDate;
    if (plausible && (this.newestDate === undefined || record.date > this.newestDate)) {
      this.newestDate = record.date;
    }
    if (this.newestDate === undefined) {
      return [];
    }

    const batches = this.takeOpenUpTo(addDays(this.newestDate, -(this.openDaysBehind + 1)));
    if (this.openCount > this.maxOpenRecords) {
      batches.push(...this.takeOpenUpTo('9999-12-31'));
    }
    return batches;
  }

  /** Returns every batch still held: open dates first, then late records, each oldest date first. */
  finish(): DateBatch[] {
    return [...this.takeOpenUpTo('9999-12-31'), ...this.takeLate()];
  }

  private takeOpenUpTo(lastDate: string): DateBatch[] {
    const dates = [...this.open.keys()].filter((date) => date <= lastDate).sort();
    return dates.map((date) => {
      const records = this.open.get(date) ?? [];
      this.open.delete(date);
      this.openCount -= records.length;
      this.handedOver.add(date);
      return { date, records, late: false };
    });
  }

  private takeLate(): DateBatch[] {
    const batches = [...this.late.entries()].sort(([left], [right]) => (left < right ? -1 : 1)).map(([date, records]) => ({ date, records, late: true }));
    this.late.clear();
    this.lateCount = 0;
    return batches;
  }
}

function appendTo(groups: Map<string, AttlogRecord[]>, record: AttlogRecord): void {
  const group = groups.get(record.date);
  if (group === undefined) {
    groups.set(record.date, [record]);
  } else {
    group.push(record);
  }
}

/** Adds whole days to a date "YYYY-MM-DD" on the proleptic Gregorian calendar. */
export function addDays(date: string, days: number): string {
  const instant = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(instant).toISOString().slice(0, 10);
}
