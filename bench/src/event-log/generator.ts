import { randomUUID } from 'node:crypto';

import type { EventRegistry, FleksiEvent, NewEvent, TrialDefinition } from '@fleksi/contracts';
import {
  absencesDecider,
  addDays,
  attendanceDayDecider,
  commandMetadata,
  dailyReportDecider,
  instantAt,
  isoWeekOf,
  planDay,
  streams,
  toNewEvent,
  weekdayOf,
  wfaWeekDecider,
  workdayDecider,
  type CommandMetadata,
  type EmployeeState,
  type Principal,
  type TenantConfiguration,
  type UnitState,
} from '@fleksi/domain';

import { SeededRandom } from '../regency/random.ts';
import { offset, type Employee, type Regency } from '../regency/world.ts';

/*
 * Plays a regency's workdays through the product's deciders, without HTTP or reads,
 * and returns the appends the command handlers would make, in the order they would
 * commit. Every event is decided by the same decide function and wrapped (and
 * schema-checked) by the same toNewEvent as a real command. The only difference
 * from the API path is that stream state is kept in memory instead of read back.
 *
 * Per workday and employee: check-in, check-out, the daily report and the
 * supervisor's review of it the next morning; WFA days assigned each Monday for the
 * trial's participating units; now and then a few days of sick leave; and the
 * workday closed after its report deadline. That is about four events per
 * employee-workday.
 *
 * The same regency, seed and start date give the same appends (except event and
 * correlation ids), which is what lets a cached log be extended by replaying it.
 */

/** The state a generator starts from, read from the streams the set-up commands wrote. */
export interface GeneratorContext {
  readonly regency: Regency;
  readonly configuration: TenantConfiguration;
  readonly employees: ReadonlyMap<string, Extract<EmployeeState, { status: 'registered' }>>;
  readonly units: ReadonlyMap<string, Extract<UnitState, { status: 'registered' }>>;
  readonly trial: TrialDefinition;
  /** First simulated day, a Monday. */
  readonly startDate: string;
  readonly seed: number;
}

/** Events one command appends to one stream; their versions follow `firstVersion - 1`. */
export interface GeneratedAppend {
  readonly streamId: string;
  readonly firstVersion: number;
  readonly decided: readonly FleksiEvent[];
  readonly metadata: CommandMetadata;
}

/**
 * Wraps an append's decided events as the command handler would, ids included.
 * Pass `trustingRegistry(registry)` to skip the schema check, which costs about as
 * much as deciding.
 */
export function toNewEvents(registry: EventRegistry, append: GeneratedAppend, from = 0, to = append.decided.length): NewEvent[] {
  const events: NewEvent[] = [];
  for (let index = from; index < to; index += 1) {
    const event = append.decided[index];
    if (event !== undefined) {
      events.push(toNewEvent(registry, append.streamId, event, index, append.metadata));
    }
  }
  return events;
}

/**
 * A registry whose schemas accept data as it is, for events of a generator whose
 * output a sample of schema-checked events has already proved.
 */
export function trustingRegistry(registry: EventRegistry): EventRegistry {
  const passThrough = { parse: (data: unknown): unknown => data };
  const definitions = new Map<string, { schema: typeof passThrough; schemaVersion: number }>();
  const trusting = {
    definition(type: string) {
      let definition = definitions.get(type);
      if (definition === undefined) {
        definition = { schema: passThrough, schemaVersion: registry.definition(type).schemaVersion };
        definitions.set(type, definition);
      }
      return definition;
    },
  };
  return trusting as unknown as EventRegistry;
}

interface StreamRecord {
  version: number;
  state: unknown;
}

/**
 * Stream versions and states. Day streams (attendance, report, WFA week) are
 * forgotten about two weeks after their last use; absence streams are kept.
 */
class StreamBook {
  private recent = new Map<string, StreamRecord>();
  private older = new Map<string, StreamRecord>();
  private readonly lasting = new Map<string, StreamRecord>();

