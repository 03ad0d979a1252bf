import type { EventData, FleksiEventType, RecordedEvent } from '@fleksi/contracts';
import { datesBetween } from '@fleksi/domain';
import type pg from 'pg';

import type { Projection, ProjectionContext } from '../runtime/projection.ts';
import { applyActivityEvent, applyAttendanceEvent, NO_ATTENDANCE, type ActivityFacts, type AttendanceFacts } from './facts.ts';
import { recomputeDays, type DayKey } from './recompute.ts';
import { createWorkdayTables, POSTPONED_DAYS_COLUMNS } from './schema.ts';
import { TenantStates } from './tenant-state.ts';

const TENANT_EVENTS = new Set<FleksiEventType>([
  'TenantRegistered',
  'TenantSettingsChanged',
  'WorkScheduleDefined',
  'WorkScheduleRemoved',
  'CalendarDayDeclared',
  'CalendarDayRemoved',
]);

const HANDLED: readonly FleksiEventType[] = [
  ...TENANT_EVENTS,
  'UnitRegistered',
  'EmployeeRegistered',
  'EmployeeTransferred',
  'WFADayAssigned',
  'WFADayRevoked',
  'AbsenceRecorded',
  'AbsenceCancelled',
  'WorkdayClosed',
  'CheckedIn',
  'CheckedOut',
  'AttendanceCorrected',
  'ActivitySubmitted',
  'ActivityRevised',
  'ActivityWithdrawn',
  'ActivityReviewed',
  'TrialDefined',
  'UnitShiftDefined',
  'UnitShiftRemoved',
  'RosterPublished',
  'RosterCleared',
];

function data<T extends FleksiEventType>(event: RecordedEvent, _type: T): EventData<T> {
  return event.data as EventData<T>;
}

/**
 * Daily attendance, monthly recap input and daily report compliance per employee and
 * date. Facts (check-ins, activities, leave, WFA days, closed days) are stored as they
 * arrive; the derived rows of every employee-day a batch touches are then recomputed
 * from the facts, so replaying or reordering events across streams converges on the
 * same rows.
 */
export const workdaysProjection: Projection = {
  name: 'workdays',
  version: 3,
  eventTypes: new Set<string>(HANDLED),

  setup: (client, schema) => createWorkdayTables(client, schema),

  async apply({ client, schema, catchingUp }: ProjectionContext, events: readonly RecordedEvent[]): Promise<void> {
    const tenants = new TenantStates(client, schema);
    await tenants.load(events.map((event) => event.metadata.tenantId));
    const touched = new DayKeys();
    const wide: WideChange[] = [];

    // 1. Context and facts, in log order.
    const facts = await FactBuffer.load(client, schema, events);
    for (const event of events) {
      if (TENANT_EVENTS.has(event.type as FleksiEventType)) {
        tenants.apply(event);
        wide.push(tenantWideChange(event));
        continue;
      }
      await applyEvent(client, schema, event, facts, touched, wide);
    }
    await tenants.save();
    await facts.flush();

    // 2. Every employee-day whose inputs changed is derived again: now, or while a new
    //    generation catches up, once at the end. A day touched by many batches of a
    //    rebuild is then derived once instead of once per batch.
    for (const change of wide) {
      for (const key of await existingKeys(client, schema, change)) {
        touched.add(key);
      }
    }
    if (catchingUp) {
      await postponeDays(client, schema, touched.list());
      return;
    }
    for (const key of await takePostponedDays(client, schema)) {
      touched.add(key);
    }
    await recomputeDays(client, schema, touched.list(), (tenantId) => tenants.load([tenantId]).then(() => tenants.configuration(tenantId)));
  },
};

/** Schemas known to have the postponed_days table; generations made before it lack one until first used. */
const withPostponedTable = new Set<string>();

