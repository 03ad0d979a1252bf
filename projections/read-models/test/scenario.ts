import {
  CheckInBody,
  compareLogPositions,
  createFleksiEventRegistry,
  RegisterTenantBody,
  START_OF_LOG,
  SubmitActivityBody,
  type AbsenceType,
  type LogPosition,
} from '@fleksi/contracts';
import {
  assignWfaDays,
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
  changeTenant,
  type ApplicationDependencies,
  type Principal,
} from '@fleksi/domain';
import { PostgresEventStore } from '@fleksi/event-store';
import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';
import { DateTime } from 'luxon';

import { activeGeneration, catchUp, createGeneration, workdaysProjection, type Generation } from '../src/index.ts';

export const TENANT = 'mamuju-tengah';
export const OFFICE = { latitude: -1.8796, longitude: 119.4665 };
export const NIP = {
  andi: '198609262015051001',
  nur: '199104112019032003',
  siti: '197501152000031002',
  rudi: '199505052020121001',
} as const;

const request = { correlationId: 'scenario' };

/** Drives the write side directly (no HTTP) with a settable clock, then projects the log. */
export class Scenario {
  now = '2026-01-05T00:00:00.000Z';
  readonly store: PostgresEventStore;
  readonly dependencies: ApplicationDependencies;
  readonly tenants: TenantCache;
  readonly admin: Principal = { tenantId: TENANT, subject: 'bkpsdm', roles: ['tenant_admin', 'system'], nip: null, unitId: null };
  /** Position of the newest event this scenario appended. */
  private lastPosition: LogPosition = START_OF_LOG;

  private constructor(readonly database: TestDatabase) {
    this.store = new PostgresEventStore(database.pool, { registry: createFleksiEventRegistry() });
    this.dependencies = { store: this.store, registry: createFleksiEventRegistry(), clock: () => this.now };
    this.tenants = new TenantCache(this.store);
  }

  static async create(): Promise<Scenario> {
    const scenario = new Scenario(await createTestDatabase());
    await scenario.seed();
    return scenario;
  }

  /** Sets the clock to a local Asia/Makassar date and time. */
  at(date: string, time: string): this {
    this.now = DateTime.fromISO(`${date}T${time}`, { zone: 'Asia/Makassar' }).toUTC().toISO() ?? '';
    return this;
  }

  employee(nip: string): Principal {
    return { tenantId: TENANT, subject: nip, roles: ['employee'], nip, unitId: null };
  }

  async checkIn(nip: string, date: string, time: string, mode: 'WFO' | 'WFA' = 'WFO'): Promise<void> {
    this.at(date, time);
    const body = CheckInBody.parse({ mode, source: 'mobile', location: { latitude: OFFICE.latitude + 0.0002, longitude: OFFICE.longitude, accuracyMeters: 10 } });
    await this.track(recordPresence(this.dependencies, this.tenants, this.employee(nip), 'CheckIn', body, request));
  }

  async checkOut(nip: string, date: string, time: string): Promise<void> {
    this.at(date, time);
    const body = CheckInBody.parse({ mode: 'WFO', source: 'mobile', location: { latitude: OFFICE.latitude, longitude: OFFICE.longitude + 0.0002, accuracyMeters: 10 } });
    await this.track(recordPresence(this.dependencies, this.tenants, this.employee(nip), 'CheckOut', body, request));
  }

  /** Checks in now with a device time recorded earlier (offline use). */
  async checkInOffline(nip: string, recordedDate: string, recordedTime: string, sentDate: string, sentTime: string): Promise<void> {
    const deviceTime = DateTime.fromISO(`${recordedDate}T${recordedTime}`, { zone: 'Asia/Makassar' }).toISO() ?? '';
    this.at(sentDate, sentTime);
    const body = CheckInBody.parse({ mode: 'WFO', source: 'mobile', deviceTime, location: { ...OFFICE, accuracyMeters: 15 } });
    await this.track(recordPresence(this.dependencies, this.tenants, this.employee(nip), 'CheckIn', body, request));
  }

  async submit(nip: string, date: string, time: string, activityId: string, minutes = 120): Promise<void> {
    this.at(date, time);
    const body = SubmitActivityBody.parse({ activityId, date, description: 'Menyusun laporan kegiatan', outputQuantity: 1, outputUnit: 'dokumen', minutes });
    await this.track(submitActivity(this.dependencies, this.tenants, this.employee(nip), body, request));
  }

  async submitLate(nip: string, date: string, activityId: string): Promise<void> {
    const nextDay = DateTime.fromISO(date).plus({ days: 1 }).toISODate() ?? date;
    this.at(nextDay, '09:00');
    const body = SubmitActivityBody.parse({ activityId, date, description: 'Laporan terlambat', outputQuantity: 1, outputUnit: 'dokumen', minutes: 60 });
    await this.track(submitActivity(this.dependencies, this.tenants, this.employee(nip), body, request));
  }

  async withdraw(nip: string, date: string, activityId: string): Promise<void> {
    await this.track(withdrawActivity(this.dependencies, this.employee(nip), { activityId, date }, request));
  }

  async review(nip: string, date: string, activityId: string, decision: 'approved' | 'rejected' | 'revision_requested'): Promise<void> {
    const supervisor: Principal = { tenantId: TENANT, subject: NIP.siti, roles: ['supervisor'], nip: NIP.siti, unitId: null };
    await this.track(reviewActivity(this.dependencies, supervisor, { nip, date, activityId, decision, note: null }, request));
  }