  get(streamId: string, lasting = false): StreamRecord | undefined {
    if (lasting) {
      return this.lasting.get(streamId);
    }
    const found = this.recent.get(streamId) ?? this.older.get(streamId);
    if (found !== undefined) {
      this.recent.set(streamId, found);
    }
    return found;
  }

  set(streamId: string, record: StreamRecord, lasting = false): void {
    (lasting ? this.lasting : this.recent).set(streamId, record);
  }

  /** Called once a week. */
  age(): void {
    this.older = this.recent;
    this.recent = new Map();
  }
}

interface Action {
  /** Simulated time, milliseconds since the epoch. */
  readonly at: number;
  readonly run: (now: string) => GeneratedAppend[];
}

interface PendingReview {
  readonly employee: Employee;
  readonly date: string;
  readonly activityId: string;
}

const ACTIVITIES = [
  { description: 'Menyusun laporan realisasi anggaran triwulan', unit: 'dokumen' },
  { description: 'Memverifikasi berkas usulan kenaikan pangkat', unit: 'berkas' },
  { description: 'Rapat koordinasi program kerja bidang', unit: 'kegiatan' },
  { description: 'Menginput data kepegawaian ke aplikasi SIASN', unit: 'data' },
  { description: 'Menyiapkan bahan paparan pimpinan', unit: 'dokumen' },
  { description: 'Melayani konsultasi masyarakat', unit: 'orang' },
];

export class LogGenerator {
  private readonly book = new StreamBook();
  private readonly tenantId: string;
  private readonly timeZone: string;
  private readonly participating: ReadonlySet<string>;
  private readonly employeesByNip: ReadonlyMap<string, Employee>;
  private readonly offices: ReadonlyMap<string, { latitude: number; longitude: number }>;
  private readonly absentUntil = new Map<string, string>();
  private pendingReviews: PendingReview[] = [];
  private carried: Action[] = [];
  private lastWorkday: string | undefined;
  private lastWfaWeek: string | undefined;

  constructor(private readonly context: GeneratorContext) {
    this.tenantId = context.regency.tenantId;
    this.timeZone = context.configuration.settings.timeZone;
    this.participating = new Set(context.trial.participatingUnits);
    this.employeesByNip = new Map(context.regency.employees.map((employee) => [employee.nip, employee]));
    this.offices = new Map(context.regency.units.map((unit) => [unit.id, unit.office]));
  }

  /** Yields the appends of one simulated day after another, for as long as the caller reads. */
  *appends(): Generator<GeneratedAppend> {
    for (let date = this.context.startDate, day = 0; ; date = addDays(date, 1), day += 1) {
      if (day % 7 === 0 && day > 0) {
        this.book.age();
      }
      yield* this.playDay(date);
    }
  }

  private *playDay(date: string): Generator<GeneratedAppend> {
    const actions: Action[] = [...this.carried];
    this.carried = [];
    const midnight = Date.parse(instantAt(date, '00:00', this.timeZone));
    const at = (minutes: number): number => midnight + minutes * 60_000;

    // The scheduler closes the previous workday once its report deadline has passed.
    const previous = this.lastWorkday;
    if (previous !== undefined) {
      actions.push({ at: at(5), run: (now) => [this.closeWorkday(previous, now)] });
      this.lastWorkday = undefined;
    }

    const plan = planDay(this.context.configuration, date);
    if (plan.dayType === 'workday' && plan.hours !== null) {
      const start = minutesOf(plan.hours.start);
      const end = minutesOf(plan.hours.end);
      const week = isoWeekOf(date);
      if (week !== this.lastWfaWeek) {
        this.lastWfaWeek = week;
        actions.push({ at: at(6 * 60), run: (now) => this.assignWfaWeek(date, now) });
      }
      const reviews = this.pendingReviews;
      this.pendingReviews = [];
      for (const review of reviews) {
        const random = SeededRandom.forKey(this.context.seed, `review:${review.activityId}`);
        actions.push({ at: at(8 * 60 + random.integer(0, 120)), run: (now) => this.review(review, random, now) });
      }
      for (const employee of this.context.regency.employees) {
        actions.push(...this.planEmployeeDay(employee, date, start, end, at));
      }
      this.lastWorkday = date;
    }

    actions.sort((left, right) => left.at - right.at);
    for (const action of actions) {
      yield* action.run(new Date(action.at).toISOString());
    }
  }

