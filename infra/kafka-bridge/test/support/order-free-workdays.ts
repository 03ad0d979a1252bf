import type { EventData, FleksiEventType, RecordedEvent } from '@fleksi/contracts';
import { datesBetween } from '@fleksi/domain';
import type pg from 'pg';

// TEMPORARY copy of projections/read-models/src/workdays/projection.ts (as committed
// in 29db3a9) with the change that makes the projection independent of the order
// between streams. It proves the change the read-models package needs before the
// relay may partition by stream. Lines marked ORDER-FREE differ from the original.
import { TenantStates, type Projection, type ProjectionContext } from '@fleksi/read-models';

import { recomputeDays, type DayKey } from '../../../../projections/read-models/src/workdays/recompute.ts';
import { createWorkdayTables } from '../../../../projections/read-models/src/workdays/schema.ts';

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
export const orderFreeWorkdaysProjection: Projection = {
  name: 'workdays',
  version: 3,
  eventTypes: new Set<string>(HANDLED),

  // ORDER-FREE: the log positions of registrations and closed workdays.
  setup: async (client, schema) => {
    await createWorkdayTables(client, schema);
    await client.query(`
      ALTER TABLE ${schema}.employees ADD COLUMN registered_commit xid8, ADD COLUMN registered_prepare bigint;
      ALTER TABLE ${schema}.closed_days ADD COLUMN closed_commit xid8, ADD COLUMN closed_prepare bigint;`);
  },

  async apply({ client, schema }: ProjectionContext, events: readonly RecordedEvent[]): Promise<void> {
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

    // 2. Every employee-day whose inputs changed is derived again.
    for (const change of wide) {
      for (const key of await existingKeys(client, schema, change)) {
        touched.add(key);
      }
    }
    await recomputeDays(client, schema, touched.list(), (tenantId) => tenants.load([tenantId]).then(() => tenants.configuration(tenantId)));
  },
};

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
      // ORDER-FREE: the first registration's log position is kept.
      await client.query(
        `INSERT INTO ${s}.employees AS e (tenant_id, nip, name, kind, unit_id, supervisor_nip, roles, registered_commit, registered_prepare)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::xid8, $9)
         ON CONFLICT (tenant_id, nip) DO UPDATE SET name = excluded.name, kind = excluded.kind, unit_id = excluded.unit_id,
           supervisor_nip = excluded.supervisor_nip, roles = excluded.roles,
           registered_commit = CASE WHEN (excluded.registered_commit, excluded.registered_prepare) < (e.registered_commit, e.registered_prepare)
                                    THEN excluded.registered_commit ELSE e.registered_commit END,
           registered_prepare = CASE WHEN (excluded.registered_commit, excluded.registered_prepare) < (e.registered_commit, e.registered_prepare)
                                     THEN excluded.registered_prepare ELSE e.registered_prepare END`,
        [tenantId, employee.nip, employee.name, employee.kind, employee.unitId, employee.supervisorNip, employee.roles, event.position.commit.toString(), event.position.prepare.toString()],
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
    case 'WorkdayClosed': {
      const { date } = data(event, 'WorkdayClosed');
      const position = [event.position.commit.toString(), event.position.prepare.toString()];
      await client.query(`INSERT INTO ${s}.closed_days VALUES ($1, $2, $3::xid8, $4) ON CONFLICT DO NOTHING`, [tenantId, date, ...position]);
      // ORDER-FREE: everyone registered before the close in the log, not before it in
      // this projector's order, is expected at work that day. A registration applied
      // later derives those days itself (existingKeys).
      const employees = await client.query<{ nip: string }>(
        `SELECT nip FROM ${s}.employees WHERE tenant_id = $1 AND (registered_commit, registered_prepare) < ($2::xid8, $3::bigint)`,
        [tenantId, ...position],
      );
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
       -- ORDER-FREE: days whose facts arrived before the employee or the tenant was known.
       UNION SELECT nip, date FROM ${s}.wfa_days WHERE tenant_id = $1
       UNION SELECT nip, generate_series(date_from, date_to, interval '1 day')::date FROM ${s}.absences WHERE tenant_id = $1
       UNION SELECT e.nip, c.date FROM ${s}.closed_days c JOIN ${s}.employees e ON e.tenant_id = c.tenant_id
             WHERE c.tenant_id = $1 AND (c.closed_commit, c.closed_prepare) > (e.registered_commit, e.registered_prepare)
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

interface AttendanceFactRow {
  checkInAt: string | null;
  checkInSource: string | null;
  checkInMode: string | null;
  checkInFlags: string[];
  checkOutAt: string | null;
  checkOutSource: string | null;
  checkOutMode: string | null;
  corrected: boolean;
}

interface ActivityRow {
  status: string;
  late: boolean;
  minutes: number;
  description: string;
  outputQuantity: number;
  outputUnit: string;
  skpReference: string | null;
  submittedAt: string;
  reviewNote: string | null;
}

/**
 * Attendance facts and activities of one batch: loaded in one query, changed in
 * memory in log order, written back in one statement each.
 */
class FactBuffer {
  private readonly attendance = new Map<string, AttendanceFactRow>();
  private readonly activities = new Map<string, ActivityRow>();
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
    const empty: AttendanceFactRow = {
      checkInAt: null,
      checkInSource: null,
      checkInMode: null,
      checkInFlags: [],
      checkOutAt: null,
      checkOutSource: null,
      checkOutMode: null,
      corrected: false,
    };

    switch (event.type) {
      case 'CheckedIn': {
        const checkIn = data(event, 'CheckedIn');
        const row = this.attendance.get(dayKey) ?? empty;
        this.setAttendance(dayKey, { ...row, checkInAt: checkIn.effectiveAt, checkInSource: checkIn.source, checkInMode: checkIn.mode, checkInFlags: checkIn.flags });
        return;
      }
      case 'CheckedOut': {
        const checkOut = data(event, 'CheckedOut');
        const row = this.attendance.get(dayKey) ?? empty;
        this.setAttendance(dayKey, { ...row, checkOutAt: checkOut.effectiveAt, checkOutSource: checkOut.source, checkOutMode: checkOut.mode });
        return;
      }
      case 'AttendanceCorrected': {
        const correction = data(event, 'AttendanceCorrected');
        const row = { ...(this.attendance.get(dayKey) ?? empty), corrected: true };
        if (correction.checkInAt !== undefined) {
          row.checkInAt = correction.checkInAt === null ? null : new Date(correction.checkInAt).toISOString();
          row.checkInSource = correction.checkInAt === null ? null : 'correction';
        }
        if (correction.checkOutAt !== undefined) {
          row.checkOutAt = correction.checkOutAt === null ? null : new Date(correction.checkOutAt).toISOString();
          row.checkOutSource = correction.checkOutAt === null ? null : 'correction';
        }
        if (correction.mode !== undefined) {
          row.checkInMode = row.checkInAt === null ? null : correction.mode;
          row.checkOutMode = row.checkOutAt === null ? null : correction.mode;
        } else {
          row.checkInMode = row.checkInAt === null ? null : (row.checkInMode ?? 'WFO');
          row.checkOutMode = row.checkOutAt === null ? null : (row.checkOutMode ?? row.checkInMode ?? 'WFO');
        }
        this.setAttendance(dayKey, row);
        return;
      }
      case 'ActivitySubmitted':
      case 'ActivityRevised': {
        const activity = data(event, 'ActivitySubmitted');
        const key = `${dayKey}|${activity.activityId}`;
        const previous = this.activities.get(key);
        const submittedAt = event.type === 'ActivitySubmitted' ? activity.submittedAt : (previous?.submittedAt ?? data(event, 'ActivityRevised').revisedAt);
        this.setActivity(key, {
          status: 'submitted',
          late: activity.late,
          minutes: activity.minutes,
          description: activity.description,
          outputQuantity: activity.outputQuantity,
          outputUnit: activity.outputUnit,
          skpReference: activity.skpReference,
          submittedAt: new Date(submittedAt).toISOString(),
          reviewNote: previous?.reviewNote ?? null,
        });
        return;
      }
      case 'ActivityWithdrawn':
      case 'ActivityReviewed': {
        const { activityId } = data(event, 'ActivityWithdrawn');
        const key = `${dayKey}|${activityId}`;
        const previous = this.activities.get(key);
        if (previous === undefined) {
          return;
        }
        const status = event.type === 'ActivityWithdrawn' ? 'withdrawn' : data(event, 'ActivityReviewed').decision;
        const reviewNote = event.type === 'ActivityReviewed' ? data(event, 'ActivityReviewed').note : previous.reviewNote;
        this.setActivity(key, { ...previous, status, reviewNote });
        return;
      }
      default:
        return;
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

  private setAttendance(key: string, row: AttendanceFactRow): void {
    this.attendance.set(key, row);
    this.dirtyAttendance.add(key);
  }

  private setActivity(key: string, row: ActivityRow): void {
    this.activities.set(key, row);
    this.dirtyActivities.add(key);
  }
}
