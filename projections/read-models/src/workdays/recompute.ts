import type { AbsenceType, AttendanceMode, ShiftDefinition, TrialDefinition } from '@fleksi/contracts';
import type { TenantConfiguration } from '@fleksi/domain';
import type pg from 'pg';

import { deriveAttendance, deriveCompliance, type ReportFacts } from './derive.ts';
import { labelTrialDays } from './trial-labels.ts';

export interface DayKey {
  readonly tenantId: string;
  readonly nip: string;
  readonly date: string;
}

interface FactsRow {
  tenant_id: string;
  nip: string;
  date: string;
  unit_id: string | null;
  check_in_at: Date | null;
  check_in_source: string | null;
  check_in_mode: AttendanceMode | null;
  check_out_at: Date | null;
  check_out_source: string | null;
  check_out_mode: AttendanceMode | null;
  corrected: boolean | null;
  wfa: boolean;
  absence_type: AbsenceType | null;
  closed: boolean;
  rostered: boolean;
  shift: ShiftDefinition | null;
  submitted: number;
  on_time: number;
  late: number;
  approved: number;
  rejected: number;
  pending: number;
  withdrawn: number;
  minutes: number;
  counting_on_time: number;
  counting_late: number;
}

const CHUNK = 5_000;

/**
 * Derives the daily attendance and compliance rows of the given employee-days from
 * the projection's facts. A day of an employee the projection does not know (yet)
 * is skipped: the employee's registration derives it later.
 */