  private planEmployeeDay(employee: Employee, date: string, start: number, end: number, at: (minutes: number) => number): Action[] {
    const random = SeededRandom.forKey(this.context.seed, `${employee.nip}:${date}`);
    const actions: Action[] = [];
    if ((this.absentUntil.get(employee.nip) ?? '') >= date) {
      return actions;
    }
    if (random.chance(0.004)) {
      const to = addDays(date, random.integer(0, 2));
      this.absentUntil.set(employee.nip, to);
      actions.push({ at: at(7 * 60), run: (now) => [this.recordSickLeave(employee, date, to, now)] });
      return actions;
    }
    if (random.chance(0.015)) {
      return actions;
    }

    const wfa = this.isWfaDay(employee, date);
    const checkIn = start + employee.arrivalOffsetMinutes + random.integer(-10, 15);
    const place = wfa ? offset(employee.domicile, random.integer(-30, 30), random.integer(-30, 30)) : this.nearOffice(employee, random);
    const location = { ...place, accuracyMeters: random.integer(5, 40) };
    actions.push({ at: at(checkIn) + random.integer(0, 59_999), run: (now) => this.presence('CheckIn', employee, date, wfa, location, now) });
    if (!random.chance(0.03)) {
      actions.push({ at: at(end + random.integer(-15, 45)) + random.integer(0, 59_999), run: (now) => this.presence('CheckOut', employee, date, wfa, location, now) });
    }

    if (random.chance(employee.diligence)) {
      const activityId = `${employee.nip}-${date}-1`;
      const content = random.pick(ACTIVITIES);
      const minutes = random.integer(120, 480);
      const submit = (now: string): GeneratedAppend[] => this.submit(employee, date, activityId, content, minutes, now);
      if (random.chance(0.03)) {
        // Sent the next morning, after the deadline: accepted and marked late.
        this.carried.push({ at: at(24 * 60 + 6 * 60 + random.integer(0, 60)), run: submit });
      } else {
        actions.push({ at: at(end + random.integer(10, 300)), run: submit });
      }
    }
    return actions;
  }

  private isWfaDay(employee: Employee, date: string): boolean {
    const { trial } = this.context;
    const weekday = weekdayOf(date);
    return this.participating.has(employee.unitId) && date >= trial.startDate && date <= trial.endDate && trial.wfaWeekdays.includes(weekday);
  }

  private nearOffice(employee: Employee, random: SeededRandom): { latitude: number; longitude: number } {
    const office = this.offices.get(employee.unitId);
    if (office === undefined) {
      throw new Error(`unit ${employee.unitId} of employee ${employee.nip} is not in the regency`);
    }
    return offset(office, random.integer(-60, 60), random.integer(-60, 60));
  }

