import { datesBetween, isWorkday, type TenantConfiguration } from '@fleksi/domain';
import { DateTime } from 'luxon';
import type pg from 'pg';

import { scopeCondition, type ReadScope } from './scope.ts';

export interface DailyFilter {
  readonly tenantId: string;
  readonly scopes: readonly ReadScope[];
  readonly from: string;
  readonly to: string;
  readonly unitId?: string;
  readonly nip?: string;
  readonly status?: string;
  readonly limit: number;
  readonly offset: number;
}

export interface DailyAttendanceRow {
  nip: string;
  name: string;
  unitId: string;
  date: string;
  dayType: string;
  scheduleKind: string | null;
  holidayName: string | null;
  plannedMode: string | null;
  actualMode: string | null;
  checkIn: string | null;
  checkInSource: string | null;
  checkOut: string | null;
  checkOutSource: string | null;
  minutesLate: number;
  minutesEarly: number;
  lateBand: number | null;
  earlyBand: number | null;
  missingCheckOut: boolean;
  absenceType: string | null;
  status: string;
  corrected: boolean;
  closed: boolean;
  cutPercent: number;
}

function filters(filter: Omit<DailyFilter, 'limit' | 'offset'>, parameters: unknown[]): string {
  parameters.push(filter.tenantId, filter.from, filter.to);
  const conditions = ['row.tenant_id = $1', 'row.date BETWEEN $2 AND $3', scopeCondition(filter.scopes, parameters)];
  if (filter.unitId !== undefined) {
    parameters.push(filter.unitId);
    conditions.push(`row.unit_id = $${parameters.length}`);
  }
  if (filter.nip !== undefined) {
    parameters.push(filter.nip);
    conditions.push(`row.nip = $${parameters.length}`);
  }
  if (filter.status !== undefined) {
    parameters.push(filter.status);
    conditions.push(`row.status = $${parameters.length}`);
  }
  return conditions.join(' AND ');
}

/** Daily attendance rows, ordered by date, unit and NIP, with the total for paging. */
export async function queryDailyAttendance(db: Pick<pg.Pool, 'query'>, schema: string, filter: DailyFilter): Promise<{ rows: DailyAttendanceRow[]; total: number }> {
  const parameters: unknown[] = [];
  const where = filters(filter, parameters);
  const total = await db.query<{ count: string }>(
    `SELECT count(*) FROM ${schema}.daily_attendance row JOIN ${schema}.employees e USING (tenant_id, nip) WHERE ${where}`,
    parameters,
  );
  parameters.push(filter.limit, filter.offset);
  const result = await db.query(
    `SELECT row.*, to_char(row.date, 'YYYY-MM-DD') AS day, e.name
     FROM ${schema}.daily_attendance row JOIN ${schema}.employees e USING (tenant_id, nip)
     WHERE ${where}
     ORDER BY row.date, row.unit_id, row.nip
     LIMIT $${parameters.length - 1} OFFSET $${parameters.length}`,
    parameters,
  );
  return {
    total: Number(total.rows[0]?.count ?? 0),
    rows: result.rows.map((row) => ({
      nip: row.nip,
      name: row.name,
      unitId: row.unit_id,
      date: row.day,
      dayType: row.day_type,
      scheduleKind: row.schedule_kind,
      holidayName: row.holiday_name,
      plannedMode: row.planned_mode,
      actualMode: row.actual_mode,
      checkIn: row.check_in_local,
      checkInSource: row.check_in_source,
      checkOut: row.check_out_local,
      checkOutSource: row.check_out_source,
      minutesLate: row.minutes_late,
      minutesEarly: row.minutes_early,
      lateBand: row.late_band,
      earlyBand: row.early_band,
      missingCheckOut: row.missing_check_out,
      absenceType: row.absence_type,
      status: row.status,
      corrected: row.corrected,
      closed: row.closed,
      cutPercent: Number(row.cut_percent),
    })),
  };
}

/** One employee's monthly recap (rekap presensi), the basis of the TPP allowance cut. */
export interface MonthlyRecapRow {
  nip: string;
  name: string;
  unitId: string;
  month: string;
  workingDays: number;
  present: number;
  late: [number, number, number, number];
  earlyLeave: [number, number, number, number];
  absences: Record<string, number>;
  absentWithoutLeave: number;
  wfaDaysWorked: number;
  /** Sum of the days' cuts, capped at 100. */
  cutPercent: number;
}

const PRESENT_STATUSES = ['hadir', 'terlambat', 'pulang_cepat', 'terlambat_pulang_cepat'];

/**
 * Monthly recap per employee. Working days come from the tenant's calendar and
 * schedules for the whole month; everything else is counted from the employee's
 * daily rows on workdays.
 */