  async absence(nip: string, type: AbsenceType, from: string, to: string): Promise<void> {
    await this.track(recordAbsence(this.dependencies, this.tenants, this.admin, { nip, type, from, to, reference: 'SK-1', note: null }, request));
  }

  async correct(nip: string, date: string, correction: { checkInAt?: string | null; checkOutAt?: string | null }): Promise<void> {
    const toInstant = (time: string | null | undefined) =>
      time === undefined ? undefined : time === null ? null : (DateTime.fromISO(`${date}T${time}`, { zone: 'Asia/Makassar' }).toISO() ?? '');
    const checkInAt = toInstant(correction.checkInAt);
    const checkOutAt = toInstant(correction.checkOutAt);
    await this.track(correctAttendance(
      this.dependencies,
      this.admin,
      {
        nip,
        date,
        reason: 'Koreksi oleh admin kepegawaian',
        reference: 'ND-1',
        ...(checkInAt === undefined ? {} : { checkInAt }),
        ...(checkOutAt === undefined ? {} : { checkOutAt }),
      },
      request,
    ));
  }

  async assignWfa(nip: string, date: string): Promise<void> {
    await this.track(assignWfaDays(this.dependencies, this.tenants, this.admin, { nip, date }, request));
  }

  /** Closes a workday the moment its default deadline (23:59) has passed. */
  async close(date: string): Promise<void> {
    const nextDay = DateTime.fromISO(date).plus({ days: 1 }).toISODate() ?? date;
    this.at(nextDay, '00:01');
    await this.track(closeWorkday(this.dependencies, this.tenants, this.admin, { date }, request));
  }

  async declareHoliday(date: string, name: string): Promise<void> {
    await this.track(changeTenant(this.dependencies, this.admin, { type: 'DeclareCalendarDay', body: { date, kind: 'holiday', name } }, request));
  }

  /** Waits until the log reader sees every event this scenario appended. */
  async visible(): Promise<void> {
    // Readers only see transactions older than every running one in the whole
    // cluster, and other test files share the server, so this can take a moment.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const head = await this.store.headPosition();
      if (head !== undefined && compareLogPositions(head, this.lastPosition) >= 0) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error('appended events did not become visible within 15 s');
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Creates the first generation if needed and applies every event not yet applied. */
  async project(): Promise<Generation> {
    await this.visible();
    const generation = (await activeGeneration(this.database.pool, workdaysProjection.name)) ?? (await createGeneration(this.database.pool, workdaysProjection));
    await catchUp(this.database.pool, this.store, workdaysProjection, generation, { batchSize: 50 });
    return generation;
  }

  /** Remembers the position of a command run outside the helpers, so `project` waits for it. */
  async track<Result extends { position: LogPosition } | { last: { position: LogPosition } | null } | void>(work: Promise<Result>): Promise<Result> {
    const result = await work;
    const position = result === undefined ? undefined : 'position' in result ? result.position : result.last?.position;
    if (position !== undefined && compareLogPositions(position, this.lastPosition) > 0) {
      this.lastPosition = position;
    }
    return result;
  }

  async attendance(nip: string, date: string): Promise<Record<string, unknown> | undefined> {
    const generation = await this.project();
    const result = await this.database.pool.query(
      `SELECT *, to_char(date, 'YYYY-MM-DD') AS date FROM "${generation.schema}".daily_attendance WHERE tenant_id = $1 AND nip = $2 AND date = $3`,
      [TENANT, nip, date],
    );
    return result.rows[0];
  }

  async compliance(nip: string, date: string): Promise<Record<string, unknown> | undefined> {
    const generation = await this.project();
    const result = await this.database.pool.query(
      `SELECT *, to_char(date, 'YYYY-MM-DD') AS date FROM "${generation.schema}".daily_compliance WHERE tenant_id = $1 AND nip = $2 AND date = $3`,
      [TENANT, nip, date],
    );
    return result.rows[0];
  }

  private async seed(): Promise<void> {
    await this.track(registerTenant(this.dependencies, this.admin, RegisterTenantBody.parse({ tenantId: TENANT, name: 'Kabupaten Mamuju Tengah' }), request));
    await this.track(registerUnit(this.dependencies, this.admin, { unitId: 'setda', name: 'Sekretariat Daerah', geofences: [{ id: 'kantor', name: 'Kantor Bupati', ...OFFICE, radiusMeters: 150 }] }, request));
    await this.track(registerUnit(this.dependencies, this.admin, { unitId: 'dinkes', name: 'Dinas Kesehatan', geofences: [{ id: 'dinkes', name: 'Dinkes', ...OFFICE, radiusMeters: 150 }] }, request));
    const people: Array<[string, string, string, string | null]> = [
      [NIP.siti, 'Siti Rahmawati', 'setda', null],
      [NIP.andi, 'Andi Pratama', 'setda', NIP.siti],
      [NIP.nur, 'Nur Aisyah', 'setda', NIP.siti],
      [NIP.rudi, 'Rudi Hartono', 'dinkes', null],
    ];
    for (const [nip, name, unitId, supervisorNip] of people) {
      await this.track(registerEmployee(this.dependencies, this.admin, { nip, kind: 'PNS', name, unitId, supervisorNip, roles: ['employee'], domicile: null }, request));
    }
  }
}