  private presence(
    kind: 'CheckIn' | 'CheckOut',
    employee: Employee,
    date: string,
    wfa: boolean,
    location: { latitude: number; longitude: number; accuracyMeters: number },
    now: string,
  ): GeneratedAppend[] {
    const streamId = streams.attendanceDay(this.tenantId, employee.nip, date);
    const wfaStream = streams.wfaWeek(this.tenantId, employee.nip, date);
    const wfaWeek = (this.book.get(wfaStream)?.state as ReturnType<typeof wfaWeekDecider.initialState> | undefined) ?? wfaWeekDecider.initialState();
    const context = {
      now,
      date,
      configuration: this.context.configuration,
      employee: this.employeeState(employee.nip),
      unit: this.unitState(employee.unitId),
      wfaWeek,
      offlineWindow: 'enforce' as const,
    };
    const data = { nip: employee.nip, mode: wfa ? ('WFA' as const) : ('WFO' as const), source: 'mobile' as const, location, deviceTime: null, deviceId: `hp-${employee.index}` };
    const metadata = commandMetadata(this.principal(employee), 'employee', kind, { correlationId: randomUUID(), source: 'mobile' }, now);
    const command = kind === 'CheckIn' ? { type: 'CheckIn' as const, data, context } : { type: 'CheckOut' as const, data, context };
    return [this.decide(streamId, attendanceDayDecider, command, metadata)];
  }

  private submit(employee: Employee, date: string, activityId: string, content: { description: string; unit: string }, minutes: number, now: string): GeneratedAppend[] {
    const streamId = streams.dailyReport(this.tenantId, employee.nip, date);
    const data = {
      activityId,
      nip: employee.nip,
      date,
      description: content.description,
      outputQuantity: 1,
      outputUnit: content.unit,
      minutes,
      skpReference: `RHK-${employee.unitId}-1`,
      evidenceLinks: [],
    };
    const metadata = commandMetadata(this.principal(employee), 'employee', 'SubmitActivity', { correlationId: randomUUID(), source: 'mobile' }, now);
    const append = this.decide(streamId, dailyReportDecider, { type: 'SubmitActivity', data, context: { now, configuration: this.context.configuration, deadlineDate: date } }, metadata);
    if (employee.supervisorNip !== null) {
      this.pendingReviews.push({ employee, date, activityId });
    }
    return [append];
  }

  private review(review: PendingReview, random: SeededRandom, now: string): GeneratedAppend[] {
    const { employee } = review;
    const reviewerNip = employee.supervisorNip;
    if (reviewerNip === null) {
      return [];
    }
    const roll = random.next();
    const decision = roll < 0.9 ? ('approved' as const) : roll < 0.95 ? ('revision_requested' as const) : ('rejected' as const);
    const note = decision === 'approved' ? null : decision === 'rejected' ? 'Tidak sesuai dengan RHK' : 'Lengkapi bukti dukung';
    const reviewer = this.employeesByNip.get(reviewerNip);
    const principal: Principal = { tenantId: this.tenantId, subject: reviewerNip, roles: reviewer?.roles ?? ['employee', 'supervisor'], nip: reviewerNip, unitId: null };
    const metadata = commandMetadata(principal, 'supervisor', 'ReviewActivity', { correlationId: randomUUID(), source: 'web' }, now);
    const streamId = streams.dailyReport(this.tenantId, employee.nip, review.date);
    const data = { activityId: review.activityId, nip: employee.nip, date: review.date, decision, note, reviewerNip };
    return [this.decide(streamId, dailyReportDecider, { type: 'ReviewActivity', data, context: { author: this.employeeState(employee.nip) } }, metadata)];
  }

  /** The tenant admin's weekly WFA form: Thursday and Friday for every employee of a participating unit. */
  private assignWfaWeek(monday: string, now: string): GeneratedAppend[] {
    const { trial } = this.context;
    const week = isoWeekOf(monday);
    const days: string[] = [];
    for (let offsetDays = 0; offsetDays < 7; offsetDays += 1) {
      const date = addDays(monday, offsetDays);
      if (isoWeekOf(date) === week && date >= trial.startDate && date <= trial.endDate && trial.wfaWeekdays.includes(weekdayOf(date)) && planDay(this.context.configuration, date).dayType === 'workday') {
        days.push(date);
      }
    }
    if (days.length === 0) {
      return [];
    }
    const admin: Principal = { tenantId: this.tenantId, subject: 'bkpsdm-admin', roles: ['tenant_admin'], nip: null, unitId: null };
    const appends: GeneratedAppend[] = [];
    for (const unitId of trial.participatingUnits) {
      const assignmentId = `wfa-${unitId}-${week}`;
      const metadata = commandMetadata(admin, 'tenant_admin', 'AssignWFADays', { correlationId: randomUUID(), source: 'admin' }, now);
      for (const employee of this.context.regency.employees) {
        if (employee.unitId !== unitId) {
          continue;
        }
        for (const date of days) {
          const data = { nip: employee.nip, date, unitId, assignmentId, scope: 'unit' as const };
          appends.push(this.decide(streams.wfaWeek(this.tenantId, employee.nip, date), wfaWeekDecider, { type: 'AssignWFADay', data, context: { configuration: this.context.configuration } }, metadata));
        }
      }
    }
    return appends;
  }