export async function queryMonthlyRecap(
  db: Pick<pg.Pool, 'query'>,
  schema: string,
  configuration: TenantConfiguration,
  filter: Omit<DailyFilter, 'from' | 'to' | 'status' | 'limit' | 'offset'> & { month: string },
): Promise<MonthlyRecapRow[]> {
  const start = DateTime.fromISO(`${filter.month}-01`);
  const from = start.toISODate() ?? '';
  const to = start.endOf('month').toISODate() ?? '';
  const workingDays = datesBetween(from, to).filter((date) => isWorkday(configuration, date)).length;

  const parameters: unknown[] = [];
  const where = filters({ ...filter, from, to }, parameters);
  const result = await db.query(
    `SELECT row.nip, e.name, mode() WITHIN GROUP (ORDER BY row.unit_id) AS unit_id,
            count(*) FILTER (WHERE row.day_type = 'workday' AND row.status = ANY($${parameters.length + 1}::text[])) AS present,
            count(*) FILTER (WHERE row.day_type = 'workday' AND row.late_band = 1) AS tl1,
            count(*) FILTER (WHERE row.day_type = 'workday' AND row.late_band = 2) AS tl2,
            count(*) FILTER (WHERE row.day_type = 'workday' AND row.late_band = 3) AS tl3,
            count(*) FILTER (WHERE row.day_type = 'workday' AND row.late_band >= 4) AS tl4,
            count(*) FILTER (WHERE row.day_type = 'workday' AND row.early_band = 1) AS psw1,
            count(*) FILTER (WHERE row.day_type = 'workday' AND row.early_band = 2) AS psw2,
            count(*) FILTER (WHERE row.day_type = 'workday' AND row.early_band = 3) AS psw3,
            count(*) FILTER (WHERE row.day_type = 'workday' AND row.early_band >= 4) AS psw4,
            count(*) FILTER (WHERE row.day_type = 'workday' AND row.status = 'tanpa_keterangan') AS absent_without_leave,
            count(*) FILTER (WHERE row.day_type = 'workday' AND row.actual_mode = 'WFA') AS wfa_days,
            coalesce(sum(row.cut_percent), 0) AS cut
     FROM ${schema}.daily_attendance row JOIN ${schema}.employees e USING (tenant_id, nip)
     WHERE ${where}
     GROUP BY row.nip, e.name
     ORDER BY unit_id, row.nip`,
    [...parameters, PRESENT_STATUSES],
  );
  const absenceCounts = await countAbsences(db, schema, { ...filter, from, to });

  return result.rows.map((row) => ({
    nip: row.nip,
    name: row.name,
    unitId: row.unit_id,
    month: filter.month,
    workingDays,
    present: Number(row.present),
    late: [Number(row.tl1), Number(row.tl2), Number(row.tl3), Number(row.tl4)],
    earlyLeave: [Number(row.psw1), Number(row.psw2), Number(row.psw3), Number(row.psw4)],
    absences: absenceCounts.get(row.nip) ?? {},
    absentWithoutLeave: Number(row.absent_without_leave),
    wfaDaysWorked: Number(row.wfa_days),
    cutPercent: Math.min(100, Math.round(Number(row.cut) * 100) / 100),
  }));
}

async function countAbsences(
  db: Pick<pg.Pool, 'query'>,
  schema: string,
  filter: Omit<DailyFilter, 'status' | 'limit' | 'offset'>,
): Promise<Map<string, Record<string, number>>> {
  const parameters: unknown[] = [];
  const where = filters(filter, parameters);
  const result = await db.query<{ nip: string; absence_type: string; days: string }>(
    `SELECT row.nip, row.absence_type, count(*) AS days
     FROM ${schema}.daily_attendance row JOIN ${schema}.employees e USING (tenant_id, nip)
     WHERE ${where} AND row.day_type = 'workday' AND row.absence_type IS NOT NULL
     GROUP BY row.nip, row.absence_type`,
    parameters,
  );
  const counts = new Map<string, Record<string, number>>();
  for (const row of result.rows) {
    counts.set(row.nip, { ...counts.get(row.nip), [row.absence_type]: Number(row.days) });
  }
  return counts;
}

/** A unit's monthly recap: the sums of its employees' recaps, so partitioning the log cannot change it. */
export interface UnitRecapRow {
  unitId: string;
  unitName: string;
  month: string;
  employees: number;
  workingDays: number;
  present: number;
  late: [number, number, number, number];
  earlyLeave: [number, number, number, number];
  absences: Record<string, number>;
  absentWithoutLeave: number;
  wfaDaysWorked: number;
  /** Mean allowance cut per employee, in percent. */
  averageCutPercent: number;
}

export function summariseByUnit(rows: readonly MonthlyRecapRow[], unitNames: ReadonlyMap<string, string>): UnitRecapRow[] {
  const byUnit = new Map<string, MonthlyRecapRow[]>();
  for (const row of rows) {
    byUnit.set(row.unitId, [...(byUnit.get(row.unitId) ?? []), row]);
  }
  const add = (left: number[], right: number[]): [number, number, number, number] => [0, 1, 2, 3].map((index) => (left[index] ?? 0) + (right[index] ?? 0)) as [number, number, number, number];

  return [...byUnit.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([unitId, members]) => {
      const absences: Record<string, number> = {};
      for (const member of members) {
        for (const [type, days] of Object.entries(member.absences)) {
          absences[type] = (absences[type] ?? 0) + days;
        }
      }
      return {
        unitId,
        unitName: unitNames.get(unitId) ?? unitId,
        month: members[0]?.month ?? '',
        employees: members.length,
        workingDays: members[0]?.workingDays ?? 0,
        present: members.reduce((sum, member) => sum + member.present, 0),
        late: members.reduce((sum, member) => add(sum, member.late), [0, 0, 0, 0] as [number, number, number, number]),
        earlyLeave: members.reduce((sum, member) => add(sum, member.earlyLeave), [0, 0, 0, 0] as [number, number, number, number]),
        absences,
        absentWithoutLeave: members.reduce((sum, member) => sum + member.absentWithoutLeave, 0),
        wfaDaysWorked: members.reduce((sum, member) => sum + member.wfaDaysWorked, 0),
        averageCutPercent: Math.round((members.reduce((sum, member) => sum + member.cutPercent, 0) / members.length) * 100) / 100,
      };
    });
}
