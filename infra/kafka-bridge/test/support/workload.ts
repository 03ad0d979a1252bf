import {
  CheckInBody,
  compareLogPositions,
  createFleksiEventRegistry,
  RegisterTenantBody,
  START_OF_LOG,
  SubmitActivityBody,
  type LogPosition,
} from '@fleksi/contracts';
import {
  assignWfaDays,
  changeTenant,
  closeWorkday,
  correctAttendance,
  recordAbsence,
  recordPresence,
  registerEmployee,
  registerTenant,
  registerUnit,
  reviewActivity,
  submitActivity,
  TenantCache,
  withdrawActivity,
  type ApplicationDependencies,
  type CommandResult,
  type Principal,
} from '@fleksi/domain';
import { PostgresEventStore } from '@fleksi/event-store';
import type { TestDatabase } from '@fleksi/test-support';
import { DateTime } from 'luxon';

export const MONTH = '2026-02';
const OFFICE = { latitude: -2.6748, longitude: 118.8888 };
const UNITS = ['setda', 'dinkes', 'disdik', 'bappeda'] as const;
const request = { correlationId: 'kafka-bridge-workload' };

/** Deterministic pseudo-random numbers (mulberry32), so every run plays the same month. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const clock = (total: number): string => `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;

/** Builds an 18-digit NIP from a birth date, an appointment month, the sex digit and a serial number. */
function nipOf(index: number): string {
  const year = 1970 + (index % 30);
  const month = String(1 + (index % 12)).padStart(2, '0');
  const day = String(1 + (index % 28)).padStart(2, '0');
  return `${year}${month}${day}2010${month}${index % 2 === 0 ? 1 : 2}${String(index + 1).padStart(3, '0')}`;
}

/**
 * Drives the write side through the application services with a settable clock, as
 * a month of several small regional governments. Each tenant has four units and
 * `employeesPerTenant` employees with supervisors. The month has check-ins and
 * check-outs, daily reports, reviews, leave, WFA days, corrections, a holiday
 * declared late, and every workday closed.
 */
export class Workload {
  now = '2026-01-05T00:00:00.000Z';
  readonly store: PostgresEventStore;
  readonly tenantIds: string[];
  readonly nips: string[];
  commands = 0;
  private readonly dependencies: ApplicationDependencies;
  private readonly tenants: TenantCache;
  private lastPosition: LogPosition = START_OF_LOG;

  constructor(
    readonly database: TestDatabase,
    tenants: number,
    employeesPerTenant: number,
  ) {
    this.store = new PostgresEventStore(database.pool, { registry: createFleksiEventRegistry() });
    this.dependencies = { store: this.store, registry: createFleksiEventRegistry(), clock: () => this.now };
    this.tenants = new TenantCache(this.store);
    this.tenantIds = Array.from({ length: tenants }, (_, index) => `kabupaten-uji-${index + 1}`);
    this.nips = Array.from({ length: employeesPerTenant }, (_, index) => nipOf(index));
  }

  private admin(tenantId: string): Principal {
    return { tenantId, subject: 'bkpsdm', roles: ['tenant_admin', 'system'], nip: null, unitId: null };
  }

  /** Position of the newest event this workload appended. */
  get position(): LogPosition {
    return this.lastPosition;
  }

  async seed(): Promise<void> {
    for (const tenantId of this.tenantIds) {
      await this.seedTenant(tenantId);
    }
  }

  private async seedTenant(tenantId: string): Promise<void> {
    const admin = this.admin(tenantId);
    await this.run(registerTenant(this.dependencies, admin, RegisterTenantBody.parse({ tenantId, name: `Kabupaten ${tenantId}` }), request));
    for (const unitId of UNITS) {
      await this.run(
        registerUnit(this.dependencies, admin, { unitId, name: `Unit ${unitId}`, geofences: [{ id: `${unitId}-kantor`, name: 'Kantor', ...OFFICE, radiusMeters: 200 }] }, request),
      );
    }
    for (const [index, nip] of this.nips.entries()) {
      const unitId = UNITS[index % UNITS.length] ?? 'setda';
      // The first employee of each unit supervises the others.
      const supervisorNip = index < UNITS.length ? null : (this.nips[index % UNITS.length] ?? null);
      await this.run(
        registerEmployee(this.dependencies, admin, { nip, kind: index % 5 === 4 ? 'PPPK' : 'PNS', name: `Pegawai ${index}`, unitId, supervisorNip, roles: ['employee'], domicile: null }, request),
      );
    }
  }

  /** Plays the workdays from `from` to `to` (inclusive) of February 2026. */
  async playDays(from: number, to: number, seed = 17): Promise<void> {
    const next = random(seed + from);
    for (let dayOfMonth = from; dayOfMonth <= to; dayOfMonth += 1) {
      const day = DateTime.fromISO(`${MONTH}-${String(dayOfMonth).padStart(2, '0')}`);
      const date = day.toISODate() ?? '';
      // Weekends, the national holidays of 16 and 17 February 2026 and the regional
      // holiday this workload declares stay without work and unclosed.
      if (day.weekday > 5 || date === '2026-02-16' || date === '2026-02-17' || date === '2026-02-20') {
        continue;
      }
      for (const tenantId of this.tenantIds) {
        if (date === '2026-02-10') {
          // Declared after WFA days of that date were assigned: re-derives existing rows.
          const body = { date: '2026-02-20', kind: 'holiday' as const, name: 'Hari libur daerah' };
          await this.run(changeTenant(this.dependencies, this.admin(tenantId), { type: 'DeclareCalendarDay', body }, request));
        }
        for (const [index, nip] of this.nips.entries()) {
          await this.playEmployeeDay(next, tenantId, index, nip, day);
        }
        await this.close(tenantId, date);
      }
    }
  }

