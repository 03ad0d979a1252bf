import type pg from 'pg';

import { scopeCondition, type ReadScope } from './scope.ts';

export interface ComplianceFilter {
  readonly tenantId: string;
  readonly scopes: readonly ReadScope[];
  readonly date: string;
  readonly unitId?: string;
  readonly nip?: string;
}

export interface DailyComplianceRow {
  nip: string;
  name: string;
  unitId: string;
  date: string;
  expected: boolean;
  submitted: number;
  onTime: number;
  late: number;
  approved: number;
  rejected: number;
  pending: number;
  withdrawn: number;
  minutes: number;
  compliant: boolean;
  lateOnly: boolean;
  closed: boolean;
}

/** Daily report compliance per employee for one date. */
export async function queryDailyCompliance(db: Pick<pg.Pool, 'query'>, schema: string, filter: ComplianceFilter): Promise<DailyComplianceRow[]> {
  const parameters: unknown[] = [filter.tenantId, filter.date];
  const conditions = ['row.tenant_id = $1', 'row.date = $2', scopeCondition(filter.scopes, parameters)];
  if (filter.unitId !== undefined) {
    parameters.push(filter.unitId);
    conditions.push(`row.unit_id = $${parameters.length}`);
  }
  if (filter.nip !== undefined) {
    parameters.push(filter.nip);
    conditions.push(`row.nip = $${parameters.length}`);
  }
  const result = await db.query(
    `SELECT row.*, to_char(row.date, 'YYYY-MM-DD') AS day, e.name
     FROM ${schema}.daily_compliance row JOIN ${schema}.employees e USING (tenant_id, nip)
     WHERE ${conditions.join(' AND ')}
     ORDER BY row.unit_id, row.nip`,
    parameters,
  );
  return result.rows.map((row) => ({
    nip: row.nip,
    name: row.name,
    unitId: row.unit_id,
    date: row.day,
    expected: row.expected,
    submitted: row.submitted,
    onTime: row.on_time,
    late: row.late,
    approved: row.approved,
    rejected: row.rejected,
    pending: row.pending,
    withdrawn: row.withdrawn,
    minutes: row.minutes,
    compliant: row.compliant,
    lateOnly: row.late_only,
    closed: row.closed,
  }));
}

export interface UnitComplianceRow {
  unitId: string;
  unitName: string;
  date: string;
  expected: number;
  compliant: number;
  /** Compliant share of the employees expected to report, 0 to 1; null when nobody was expected. */
  rate: number | null;
  /** Employees expected to report who have no on-time activity, for follow-up. */
  nonCompliant: Array<{ nip: string; name: string; lateOnly: boolean; submitted: number }>;
  pendingReview: number;
}

/** Per-unit compliance of one date, summed from the employee rows. */
export function summariseComplianceByUnit(rows: readonly DailyComplianceRow[], unitNames: ReadonlyMap<string, string>): UnitComplianceRow[] {
  const byUnit = new Map<string, DailyComplianceRow[]>();
  for (const row of rows) {
    byUnit.set(row.unitId, [...(byUnit.get(row.unitId) ?? []), row]);
  }
  return [...byUnit.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([unitId, members]) => {
      const expected = members.filter((member) => member.expected);
      const compliant = expected.filter((member) => member.compliant);
      return {
        unitId,
        unitName: unitNames.get(unitId) ?? unitId,
        date: members[0]?.date ?? '',
        expected: expected.length,
        compliant: compliant.length,
        rate: expected.length === 0 ? null : Math.round((compliant.length / expected.length) * 10_000) / 10_000,
        nonCompliant: expected
          .filter((member) => !member.compliant)
          .map((member) => ({ nip: member.nip, name: member.name, lateOnly: member.lateOnly, submitted: member.submitted })),
        pendingReview: members.reduce((sum, member) => sum + member.pending, 0),
      };
    });
}

export async function unitNames(db: Pick<pg.Pool, 'query'>, schema: string, tenantId: string): Promise<Map<string, string>> {
  const result = await db.query<{ unit_id: string; name: string }>(`SELECT unit_id, name FROM ${schema}.units WHERE tenant_id = $1`, [tenantId]);
  return new Map(result.rows.map((row) => [row.unit_id, row.name]));
}

export interface ActivityRow {
  nip: string;
  name: string;
  date: string;
  activityId: string;
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

/** Activities of a date, for the author or a supervisor's review queue. */
export async function queryActivities(
  db: Pick<pg.Pool, 'query'>,
  schema: string,
  filter: ComplianceFilter & { readonly status?: string },
): Promise<ActivityRow[]> {
  const parameters: unknown[] = [filter.tenantId, filter.date];
  const conditions = ['row.tenant_id = $1', 'row.date = $2', scopeCondition(filter.scopes, parameters, 'e.unit_id')];
  if (filter.nip !== undefined) {
    parameters.push(filter.nip);
    conditions.push(`row.nip = $${parameters.length}`);
  }
  if (filter.unitId !== undefined) {
    parameters.push(filter.unitId);
    conditions.push(`e.unit_id = $${parameters.length}`);
  }
  if (filter.status !== undefined) {
    parameters.push(filter.status);
    conditions.push(`row.status = $${parameters.length}`);
  }
  const result = await db.query(
    `SELECT row.*, to_char(row.date, 'YYYY-MM-DD') AS day, e.name, e.unit_id
     FROM ${schema}.activities row JOIN ${schema}.employees e USING (tenant_id, nip)
     WHERE ${conditions.join(' AND ')}
     ORDER BY row.nip, row.submitted_at`,
    parameters,
  );
  return result.rows.map((row) => ({
    nip: row.nip,
    name: row.name,
    date: row.day,
    activityId: row.activity_id,
    status: row.status,
    late: row.late,
    minutes: row.minutes,
    description: row.description,
    outputQuantity: Number(row.output_quantity),
    outputUnit: row.output_unit,
    skpReference: row.skp_reference,
    submittedAt: row.submitted_at.toISOString(),
    reviewNote: row.review_note,
  }));
}

/** Employees of a unit, for the WFA fan-out and the directory query. */
export async function queryEmployees(
  db: Pick<pg.Pool, 'query'>,
  schema: string,
  filter: { tenantId: string; scopes: readonly ReadScope[]; unitId?: string },
): Promise<Array<{ nip: string; name: string; kind: string; unitId: string; supervisorNip: string | null; roles: string[] }>> {
  const parameters: unknown[] = [filter.tenantId];
  const conditions = ['row.tenant_id = $1', scopeCondition(filter.scopes, parameters)];
  if (filter.unitId !== undefined) {
    parameters.push(filter.unitId);
    conditions.push(`row.unit_id = $${parameters.length}`);
  }
  const result = await db.query(
    `SELECT row.nip, row.name, row.kind, row.unit_id, row.supervisor_nip, row.roles
     FROM ${schema}.employees row JOIN ${schema}.employees e USING (tenant_id, nip)
     WHERE ${conditions.join(' AND ')} ORDER BY row.unit_id, row.nip`,
    parameters,
  );
  return result.rows.map((row) => ({ nip: row.nip, name: row.name, kind: row.kind, unitId: row.unit_id, supervisorNip: row.supervisor_nip, roles: row.roles }));
}
