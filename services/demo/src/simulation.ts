import { TenantSettings, type Role } from '@fleksi/contracts';
import { DEFAULT_SCHEDULES_2026, planDay as planCalendarDay, tenantDecider, type TenantConfiguration, type TenantState } from '@fleksi/domain';
import { DateTime } from 'luxon';

import { clockTime, describeActivity, planDay, type DayPlan } from './behaviour.ts';
import type { DemoClient } from './client.ts';
import type { Random } from './random.ts';
import { offset, type Employee, type World } from './world.ts';

export const TENANT_ID = 'mamuju-tengah';
export const TRIAL = { id: 'wfa-2026', start: '2026-01-22', end: '2026-04-22' } as const;
const ZONE = 'Asia/Makassar';

/** Holidays of the baseline weeks in 2025, declared by the tenant admin like a local holiday. */
const BASELINE_HOLIDAYS_2025 = [
  { date: '2025-12-25', kind: 'holiday', name: 'Hari Raya Natal' },
  { date: '2025-12-26', kind: 'cuti_bersama', name: 'Cuti bersama Hari Raya Natal' },
] as const;

export interface SimulationOptions {
  readonly baselineStart: string;
  /** Change in the chance of an on-time daily report on WFA days, in percentage points. */
  readonly wfaEffectPoints: number;
  readonly onProgress?: (progress: { readonly date: string; readonly days: number; readonly commands: number }) => void;
}

/** Records baseline attendance from the office terminals; the fingerprint importer supplies one. */
export type BaselineAttendance = (day: string, punches: ReadonlyArray<{ employee: Employee; checkIn: number | null; checkOut: number | null }>) => Promise<void>;

export interface SimulationStats {
  days: number;
  commands: number;
  rejected: Map<string, number>;
}

/**
 * Plays the Mamuju Tengah trial through the HTTP API: set-up by the regional HR
 * agency, a baseline recorded by fingerprint terminals, then WFA every Thursday and
 * Friday from 22 January for participating units while comparison units stay in the
 * office, with daily reports, reviews, leave and every workday closed after its deadline.
 */
export class Simulation {
  readonly stats: SimulationStats = { days: 0, commands: 0, rejected: new Map() };
  private configuration: TenantConfiguration | undefined;
  private pendingReviews: Array<{ reviewer: string; nip: string; date: string; activityId: string }> = [];
  private readonly absentUntil = new Map<string, string>();

  constructor(
    private readonly client: DemoClient,
    private readonly world: World,
    private readonly random: Random,
    private readonly options: SimulationOptions,
    private readonly baselineAttendance: BaselineAttendance,
  ) {}

  /** Registers the tenant, its calendar, units, employees, the trial and the WFA days. */
  async setUp(): Promise<void> {
    const day = DateTime.fromISO(this.options.baselineStart, { zone: ZONE }).minus({ days: 3 }).toISODate() ?? '';
    const time = this.at(day, 9 * 60);
    const system = await this.client.token('penyedia-layanan', ['system']);
    const admin = await this.client.token('bkpsdm-admin', ['tenant_admin']);

    await this.expect('register-tenant', system, { tenantId: TENANT_ID, name: 'Pemerintah Kabupaten Mamuju Tengah' }, time);
    // The national defaults start in 2026; the baseline weeks of 2025 need the same hours.
    const normal = DEFAULT_SCHEDULES_2026.find((schedule) => schedule.id === 'normal');
    await this.expect('define-work-schedule', admin, { schedule: { ...normal, effectiveFrom: '2025-01-01' } }, time);
    for (const holiday of BASELINE_HOLIDAYS_2025) {
      await this.expect('declare-calendar-day', admin, holiday, time);
    }
    this.configuration = this.localConfiguration();

    for (const unit of this.world.units) {
      await this.expect(
        'register-unit',
        admin,
        { unitId: unit.id, name: unit.name, geofences: [{ id: `${unit.id}-kantor`, name: `Kantor ${unit.name}`.slice(0, 120), ...unit.office, radiusMeters: 150 }] },
        time,
      );
    }
    await this.importEmployees(admin, time);

    const participating = this.world.units.filter((unit) => !unit.comparison).map((unit) => unit.id);
    const comparison = this.world.units.filter((unit) => unit.comparison).map((unit) => unit.id);
    const definition = {
      trialId: TRIAL.id,
      name: 'Uji coba WFA Kabupaten Mamuju Tengah 2026',
      startDate: TRIAL.start,
      endDate: TRIAL.end,
      wfaWeekdays: ['thursday', 'friday'],
      participatingUnits: participating,
      comparisonUnits: comparison,
      baselineStart: this.options.baselineStart,
      baselineEnd: '2026-01-21',
      margins: {},
    };
    await this.expect('define-trial', admin, { definition }, time);
    for (const unitId of participating) {
      await this.expect('assign-wfa-days', admin, { unitId, weekdays: ['thursday', 'friday'], from: TRIAL.start, to: TRIAL.end }, time);
    }
  }

