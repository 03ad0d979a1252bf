import type pg from 'pg';

/** Employee-days whose derived rows wait for the end of a rebuild's catch-up. */
export const POSTPONED_DAYS_COLUMNS = 'tenant_id text NOT NULL, nip text NOT NULL, date date NOT NULL, PRIMARY KEY (tenant_id, nip, date)';

/** Creates the workdays projection's tables in a generation schema (already quoted). */
export async function createWorkdayTables(client: pg.PoolClient, s: string): Promise<void> {
  await client.query(`
    CREATE TABLE ${s}.postponed_days (${POSTPONED_DAYS_COLUMNS});
    CREATE TABLE ${s}.tenants (
      tenant_id text PRIMARY KEY,
      name text NOT NULL,
      configuration jsonb NOT NULL
    );
    CREATE TABLE ${s}.units (
      tenant_id text NOT NULL,
      unit_id text NOT NULL,
      name text NOT NULL,
      PRIMARY KEY (tenant_id, unit_id)
    );
    CREATE TABLE ${s}.employees (
      tenant_id text NOT NULL,
      nip text NOT NULL,
      name text NOT NULL,
      kind text NOT NULL,
      unit_id text NOT NULL,
      supervisor_nip text,
      roles text[] NOT NULL,
      PRIMARY KEY (tenant_id, nip)
    );
    CREATE INDEX ON ${s}.employees (tenant_id, unit_id);
    CREATE INDEX ON ${s}.employees (tenant_id, supervisor_nip);
    CREATE TABLE ${s}.employee_units (
      tenant_id text NOT NULL,
      nip text NOT NULL,
      effective_from date NOT NULL,
      unit_id text NOT NULL,
      PRIMARY KEY (tenant_id, nip, effective_from)
    );
    CREATE TABLE ${s}.wfa_days (
      tenant_id text NOT NULL,
      nip text NOT NULL,
      date date NOT NULL,
      PRIMARY KEY (tenant_id, nip, date)
    );
    CREATE TABLE ${s}.absences (
      tenant_id text NOT NULL,
      nip text NOT NULL,
      absence_id text NOT NULL,
      type text NOT NULL,
      date_from date NOT NULL,
      date_to date NOT NULL,
      reference text NOT NULL,
      cancelled boolean NOT NULL DEFAULT false,
      PRIMARY KEY (tenant_id, nip, absence_id)
    );
    CREATE TABLE ${s}.closed_days (
      tenant_id text NOT NULL,
      date date NOT NULL,
      PRIMARY KEY (tenant_id, date)
    );
    CREATE TABLE ${s}.attendance_facts (
      tenant_id text NOT NULL,
      nip text NOT NULL,
      date date NOT NULL,
      check_in_at timestamptz,
      check_in_source text,
      check_in_mode text,
      check_in_flags text[] NOT NULL DEFAULT '{}',
      check_out_at timestamptz,
      check_out_source text,
      check_out_mode text,
      corrected boolean NOT NULL DEFAULT false,
      PRIMARY KEY (tenant_id, nip, date)
    );
    CREATE TABLE ${s}.activities (
      tenant_id text NOT NULL,
      nip text NOT NULL,
      date date NOT NULL,
      activity_id text NOT NULL,
      status text NOT NULL,
      late boolean NOT NULL,
      minutes integer NOT NULL,
      description text NOT NULL,
      output_quantity numeric NOT NULL,
      output_unit text NOT NULL,
      skp_reference text,
      submitted_at timestamptz NOT NULL,
      review_note text,
      PRIMARY KEY (tenant_id, nip, date, activity_id)
    );
    CREATE TABLE ${s}.daily_attendance (
      tenant_id text NOT NULL,
      nip text NOT NULL,
      date date NOT NULL,
      unit_id text NOT NULL,
      day_type text NOT NULL,
      schedule_kind text,
      holiday_name text,
      planned_mode text,
      actual_mode text,
      check_in_local text,
      check_in_source text,
      check_out_local text,
      check_out_source text,
      minutes_late integer NOT NULL,
      minutes_early integer NOT NULL,
      late_band integer,
      early_band integer,
      missing_check_out boolean NOT NULL,
      absence_type text,
      status text NOT NULL,
      corrected boolean NOT NULL,
      closed boolean NOT NULL,
      cut_percent numeric NOT NULL,
      PRIMARY KEY (tenant_id, nip, date)
    );
    CREATE INDEX ON ${s}.daily_attendance (tenant_id, unit_id, date);
    CREATE INDEX ON ${s}.daily_attendance (tenant_id, date);
    CREATE TABLE ${s}.daily_compliance (
      tenant_id text NOT NULL,
      nip text NOT NULL,
      date date NOT NULL,
      unit_id text NOT NULL,
      expected boolean NOT NULL,
      submitted integer NOT NULL,
      on_time integer NOT NULL,
      late integer NOT NULL,
      approved integer NOT NULL,
      rejected integer NOT NULL,
      pending integer NOT NULL,
      withdrawn integer NOT NULL,
      minutes integer NOT NULL,
      compliant boolean NOT NULL,
      late_only boolean NOT NULL,
      closed boolean NOT NULL,
      PRIMARY KEY (tenant_id, nip, date)
    );
    CREATE INDEX ON ${s}.daily_compliance (tenant_id, unit_id, date);
    CREATE TABLE ${s}.unit_shifts (
      tenant_id text NOT NULL,
      unit_id text NOT NULL,
      shift_id text NOT NULL,
      definition jsonb NOT NULL,
      PRIMARY KEY (tenant_id, unit_id, shift_id)
    );
    CREATE TABLE ${s}.rosters (
      tenant_id text NOT NULL,
      nip text NOT NULL,
      date date NOT NULL,
      unit_id text NOT NULL,
      -- NULL is a rest day.
      shift_id text,
      PRIMARY KEY (tenant_id, nip, date)
    );
    CREATE TABLE ${s}.trials (
      tenant_id text NOT NULL,
      trial_id text NOT NULL,
      revision integer NOT NULL,
      definition jsonb NOT NULL,
      defined_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, trial_id)
    );
    CREATE TABLE ${s}.trial_days (
      tenant_id text NOT NULL,
      trial_id text NOT NULL,
      nip text NOT NULL,
      date date NOT NULL,
      unit_id text NOT NULL,
      period text NOT NULL,
      unit_role text NOT NULL,
      weekday integer NOT NULL,
      wfa_weekday boolean NOT NULL,
      planned_mode text,
      actual_mode text,
      ramadan boolean NOT NULL,
      holiday_adjacent boolean NOT NULL,
      on_leave boolean NOT NULL,
      closed boolean NOT NULL,
      present numeric,
      on_time numeric,
      minutes_late numeric,
      left_early numeric,
      report_compliant numeric,
      activities numeric,
      approved_activities numeric,
      reported_minutes numeric,
      late_submissions numeric,
      PRIMARY KEY (tenant_id, trial_id, nip, date)
    );
    CREATE INDEX ON ${s}.trial_days (tenant_id, nip, date);
  `);
}