async function ensurePostponedTable(client: pg.PoolClient, s: string): Promise<void> {
  if (!withPostponedTable.has(s)) {
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.postponed_days (${POSTPONED_DAYS_COLUMNS})`);
    withPostponedTable.add(s);
  }
}

async function postponeDays(client: pg.PoolClient, s: string, keys: readonly DayKey[]): Promise<void> {
  await ensurePostponedTable(client, s);
  if (keys.length === 0) {
    return;
  }
  await client.query(
    `INSERT INTO ${s}.postponed_days SELECT * FROM unnest($1::text[], $2::text[], $3::date[]) ON CONFLICT DO NOTHING`,
    [keys.map((key) => key.tenantId), keys.map((key) => key.nip), keys.map((key) => key.date)],
  );
}

async function takePostponedDays(client: pg.PoolClient, s: string): Promise<DayKey[]> {
  await ensurePostponedTable(client, s);
  const postponed = await client.query<{ tenant_id: string; nip: string; date: string }>(
    `DELETE FROM ${s}.postponed_days RETURNING tenant_id, nip, to_char(date, 'YYYY-MM-DD') AS date`,
  );
  return postponed.rows.map((row) => ({ tenantId: row.tenant_id, nip: row.nip, date: row.date }));
}

/** A change that may alter rows already derived, over a whole tenant or one employee. */
type WideChange = { tenantId: string; nip?: string; from?: string; to?: string };

function tenantWideChange(event: RecordedEvent): WideChange {
  const tenantId = event.metadata.tenantId;
  switch (event.type) {
    case 'CalendarDayDeclared':
    case 'CalendarDayRemoved': {
      const { date } = data(event, 'CalendarDayDeclared');
      return { tenantId, from: date, to: date };
    }
    case 'WorkScheduleDefined': {
      const { schedule } = data(event, 'WorkScheduleDefined');
      return { tenantId, from: schedule.effectiveFrom, ...(schedule.effectiveTo === null ? {} : { to: schedule.effectiveTo }) };
    }
    default:
      return { tenantId };
  }
}

async function applyEvent(
  client: pg.PoolClient,
  s: string,
  event: RecordedEvent,
  facts: FactBuffer,
  touched: DayKeys,
  wide: WideChange[],
): Promise<void> {
  const tenantId = event.metadata.tenantId;
  switch (event.type) {
    case 'UnitRegistered': {
      const unit = data(event, 'UnitRegistered');
      await client.query(`INSERT INTO ${s}.units VALUES ($1, $2, $3) ON CONFLICT (tenant_id, unit_id) DO UPDATE SET name = excluded.name`, [tenantId, unit.unitId, unit.name]);
      return;
    }
    case 'EmployeeRegistered': {
      const employee = data(event, 'EmployeeRegistered');
      await client.query(
        `INSERT INTO ${s}.employees VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, nip) DO UPDATE SET name = excluded.name, kind = excluded.kind, unit_id = excluded.unit_id,
           supervisor_nip = excluded.supervisor_nip, roles = excluded.roles`,
        [tenantId, employee.nip, employee.name, employee.kind, employee.unitId, employee.supervisorNip, employee.roles],
      );
      // Registered from the start of time: the first unit holds until a transfer says otherwise.
      await client.query(`INSERT INTO ${s}.employee_units VALUES ($1, $2, '0001-01-01', $3) ON CONFLICT (tenant_id, nip, effective_from) DO UPDATE SET unit_id = excluded.unit_id`, [
        tenantId,
        employee.nip,
        employee.unitId,
      ]);
      wide.push({ tenantId, nip: employee.nip });
      return;
    }
    case 'EmployeeTransferred': {
      const transfer = data(event, 'EmployeeTransferred');
      await client.query(`UPDATE ${s}.employees SET unit_id = $3, supervisor_nip = $4 WHERE tenant_id = $1 AND nip = $2`, [tenantId, transfer.nip, transfer.toUnitId, transfer.supervisorNip]);
      await client.query(`INSERT INTO ${s}.employee_units VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, nip, effective_from) DO UPDATE SET unit_id = excluded.unit_id`, [
        tenantId,
        transfer.nip,
        transfer.effectiveDate,
        transfer.toUnitId,
      ]);
      wide.push({ tenantId, nip: transfer.nip, from: transfer.effectiveDate });
      return;
    }
    case 'WFADayAssigned':
    case 'WFADayRevoked': {
      const { nip, date } = data(event, 'WFADayAssigned');
      const sql =
        event.type === 'WFADayAssigned'
          ? `INSERT INTO ${s}.wfa_days VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`
          : `DELETE FROM ${s}.wfa_days WHERE tenant_id = $1 AND nip = $2 AND date = $3`;
      await client.query(sql, [tenantId, nip, date]);
      touched.add({ tenantId, nip, date });
      return;
    }
    case 'AbsenceRecorded': {
      const absence = data(event, 'AbsenceRecorded');
      await client.query(
        `INSERT INTO ${s}.absences VALUES ($1, $2, $3, $4, $5, $6, $7, false)
         ON CONFLICT (tenant_id, nip, absence_id) DO UPDATE SET type = excluded.type, date_from = excluded.date_from, date_to = excluded.date_to, reference = excluded.reference`,
        [tenantId, absence.nip, absence.absenceId, absence.type, absence.from, absence.to, absence.reference],
      );
      for (const date of datesBetween(absence.from, absence.to)) {
        touched.add({ tenantId, nip: absence.nip, date });
      }
      return;
    }
    case 'AbsenceCancelled': {
      const cancelled = data(event, 'AbsenceCancelled');
      const result = await client.query<{ date_from: string; date_to: string }>(
        `UPDATE ${s}.absences SET cancelled = true WHERE tenant_id = $1 AND nip = $2 AND absence_id = $3
         RETURNING to_char(date_from, 'YYYY-MM-DD') AS date_from, to_char(date_to, 'YYYY-MM-DD') AS date_to`,
        [tenantId, cancelled.nip, cancelled.absenceId],
      );
      for (const row of result.rows) {
        for (const date of datesBetween(row.date_from, row.date_to)) {
          touched.add({ tenantId, nip: cancelled.nip, date });
        }
      }
      return;
    }
    case 'TrialDefined': {
      const { definition, revision } = data(event, 'TrialDefined');
      const previous = await client.query<{ definition: { baselineStart: string; endDate: string } }>(
        `SELECT definition FROM ${s}.trials WHERE tenant_id = $1 AND trial_id = $2`,
        [tenantId, definition.trialId],
      );
      await client.query(
        `INSERT INTO ${s}.trials VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, trial_id) DO UPDATE SET revision = excluded.revision, definition = excluded.definition, defined_at = excluded.defined_at`,
        [tenantId, definition.trialId, revision, JSON.stringify(definition), event.recordedAt],
      );
      // Relabel the days of the old and the new definition's periods.
      const old = previous.rows[0]?.definition;
      const from = old === undefined || definition.baselineStart < old.baselineStart ? definition.baselineStart : old.baselineStart;
      const to = old === undefined || definition.endDate > old.endDate ? definition.endDate : old.endDate;
      wide.push({ tenantId, from, to });
      return;
    }
    case 'UnitShiftDefined':
    case 'UnitShiftRemoved': {
      const { unitId } = data(event, 'UnitShiftRemoved');
      const shiftId = event.type === 'UnitShiftDefined' ? data(event, 'UnitShiftDefined').shift.shiftId : data(event, 'UnitShiftRemoved').shiftId;
      if (event.type === 'UnitShiftDefined') {
        await client.query(`INSERT INTO ${s}.unit_shifts VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, unit_id, shift_id) DO UPDATE SET definition = excluded.definition`, [
          tenantId,
          unitId,
          shiftId,
          JSON.stringify(data(event, 'UnitShiftDefined').shift),
        ]);
      } else {
        await client.query(`DELETE FROM ${s}.unit_shifts WHERE tenant_id = $1 AND unit_id = $2 AND shift_id = $3`, [tenantId, unitId, shiftId]);
      }
      // Days rostered on this shift are judged against its new hours.
      const rostered = await client.query<{ nip: string; date: string }>(
        `SELECT nip, to_char(date, 'YYYY-MM-DD') AS date FROM ${s}.rosters WHERE tenant_id = $1 AND unit_id = $2 AND shift_id = $3`,
        [tenantId, unitId, shiftId],
      );
      for (const row of rostered.rows) {
        touched.add({ tenantId, nip: row.nip, date: row.date });
      }
      return;
    }
    case 'RosterPublished': {
      const roster = data(event, 'RosterPublished');
      await client.query(
        `INSERT INTO ${s}.rosters SELECT $1, $2, date, $3, shift_id FROM unnest($4::date[], $5::text[]) AS e(date, shift_id)
         ON CONFLICT (tenant_id, nip, date) DO UPDATE SET unit_id = excluded.unit_id, shift_id = excluded.shift_id`,
        [tenantId, roster.nip, roster.unitId, roster.entries.map((entry) => entry.date), roster.entries.map((entry) => entry.shiftId)],
      );
      for (const entry of roster.entries) {
        touched.add({ tenantId, nip: roster.nip, date: entry.date });
      }
      return;
    }
    case 'RosterCleared': {
      const cleared = data(event, 'RosterCleared');
      await client.query(`DELETE FROM ${s}.rosters WHERE tenant_id = $1 AND nip = $2 AND date = ANY($3::date[])`, [tenantId, cleared.nip, cleared.dates]);
      for (const date of cleared.dates) {
        touched.add({ tenantId, nip: cleared.nip, date });
      }
      return;
    }
    case 'WorkdayClosed': {
      const { date } = data(event, 'WorkdayClosed');
      await client.query(`INSERT INTO ${s}.closed_days VALUES ($1, $2) ON CONFLICT DO NOTHING`, [tenantId, date]);
      // Everyone registered by now is expected at work that day.
      const employees = await client.query<{ nip: string }>(`SELECT nip FROM ${s}.employees WHERE tenant_id = $1`, [tenantId]);
      for (const { nip } of employees.rows) {
        touched.add({ tenantId, nip, date });
      }
      return;
    }
    default:
      facts.apply(event);
      touched.add(facts.keyOf(event));
  }
}

async function existingKeys(client: pg.PoolClient, s: string, change: WideChange): Promise<DayKey[]> {
  const result = await client.query<{ nip: string; date: string }>(
    `SELECT nip, to_char(date, 'YYYY-MM-DD') AS date FROM (
       SELECT nip, date FROM ${s}.daily_attendance WHERE tenant_id = $1
       UNION SELECT nip, date FROM ${s}.attendance_facts WHERE tenant_id = $1
       UNION SELECT nip, date FROM ${s}.activities WHERE tenant_id = $1
     ) AS days
     WHERE ($2::text IS NULL OR nip = $2) AND ($3::date IS NULL OR date >= $3) AND ($4::date IS NULL OR date <= $4)`,
    [change.tenantId, change.nip ?? null, change.from ?? null, change.to ?? null],
  );
  return result.rows.map((row) => ({ tenantId: change.tenantId, nip: row.nip, date: row.date }));
}

class DayKeys {
  private readonly keys = new Map<string, DayKey>();

  add(key: DayKey): void {
    this.keys.set(`${key.tenantId}|${key.nip}|${key.date}`, key);
  }

  list(): DayKey[] {
    return [...this.keys.values()];
  }
}

/**
 * Attendance facts and activities of one batch: loaded in one query, changed in
 * memory in log order, written back in one statement each.
 */
class FactBuffer {
  private readonly attendance = new Map<string, AttendanceFacts>();
  private readonly activities = new Map<string, ActivityFacts>();
  private readonly dirtyAttendance = new Set<string>();
  private readonly dirtyActivities = new Set<string>();

  private constructor(
    private readonly client: pg.PoolClient,
    private readonly schema: string,
  ) {}

  static async load(client: pg.PoolClient, schema: string, events: readonly RecordedEvent[]): Promise<FactBuffer> {
    const buffer = new FactBuffer(client, schema);
    const attendanceKeys: string[][] = [[], [], []];
    const activityKeys: string[][] = [[], [], [], []];
    for (const event of events) {
      const { nip, date } = event.data as { nip?: string; date?: string };
      if (nip === undefined || date === undefined) {
        continue;
      }
      if (event.type === 'CheckedIn' || event.type === 'CheckedOut' || event.type === 'AttendanceCorrected') {
        attendanceKeys[0]?.push(event.metadata.tenantId);
        attendanceKeys[1]?.push(nip);
        attendanceKeys[2]?.push(date);
      } else if (event.type === 'ActivityRevised' || event.type === 'ActivityWithdrawn' || event.type === 'ActivityReviewed') {
        activityKeys[0]?.push(event.metadata.tenantId);
        activityKeys[1]?.push(nip);
        activityKeys[2]?.push(date);
        activityKeys[3]?.push((event.data as { activityId: string }).activityId);
      }
    }

    if ((attendanceKeys[0]?.length ?? 0) > 0) {
      const rows = await client.query(
        `SELECT f.tenant_id, f.nip, to_char(f.date, 'YYYY-MM-DD') AS date, f.check_in_at, f.check_in_source, f.check_in_mode, f.check_in_flags,
                f.check_out_at, f.check_out_source, f.check_out_mode, f.corrected
         FROM ${schema}.attendance_facts f
         JOIN unnest($1::text[], $2::text[], $3::date[]) AS k(tenant_id, nip, date) USING (tenant_id, nip, date)`,
        attendanceKeys,
      );
      for (const row of rows.rows) {
        buffer.attendance.set(`${row.tenant_id}|${row.nip}|${row.date}`, {
          checkInAt: row.check_in_at?.toISOString() ?? null,
          checkInSource: row.check_in_source,
          checkInMode: row.check_in_mode,
          checkInFlags: row.check_in_flags,
          checkOutAt: row.check_out_at?.toISOString() ?? null,
          checkOutSource: row.check_out_source,
          checkOutMode: row.check_out_mode,
          corrected: row.corrected,
        });
      }
    }
    if ((activityKeys[0]?.length ?? 0) > 0) {
      const rows = await client.query(
        `SELECT a.tenant_id, a.nip, to_char(a.date, 'YYYY-MM-DD') AS date, a.activity_id, a.status, a.late, a.minutes, a.description,
                a.output_quantity, a.output_unit, a.skp_reference, a.submitted_at, a.review_note
         FROM ${schema}.activities a
         JOIN unnest($1::text[], $2::text[], $3::date[], $4::text[]) AS k(tenant_id, nip, date, activity_id) USING (tenant_id, nip, date, activity_id)`,
        activityKeys,
      );
      for (const row of rows.rows) {
        buffer.activities.set(`${row.tenant_id}|${row.nip}|${row.date}|${row.activity_id}`, {
          status: row.status,
          late: row.late,
          minutes: row.minutes,
          description: row.description,
          outputQuantity: Number(row.output_quantity),
          outputUnit: row.output_unit,
          skpReference: row.skp_reference,
          submittedAt: row.submitted_at.toISOString(),
          reviewNote: row.review_note,
        });
      }
    }
    return buffer;
  }

  keyOf(event: RecordedEvent): DayKey {
    const { nip, date } = event.data as { nip: string; date: string };
    return { tenantId: event.metadata.tenantId, nip, date };
  }

  apply(event: RecordedEvent): void {
    const { tenantId, nip, date } = this.keyOf(event);
    const dayKey = `${tenantId}|${nip}|${date}`;

    if (event.type === 'CheckedIn' || event.type === 'CheckedOut' || event.type === 'AttendanceCorrected') {
      this.setAttendance(dayKey, applyAttendanceEvent(this.attendance.get(dayKey) ?? NO_ATTENDANCE, event));
      return;
    }
    const { activityId } = event.data as { activityId?: string };
    if (activityId !== undefined) {
      const key = `${dayKey}|${activityId}`;
      const next = applyActivityEvent(this.activities.get(key), event);
      if (next !== undefined) {
        this.setActivity(key, next);
      }
    }
  }

  async flush(): Promise<void> {
    const s = this.schema;
    if (this.dirtyAttendance.size > 0) {
      const columns: unknown[][] = Array.from({ length: 11 }, () => []);
      for (const key of this.dirtyAttendance) {
        const [tenantId, nip, date] = key.split('|');
        const row = this.attendance.get(key);
        if (row === undefined) {
          continue;
        }
        const values = [tenantId, nip, date, row.checkInAt, row.checkInSource, row.checkInMode, row.checkInFlags.join(','), row.checkOutAt, row.checkOutSource, row.checkOutMode, row.corrected];
        values.forEach((value, index) => columns[index]?.push(value));
      }
      await this.client.query(
        `INSERT INTO ${s}.attendance_facts (tenant_id, nip, date, check_in_at, check_in_source, check_in_mode, check_in_flags,
           check_out_at, check_out_source, check_out_mode, corrected)
         SELECT tenant_id, nip, date, in_at, in_source, in_mode, CASE WHEN flags = '' THEN '{}'::text[] ELSE string_to_array(flags, ',') END,
           out_at, out_source, out_mode, corrected
         FROM unnest($1::text[], $2::text[], $3::date[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[], $10::text[], $11::boolean[])
           AS t(tenant_id, nip, date, in_at, in_source, in_mode, flags, out_at, out_source, out_mode, corrected)
         ON CONFLICT (tenant_id, nip, date) DO UPDATE SET
           check_in_at = excluded.check_in_at, check_in_source = excluded.check_in_source, check_in_mode = excluded.check_in_mode,
           check_in_flags = excluded.check_in_flags, check_out_at = excluded.check_out_at, check_out_source = excluded.check_out_source,
           check_out_mode = excluded.check_out_mode, corrected = excluded.corrected`,
        columns,
      );
    }

    if (this.dirtyActivities.size > 0) {
      const columns: unknown[][] = Array.from({ length: 13 }, () => []);
      for (const key of this.dirtyActivities) {
        const [tenantId, nip, date, activityId] = key.split('|');
        const row = this.activities.get(key);
        if (row === undefined) {
          continue;
        }
        const values = [tenantId, nip, date, activityId, row.status, row.late, row.minutes, row.description, row.outputQuantity, row.outputUnit, row.skpReference, row.submittedAt, row.reviewNote];
        values.forEach((value, index) => columns[index]?.push(value));
      }
      await this.client.query(
        `INSERT INTO ${s}.activities
         SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::boolean[], $7::int[], $8::text[], $9::numeric[], $10::text[], $11::text[], $12::timestamptz[], $13::text[])
         ON CONFLICT (tenant_id, nip, date, activity_id) DO UPDATE SET
           status = excluded.status, late = excluded.late, minutes = excluded.minutes, description = excluded.description,
           output_quantity = excluded.output_quantity, output_unit = excluded.output_unit, skp_reference = excluded.skp_reference,
           submitted_at = excluded.submitted_at, review_note = excluded.review_note`,
        columns,
      );
    }
  }

  private setAttendance(key: string, row: AttendanceFacts): void {
    this.attendance.set(key, row);
    this.dirtyAttendance.add(key);
  }

  private setActivity(key: string, row: ActivityFacts): void {
    this.activities.set(key, row);
    this.dirtyActivities.add(key);
  }
}