  /** Plays every day from the baseline start to the end of the trial. */
  async play(): Promise<void> {
    for (let day = DateTime.fromISO(this.options.baselineStart, { zone: ZONE }); day.toISODate()! <= TRIAL.end; day = day.plus({ days: 1 })) {
      const date = day.toISODate() ?? '';
      const plan = planCalendarDay(this.requireConfiguration(), date);
      await this.reviewPending(date);
      if (plan.dayType !== 'workday' || plan.hours === null) {
        continue;
      }
      await this.playWorkday(date, day, plan.hours.start, plan.hours.end, plan.scheduleKind === 'ramadan');
      await this.expect('close-workday', await this.client.token('penjadwal', ['system']), { date }, this.at(day.plus({ days: 1 }).toISODate() ?? date, 5));
      this.stats.days += 1;
      if (this.stats.days % 10 === 0) {
        this.options.onProgress?.({ date, days: this.stats.days, commands: this.stats.commands });
      }
    }
  }

  private async playWorkday(date: string, day: DateTime, start: string, end: string, ramadan: boolean): Promise<void> {
    const inTrial = date >= TRIAL.start;
    const thursdayOrFriday = day.weekday === 4 || day.weekday === 5;
    const startMinutes = minutesOf(start);
    const endMinutes = minutesOf(end);
    const punches: Array<{ employee: Employee; checkIn: number | null; checkOut: number | null }> = [];

    // Each employee's day runs on its own, so requests of different people overlap.
    await Promise.all(
      this.world.employees.map(async (employee) => {
        const random = this.random.fork(`${employee.nip}:${date}`);
        if (await this.startsAbsence(employee, date, day, random)) {
          return;
        }
        if ((this.absentUntil.get(employee.nip) ?? '') >= date || random.chance(0.015)) {
          return;
        }
        const unit = this.world.units.find((candidate) => candidate.id === employee.unitId);
        const wfa = inTrial && thursdayOrFriday && unit?.comparison === false;
        const plan = planDay(employee, { startMinutes, endMinutes, wfa, friday: day.weekday === 5, ramadan, wfaEffectPoints: this.options.wfaEffectPoints }, random);
        // Before the trial the office terminals record attendance; from the trial on, the app.
        if (inTrial) {
          await this.attendViaApp(employee, plan, date, wfa);
        } else {
          punches.push({ employee, checkIn: plan.checkIn, checkOut: plan.checkOut });
        }
        await this.report(employee, plan, date);
      }),
    );
    if (!inTrial) {
      punches.sort((left, right) => left.employee.pin.localeCompare(right.employee.pin));
      await this.baselineAttendance(date, punches);
    }
  }