  private recordSickLeave(employee: Employee, from: string, to: string, now: string): GeneratedAppend {
    const recorder = employee.supervisorNip;
    const principal: Principal =
      recorder === null
        ? { tenantId: this.tenantId, subject: 'bkpsdm-admin', roles: ['tenant_admin'], nip: null, unitId: null }
        : { tenantId: this.tenantId, subject: recorder, roles: ['employee', 'supervisor'], nip: recorder, unitId: null };
    const metadata = commandMetadata(principal, recorder === null ? 'tenant_admin' : 'supervisor', 'RecordAbsence', { correlationId: randomUUID(), source: 'admin' }, now);
    const data = { absenceId: `sakit-${employee.nip}-${from}`, nip: employee.nip, type: 'cuti_sakit' as const, from, to, reference: `SKD-${employee.index}/${from.slice(0, 7)}`, note: null };
    return this.decide(streams.absences(this.tenantId, employee.nip), absencesDecider, { type: 'RecordAbsence', data, context: { configuration: this.context.configuration } }, metadata, true);
  }

  private closeWorkday(date: string, now: string): GeneratedAppend {
    const scheduler: Principal = { tenantId: this.tenantId, subject: 'penjadwal', roles: ['system'], nip: null, unitId: null };
    const metadata = commandMetadata(scheduler, 'system', 'CloseWorkday', { correlationId: randomUUID(), source: 'system' }, now);
    return this.decide(streams.workday(this.tenantId, date), workdayDecider, { type: 'CloseWorkday', data: { date }, context: { now, configuration: this.context.configuration } }, metadata);
  }

  /** Runs a decider on the remembered state of a stream and remembers the result. */
  private decide<Command, State, Event extends FleksiEvent>(
    streamId: string,
    decider: { initialState(): State; decide(command: Command, state: State): Event[]; evolve(state: State, event: Event): State },
    command: Command,
    metadata: CommandMetadata,
    lasting = false,
  ): GeneratedAppend {
    const record = this.book.get(streamId, lasting);
    let state = (record?.state as State | undefined) ?? decider.initialState();
    const decided = decider.decide(command, state);
    for (const event of decided) {
      state = decider.evolve(state, event);
    }
    const version = record?.version ?? 0;
    this.book.set(streamId, { version: version + decided.length, state }, lasting);
    return { streamId, firstVersion: version + 1, decided, metadata };
  }

  private principal(employee: Employee): Principal {
    return { tenantId: this.tenantId, subject: employee.nip, roles: employee.roles, nip: employee.nip, unitId: null };
  }

  private employeeState(nip: string): Extract<EmployeeState, { status: 'registered' }> {
    const state = this.context.employees.get(nip);
    if (state === undefined) {
      throw new Error(`employee ${nip} was not registered by the set-up`);
    }
    return state;
  }

  private unitState(unitId: string): Extract<UnitState, { status: 'registered' }> {
    const state = this.context.units.get(unitId);
    if (state === undefined) {
      throw new Error(`unit ${unitId} was not registered by the set-up`);
    }
    return state;
  }
}

function minutesOf(time: string): number {
  const [hours = '0', minutes = '0'] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}