  private async playEmployeeDay(next: () => number, tenantId: string, index: number, nip: string, day: DateTime): Promise<void> {
    const date = day.toISODate() ?? '';
    const admin = this.admin(tenantId);
    if (index % 9 === 3 && day.day >= 9 && day.day <= 10) {
      if (day.day === 9) {
        await this.run(recordAbsence(this.dependencies, this.tenants, admin, { nip, type: 'cuti_sakit', from: '2026-02-09', to: '2026-02-10', reference: 'SK-7', note: null }, request));
      }
      return;
    }

    const wfa = (day.weekday === 4 || day.weekday === 5) && index % 3 !== 0;
    if (wfa) {
      await this.run(assignWfaDays(this.dependencies, this.tenants, admin, { nip, date }, request));
    }

    const roll = next();
    if (roll < 0.04) {
      return;
    }
    const start = 7 * 60 + 30;
    const arrival = start - 20 + Math.floor(next() * (roll < 0.25 ? 75 : 25));
    await this.checkIn(tenantId, nip, date, clock(arrival), wfa ? 'WFA' : 'WFO');
    if (next() > 0.07) {
      await this.checkOut(tenantId, nip, date, clock(15 * 60 + 30 + Math.floor(next() * 80)));
    }

    if (next() < 0.85) {
      const activityId = `a-${index}-${day.day}`;
      const late = next() < 0.1;
      this.at(late ? (day.plus({ days: 1 }).toISODate() ?? date) : date, late ? '09:00' : '15:00');
      const body = SubmitActivityBody.parse({ activityId, date, description: 'Menyusun laporan harian', outputQuantity: 1, outputUnit: 'dokumen', minutes: 30 + Math.floor(next() * 300) });
      await this.run(submitActivity(this.dependencies, this.tenants, this.employee(tenantId, nip), body, request));
      const review = next();
      const supervisorNip = index < UNITS.length ? undefined : this.nips[index % UNITS.length];
      if (supervisorNip !== undefined && review < 0.5) {
        const supervisor: Principal = { tenantId, subject: supervisorNip, roles: ['supervisor'], nip: supervisorNip, unitId: null };
        await this.run(reviewActivity(this.dependencies, supervisor, { nip, date, activityId, decision: review < 0.4 ? 'approved' : 'rejected', note: null }, request));
      } else if (review > 0.96) {
        await this.run(withdrawActivity(this.dependencies, this.employee(tenantId, nip), { activityId, date }, request));
      }
    }

    if (index % 11 === 5 && day.day % 7 === 3) {
      const toInstant = (time: string): string => DateTime.fromISO(`${date}T${time}`, { zone: 'Asia/Makassar' }).toISO() ?? '';
      await this.run(
        correctAttendance(this.dependencies, admin, { nip, date, reason: 'Koreksi mesin presensi', reference: 'ND-3', checkInAt: toInstant('07:28'), checkOutAt: toInstant('16:02') }, request),
      );
    }
  }

  /** Waits until the log reader sees every event this workload appended. */
  async visible(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const head = await this.store.headPosition();
      if (head !== undefined && compareLogPositions(head, this.lastPosition) >= 0) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error('appended events did not become visible within 30 s');
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private employee(tenantId: string, nip: string): Principal {
    return { tenantId, subject: nip, roles: ['employee'], nip, unitId: null };
  }

  private at(date: string, time: string): void {
    this.now = DateTime.fromISO(`${date}T${time}`, { zone: 'Asia/Makassar' }).toUTC().toISO() ?? '';
  }

  private async checkIn(tenantId: string, nip: string, date: string, time: string, mode: 'WFO' | 'WFA'): Promise<void> {
    this.at(date, time);
    const body = CheckInBody.parse({ mode, source: 'mobile', location: { latitude: OFFICE.latitude + 0.0003, longitude: OFFICE.longitude, accuracyMeters: 12 } });
    await this.run(recordPresence(this.dependencies, this.tenants, this.employee(tenantId, nip), 'CheckIn', body, request));
  }

  private async checkOut(tenantId: string, nip: string, date: string, time: string): Promise<void> {
    this.at(date, time);
    const body = CheckInBody.parse({ mode: 'WFO', source: 'mobile', location: { latitude: OFFICE.latitude, longitude: OFFICE.longitude + 0.0003, accuracyMeters: 12 } });
    await this.run(recordPresence(this.dependencies, this.tenants, this.employee(tenantId, nip), 'CheckOut', body, request));
  }

  private async close(tenantId: string, date: string): Promise<void> {
    this.at(DateTime.fromISO(date).plus({ days: 1 }).toISODate() ?? date, '00:01');
    await this.run(closeWorkday(this.dependencies, this.tenants, this.admin(tenantId), { date }, request));
  }

  private async run(work: Promise<CommandResult | { readonly last: CommandResult | null } | void>): Promise<void> {
    const result = await work;
    this.commands += 1;
    let position: LogPosition | undefined;
    if (result !== undefined) {
      position = 'position' in result ? result.position : result.last?.position;
    }
    if (position !== undefined && compareLogPositions(position, this.lastPosition) > 0) {
      this.lastPosition = position;
    }
  }
}