  private async attendViaApp(employee: Employee, plan: DayPlan, date: string, wfa: boolean): Promise<void> {
    if (plan.checkIn === null) {
      return;
    }
    const token = await this.client.token(employee.nip, ['employee'], { nip: employee.nip });
    const unit = this.world.units.find((candidate) => candidate.id === employee.unitId);
    const random = this.random.fork(`location:${employee.nip}:${date}`);
    const place = wfa ? offset(employee.domicile, random.integer(-30, 30), random.integer(-30, 30)) : offset(unit?.office ?? employee.domicile, random.integer(-60, 60), random.integer(-60, 60));
    const location = { ...place, accuracyMeters: random.integer(5, 40) };

    if (plan.fakeLocationAttempt && !wfa) {
      // A check-in "at the office" sent from home; the geofence rejects it and the attempt is kept for review.
      await this.send('check-in', token, { mode: 'WFO', source: 'mobile', location: { ...employee.domicile, accuracyMeters: 3 }, deviceId: `hp-${employee.pin}` }, this.at(date, plan.checkIn - 20));
    }
    await this.send('check-in', token, { mode: wfa ? 'WFA' : 'WFO', source: 'mobile', location, deviceId: `hp-${employee.pin}` }, this.at(date, plan.checkIn), `in-${employee.nip}-${date}`);
    if (plan.checkOut !== null) {
      await this.send('check-out', token, { mode: wfa ? 'WFA' : 'WFO', source: 'mobile', location, deviceId: `hp-${employee.pin}` }, this.at(date, plan.checkOut), `out-${employee.nip}-${date}`);
    }
  }

  private async report(employee: Employee, plan: DayPlan, date: string): Promise<void> {
    if (plan.reportAt === null) {
      return;
    }
    const token = await this.client.token(employee.nip, ['employee'], { nip: employee.nip });
    const activityId = `${employee.nip}-${date}-1`;
    const content = describeActivity(this.random.fork(activityId));
    const reportDate = plan.reportAt >= 1_440 ? (DateTime.fromISO(date).plus({ days: 1 }).toISODate() ?? date) : date;
    const outcome = await this.send(
      'submit-activity',
      token,
      { activityId, date, ...content, minutes: plan.reportMinutes, skpReference: `RHK-${employee.unitId}-1` },
      this.at(reportDate, plan.reportAt % 1_440),
      `act-${activityId}`,
    );
    if (outcome === 201 && employee.supervisorNip !== null) {
      this.pendingReviews.push({ reviewer: employee.supervisorNip, nip: employee.nip, date, activityId });
    }
  }

  /** Supervisors review yesterday's activities in the morning. */
  private async reviewPending(today: string): Promise<void> {
    const due = this.pendingReviews.filter((review) => review.date < today);
    this.pendingReviews = this.pendingReviews.filter((review) => review.date >= today);
    await Promise.all(
      due.map(async (review) => {
        const random = this.random.fork(`review:${review.activityId}`);
        const token = await this.client.token(review.reviewer, ['employee', 'supervisor'], { nip: review.reviewer });
        const roll = random.next();
        const decision = roll < 0.9 ? 'approved' : roll < 0.95 ? 'revision_requested' : 'rejected';
        const note = decision === 'approved' ? null : decision === 'rejected' ? 'Tidak sesuai dengan RHK' : 'Lengkapi bukti dukung';
        await this.send('review-activity', token, { nip: review.nip, date: review.date, activityId: review.activityId, decision, note }, this.at(today, 8 * 60 + random.integer(0, 120)));
      }),
    );
  }