export async function recomputeDays(
  client: pg.PoolClient,
  s: string,
  keys: readonly DayKey[],
  configurationOf: (tenantId: string) => Promise<TenantConfiguration | undefined>,
): Promise<void> {
  const trialCache = new Map<string, TrialDefinition[]>();
  const trialsOf = async (tenantId: string): Promise<TrialDefinition[]> => {
    let trials = trialCache.get(tenantId);
    if (trials === undefined) {
      const result = await client.query<{ definition: TrialDefinition }>(`SELECT definition FROM ${s}.trials WHERE tenant_id = $1 ORDER BY trial_id`, [tenantId]);
      trials = result.rows.map((row) => row.definition);
      trialCache.set(tenantId, trials);
    }
    return trials;
  };

  let hasTrialDays: boolean | undefined;
  for (let start = 0; start < keys.length; start += CHUNK) {
    const chunk = keys.slice(start, start + CHUNK);
    const facts = await client.query<FactsRow>(
      `SELECT k.tenant_id, k.nip, to_char(k.date, 'YYYY-MM-DD') AS date, eu.unit_id,
              f.check_in_at, f.check_in_source, f.check_in_mode, f.check_out_at, f.check_out_source, f.check_out_mode, f.corrected,
              (w.nip IS NOT NULL) AS wfa, ab.type AS absence_type, (c.date IS NOT NULL) AS closed,
              (r.nip IS NOT NULL) AS rostered, sh.definition AS shift,
              coalesce(act.submitted, 0)::int AS submitted, coalesce(act.on_time, 0)::int AS on_time, coalesce(act.late, 0)::int AS late,
              coalesce(act.approved, 0)::int AS approved, coalesce(act.rejected, 0)::int AS rejected, coalesce(act.pending, 0)::int AS pending,
              coalesce(act.withdrawn, 0)::int AS withdrawn, coalesce(act.minutes, 0)::int AS minutes,
              coalesce(act.counting_on_time, 0)::int AS counting_on_time, coalesce(act.counting_late, 0)::int AS counting_late
       FROM unnest($1::text[], $2::text[], $3::date[]) AS k(tenant_id, nip, date)
       JOIN LATERAL (
         SELECT unit_id FROM ${s}.employee_units u
         WHERE u.tenant_id = k.tenant_id AND u.nip = k.nip AND u.effective_from <= k.date
         ORDER BY u.effective_from DESC LIMIT 1
       ) eu ON true
       LEFT JOIN ${s}.attendance_facts f ON f.tenant_id = k.tenant_id AND f.nip = k.nip AND f.date = k.date
       LEFT JOIN ${s}.wfa_days w ON w.tenant_id = k.tenant_id AND w.nip = k.nip AND w.date = k.date
       LEFT JOIN LATERAL (
         SELECT a.type FROM ${s}.absences a
         WHERE a.tenant_id = k.tenant_id AND a.nip = k.nip AND NOT a.cancelled AND k.date BETWEEN a.date_from AND a.date_to
         ORDER BY a.absence_id LIMIT 1
       ) ab ON true
       LEFT JOIN ${s}.closed_days c ON c.tenant_id = k.tenant_id AND c.date = k.date
       LEFT JOIN ${s}.rosters r ON r.tenant_id = k.tenant_id AND r.nip = k.nip AND r.date = k.date
       LEFT JOIN ${s}.unit_shifts sh ON sh.tenant_id = r.tenant_id AND sh.unit_id = r.unit_id AND sh.shift_id = r.shift_id
       LEFT JOIN LATERAL (
         SELECT count(*) FILTER (WHERE status <> 'withdrawn') AS submitted,
                count(*) FILTER (WHERE status <> 'withdrawn' AND NOT late) AS on_time,
                count(*) FILTER (WHERE status <> 'withdrawn' AND late) AS late,
                count(*) FILTER (WHERE status = 'approved') AS approved,
                count(*) FILTER (WHERE status = 'rejected') AS rejected,
                count(*) FILTER (WHERE status IN ('submitted', 'revision_requested')) AS pending,
                count(*) FILTER (WHERE status = 'withdrawn') AS withdrawn,
                sum(minutes) FILTER (WHERE status NOT IN ('withdrawn', 'rejected')) AS minutes,
                count(*) FILTER (WHERE status NOT IN ('withdrawn', 'rejected') AND NOT late) AS counting_on_time,
                count(*) FILTER (WHERE status NOT IN ('withdrawn', 'rejected') AND late) AS counting_late
         FROM ${s}.activities x WHERE x.tenant_id = k.tenant_id AND x.nip = k.nip AND x.date = k.date
       ) act ON true`,
      [chunk.map((key) => key.tenantId), chunk.map((key) => key.nip), chunk.map((key) => key.date)],
    );

    const attendance: unknown[][] = Array.from({ length: 23 }, () => []);
    const compliance: unknown[][] = Array.from({ length: 16 }, () => []);
    const trialDays: unknown[][] = Array.from({ length: 24 }, () => []);
    for (const row of facts.rows) {
      const configuration = await configurationOf(row.tenant_id);
      if (configuration === undefined || row.unit_id === null) {
        continue;
      }
      const derived = deriveAttendance(
        {
          date: row.date,
          checkInAt: row.check_in_at?.toISOString() ?? null,
          checkInSource: row.check_in_source,
          checkInMode: row.check_in_mode,
          checkOutAt: row.check_out_at?.toISOString() ?? null,
          checkOutSource: row.check_out_source,
          checkOutMode: row.check_out_mode,
          corrected: row.corrected ?? false,
          wfaAssigned: row.wfa,
          absenceType: row.absence_type,
          closed: row.closed,
        },
        configuration,
        row.rostered ? (row.shift ?? 'rest') : undefined,
      );
      const report: ReportFacts = {
        submitted: row.submitted,
        onTime: row.on_time,
        late: row.late,
        approved: row.approved,
        rejected: row.rejected,
        pending: row.pending,
        withdrawn: row.withdrawn,
        minutes: row.minutes,
        countingOnTime: row.counting_on_time,
        countingLate: row.counting_late,
      };
      const complianceRow = deriveCompliance(derived, report);

      [
        row.tenant_id,
        row.nip,
        row.date,
        row.unit_id,
        derived.dayType,
        derived.scheduleKind,
        derived.holidayName,
        derived.plannedMode,
        derived.actualMode,
        derived.checkInLocal,
        row.check_in_source,
        derived.checkOutLocal,
        row.check_out_source,
        derived.minutesLate,
        derived.minutesEarly,
        derived.lateBand,
        derived.earlyBand,
        derived.missingCheckOut,
        row.absence_type,
        derived.status,
        row.corrected ?? false,
        row.closed,
        derived.cutPercent,
      ].forEach((value, index) => attendance[index]?.push(value));
      [
        row.tenant_id,
        row.nip,
        row.date,
        row.unit_id,
        complianceRow.expected,
        report.submitted,
        report.onTime,
        report.late,
        report.approved,
        report.rejected,
        report.pending,
        report.withdrawn,
        report.minutes,
        complianceRow.compliant,
        complianceRow.lateOnly,
        row.closed,
      ].forEach((value, index) => compliance[index]?.push(value));

      const trials = await trialsOf(row.tenant_id);
      for (const label of labelTrialDays(trials, configuration, { date: row.date, unitId: row.unit_id }, derived, complianceRow, report)) {
        [
          row.tenant_id,
          label.trialId,
          row.nip,
          row.date,
          row.unit_id,
          label.period,
          label.unitRole,
          label.weekday,
          label.wfaWeekday,
          derived.plannedMode,
          derived.actualMode,
          label.ramadan,
          label.holidayAdjacent,
          label.onLeave,
          row.closed,
          label.metrics.present,
          label.metrics.onTime,
          label.metrics.minutesLate,
          label.metrics.leftEarly,
          label.metrics.reportCompliant,
          label.metrics.activities,
          label.metrics.approvedActivities,
          label.metrics.reportedMinutes,
          label.metrics.lateSubmissions,
        ].forEach((value, index) => trialDays[index]?.push(value));
      }
    }

    // Labels are rebuilt whole for these days, so a trial redefined narrower drops days too.
    // A rebuild's first derivation finds the table empty and skips the search.
    hasTrialDays ??= (await client.query(`SELECT EXISTS (SELECT 1 FROM ${s}.trial_days) AS any`)).rows[0]?.any === true;
    if (hasTrialDays) {
      await client.query(
      `DELETE FROM ${s}.trial_days t USING unnest($1::text[], $2::text[], $3::date[]) AS k(tenant_id, nip, date)
       WHERE t.tenant_id = k.tenant_id AND t.nip = k.nip AND t.date = k.date`,
      [chunk.map((key) => key.tenantId), chunk.map((key) => key.nip), chunk.map((key) => key.date)],
      );
    }
    if ((trialDays[0]?.length ?? 0) > 0) {
      await client.query(
        `INSERT INTO ${s}.trial_days
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], $8::int[], $9::boolean[], $10::text[],
                              $11::text[], $12::boolean[], $13::boolean[], $14::boolean[], $15::boolean[], $16::numeric[], $17::numeric[], $18::numeric[],
                              $19::numeric[], $20::numeric[], $21::numeric[], $22::numeric[], $23::numeric[], $24::numeric[])`,
        trialDays,
      );
    }

    if ((attendance[0]?.length ?? 0) === 0) {
      continue;
    }
    await client.query(
      `INSERT INTO ${s}.daily_attendance
       SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                            $11::text[], $12::text[], $13::text[], $14::int[], $15::int[], $16::int[], $17::int[], $18::boolean[], $19::text[],
                            $20::text[], $21::boolean[], $22::boolean[], $23::numeric[])
       ON CONFLICT (tenant_id, nip, date) DO UPDATE SET
         unit_id = excluded.unit_id, day_type = excluded.day_type, schedule_kind = excluded.schedule_kind, holiday_name = excluded.holiday_name,
         planned_mode = excluded.planned_mode, actual_mode = excluded.actual_mode, check_in_local = excluded.check_in_local,
         check_in_source = excluded.check_in_source, check_out_local = excluded.check_out_local, check_out_source = excluded.check_out_source,
         minutes_late = excluded.minutes_late, minutes_early = excluded.minutes_early, late_band = excluded.late_band, early_band = excluded.early_band,
         missing_check_out = excluded.missing_check_out, absence_type = excluded.absence_type, status = excluded.status,
         corrected = excluded.corrected, closed = excluded.closed, cut_percent = excluded.cut_percent`,
      attendance,
    );
    await client.query(
      `INSERT INTO ${s}.daily_compliance
       SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::boolean[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[],
                            $11::int[], $12::int[], $13::int[], $14::boolean[], $15::boolean[], $16::boolean[])
       ON CONFLICT (tenant_id, nip, date) DO UPDATE SET
         unit_id = excluded.unit_id, expected = excluded.expected, submitted = excluded.submitted, on_time = excluded.on_time, late = excluded.late,
         approved = excluded.approved, rejected = excluded.rejected, pending = excluded.pending, withdrawn = excluded.withdrawn,
         minutes = excluded.minutes, compliant = excluded.compliant, late_only = excluded.late_only, closed = excluded.closed`,
      compliance,
    );
  }
}