  /** Sick leave and annual leave spells, recorded by the supervisor or unit admin with a letter number. */
  private async startsAbsence(employee: Employee, date: string, day: DateTime, random: Random): Promise<boolean> {
    if ((this.absentUntil.get(employee.nip) ?? '') >= date) {
      return true;
    }
    const sick = random.chance(0.006);
    const leave = !sick && random.chance(0.003);
    if (!sick && !leave) {
      return false;
    }
    const length = sick ? random.integer(1, 3) : random.integer(2, 4);
    const to = day.plus({ days: length - 1 }).toISODate() ?? date;
    const recorder = employee.supervisorNip ?? employee.nip;
    const token = employee.supervisorNip === null ? await this.client.token('bkpsdm-admin', ['tenant_admin']) : await this.client.token(recorder, ['employee', 'supervisor'], { nip: recorder });
    const status = await this.send(
      'record-absence',
      token,
      { nip: employee.nip, type: sick ? 'cuti_sakit' : 'cuti_tahunan', from: date, to, reference: `${sick ? 'SKD' : 'SC'}-${employee.pin}/${date.slice(0, 7)}` },
      this.at(date, 7 * 60),
      `absence-${employee.nip}-${date}`,
    );
    if (status === 201) {
      this.absentUntil.set(employee.nip, to);
      return true;
    }
    return false;
  }

  private async importEmployees(adminToken: string, time: string): Promise<void> {
    const header = 'nip,kind,name,unitId,supervisorNip,roles,domicileLatitude,domicileLongitude';
    const lines = this.world.employees.map((employee) =>
      [employee.nip, employee.kind, employee.name, employee.unitId, employee.supervisorNip ?? '', employee.roles.join('|'), employee.domicile.latitude, employee.domicile.longitude].join(','),
    );
    const outcome = await this.client.postCsv('/v1/commands/import-employees', adminToken, [header, ...lines].join('\n'), time);
    const registered = Number(outcome.body['registered'] ?? 0);
    if (registered !== this.world.employees.length) {
      throw new Error(`employee import registered ${registered} of ${this.world.employees.length}: ${JSON.stringify(outcome.body).slice(0, 500)}`);
    }
    this.stats.commands += this.world.employees.length;
  }

  private async send(name: string, token: string, body: unknown, time: string, idempotencyKey?: string): Promise<number> {
    const outcome = await this.client.command(name, token, body, { simulatedTime: time, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) });
    this.stats.commands += 1;
    if (outcome.status >= 400) {
      const code = String(outcome.body['code'] ?? outcome.status);
      this.stats.rejected.set(code, (this.stats.rejected.get(code) ?? 0) + 1);
    }
    return outcome.status;
  }

  private async expect(name: string, token: string, body: unknown, time: string): Promise<void> {
    const outcome = await this.client.command(name, token, body, { simulatedTime: time });
    this.stats.commands += 1;
    if (outcome.status >= 300) {
      throw new Error(`${name} failed with ${outcome.status}: ${JSON.stringify(outcome.body).slice(0, 500)}`);
    }
  }

  private at(date: string, minutes: number): string {
    return DateTime.fromISO(`${date}T${clockTime(minutes)}`, { zone: ZONE }).toUTC().toISO() ?? '';
  }

  private requireConfiguration(): TenantConfiguration {
    if (this.configuration === undefined) {
      throw new Error('set up the tenant before playing days');
    }
    return this.configuration;
  }

  /** The same calendar the server holds, folded locally so the simulator knows which days are workdays. */
  private localConfiguration(): TenantConfiguration {
    let state: TenantState = tenantDecider.initialState();
    const commands = [
      { type: 'RegisterTenant' as const, data: { tenantId: TENANT_ID, name: 'Pemerintah Kabupaten Mamuju Tengah', settings: TenantSettings.parse({}), preloadNationalCalendar: true } },
      { type: 'DefineWorkSchedule' as const, data: { schedule: { ...DEFAULT_SCHEDULES_2026[0]!, effectiveFrom: '2025-01-01' } } },
      ...BASELINE_HOLIDAYS_2025.map((holiday) => ({ type: 'DeclareCalendarDay' as const, data: { ...holiday } })),
    ];
    for (const command of commands) {
      for (const event of tenantDecider.decide(command, state)) {
        state = tenantDecider.evolve(state, event);
      }
    }
    if (state.status !== 'registered') {
      throw new Error('local tenant configuration did not register');
    }
    return state.configuration;
  }
}

function minutesOf(time: string): number {
  const [hours = '0', minutes = '0'] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}

export type { Role };
