import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';

import { LocalDate, LogPositionToken, Nip, Slug } from '@fleksi/contracts';
import { DomainError, type Principal } from '@fleksi/domain';
import {
  queryActivities,
  queryDailyAttendance,
  queryDailyCompliance,
  queryEmployees,
  queryMonthlyRecap,
  readModelConfiguration,
  readScopeOf,
  summariseByUnit,
  summariseComplianceByUnit,
  unitNames,
  type ActiveReadModel,
  type ReadScope,
} from '@fleksi/read-models';

import { authenticate } from '../auth/authenticate.ts';
import type { TokenVerifier } from '../auth/tokens.ts';
import { waitForReadModel } from './consistency.ts';
import { sendExport, type ExportFormat } from './exports.ts';

export interface ReadRouteOptions {
  readonly pool: pg.Pool;
  readonly verifier: TokenVerifier;
  /** Longest wait for a read model to reach `minPosition`, in milliseconds. */
  readonly consistencyTimeoutMs?: number;
}

// Years 1900 to 2999 only: the recap lists the month's dates with datesBetween
// (services/domain), which never ends for a range that reaches 9999-12-31.
const Month = z.string().regex(/^(19|2\d)\d{2}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM');
const Common = { minPosition: LogPositionToken.optional(), unitId: Slug.optional(), nip: Nip.optional() };
const Paging = { page: z.coerce.number().int().min(1).max(100_000).default(1), pageSize: z.coerce.number().int().min(1).max(500).default(100) };

const DailyQuery = z
  .strictObject({ ...Common, ...Paging, date: LocalDate.optional(), from: LocalDate.optional(), to: LocalDate.optional(), status: z.string().max(40).optional() })
  .refine((query) => query.date !== undefined || (query.from !== undefined && query.to !== undefined), { message: 'give date, or from and to', path: ['date'] })
  .refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, { message: 'from must not be after to', path: ['to'] });
const MonthQuery = z.strictObject({ ...Common, month: Month });
const DateQuery = z.strictObject({ ...Common, date: LocalDate });
const ActivitiesQuery = z.strictObject({ ...Common, date: LocalDate, status: z.enum(['submitted', 'revision_requested', 'approved', 'rejected', 'withdrawn']).optional() });
const EmployeesQuery = z.strictObject({ unitId: Slug.optional(), minPosition: LogPositionToken.optional() });
const ExportParams = z.strictObject({ format: z.enum(['csv', 'xlsx']) });

/** Registers the read-model queries and exports under `GET /v1/…`. */
export async function registerReadRoutes(app: FastifyInstance, options: ReadRouteOptions): Promise<void> {
  const { pool } = options;
  const timeoutMs = options.consistencyTimeoutMs ?? 3_000;

  /** Authenticates, scopes and waits for read-your-writes; returns what every query needs. */
  async function prepare(request: FastifyRequest, minPosition: string | undefined): Promise<{ principal: Principal; scopes: ReadScope[]; model: ActiveReadModel }> {
    const principal = await authenticate(request, options.verifier);
    const scopes = readScopeOf(principal);
    if (scopes === undefined) {
      throw new DomainError('FORBIDDEN_ROLE', { roles: 'employee, supervisor, unit_admin, tenant_admin, auditor, evaluator' });
    }
    const model = await waitForReadModel(pool, minPosition, timeoutMs);
    return { principal, scopes, model };
  }

  const tags = ['queries'];
  const security = [{ bearer: [] }];

  app.get('/v1/attendance/daily', { schema: { summary: 'Daily attendance per employee and date', tags, security, querystring: DailyQuery } }, async (request, reply) => {
    const query = request.query as z.output<typeof DailyQuery>;
    const { principal, scopes, model } = await prepare(request, query.minPosition);
    const result = await queryDailyAttendance(pool, model.schema, {
      tenantId: principal.tenantId,
      scopes,
      from: query.date ?? query.from ?? '',
      to: query.date ?? query.to ?? '',
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
      ...optional({ unitId: query.unitId, nip: query.nip, status: query.status }),
    });
    return reply.header('x-fleksi-position', positionOf(model)).send({ items: result.rows, page: query.page, pageSize: query.pageSize, total: result.total });
  });

  app.get('/v1/attendance/monthly', { schema: { summary: 'Monthly attendance recap per employee (rekap presensi)', tags, security, querystring: MonthQuery } }, async (request, reply) => {
    const query = request.query as z.output<typeof MonthQuery>;
    const { principal, scopes, model } = await prepare(request, query.minPosition);
    const rows = await monthlyRecap(pool, model, principal, scopes, query);
    return reply.header('x-fleksi-position', positionOf(model)).send({ items: rows });
  });

  app.get('/v1/attendance/monthly/units', { schema: { summary: 'Monthly attendance recap per unit', tags, security, querystring: MonthQuery } }, async (request, reply) => {
    const query = request.query as z.output<typeof MonthQuery>;
    const { principal, scopes, model } = await prepare(request, query.minPosition);
    const rows = await monthlyRecap(pool, model, principal, scopes, query);
    return reply.header('x-fleksi-position', positionOf(model)).send({ items: summariseByUnit(rows, await unitNames(pool, model.schema, principal.tenantId)) });
  });

  app.get('/v1/compliance/daily', { schema: { summary: 'Daily report compliance per employee', tags, security, querystring: DateQuery } }, async (request, reply) => {
    const query = request.query as z.output<typeof DateQuery>;
    const { principal, scopes, model } = await prepare(request, query.minPosition);
    const rows = await queryDailyCompliance(pool, model.schema, { tenantId: principal.tenantId, scopes, date: query.date, ...optional({ unitId: query.unitId, nip: query.nip }) });
    return reply.header('x-fleksi-position', positionOf(model)).send({ items: rows });
  });

  app.get('/v1/compliance/units', { schema: { summary: 'Daily report compliance per unit, with who to follow up', tags, security, querystring: DateQuery } }, async (request, reply) => {
    const query = request.query as z.output<typeof DateQuery>;
    const { principal, scopes, model } = await prepare(request, query.minPosition);
    const rows = await queryDailyCompliance(pool, model.schema, { tenantId: principal.tenantId, scopes, date: query.date, ...optional({ unitId: query.unitId, nip: query.nip }) });
    return reply.header('x-fleksi-position', positionOf(model)).send({ items: summariseComplianceByUnit(rows, await unitNames(pool, model.schema, principal.tenantId)) });
  });

  app.get('/v1/activities', { schema: { summary: 'Activities of a date (own, subordinates, unit)', tags, security, querystring: ActivitiesQuery } }, async (request, reply) => {
    const query = request.query as z.output<typeof ActivitiesQuery>;
    const { principal, scopes, model } = await prepare(request, query.minPosition);
    const rows = await queryActivities(pool, model.schema, {
      tenantId: principal.tenantId,
      scopes,
      date: query.date,
      ...optional({ unitId: query.unitId, nip: query.nip, status: query.status }),
    });
    return reply.header('x-fleksi-position', positionOf(model)).send({ items: rows });
  });

  app.get('/v1/employees', { schema: { summary: 'Employees the caller may see', tags, security, querystring: EmployeesQuery } }, async (request, reply) => {
    const query = request.query as z.output<typeof EmployeesQuery>;
    const { principal, scopes, model } = await prepare(request, query.minPosition);
    const rows = await queryEmployees(pool, model.schema, { tenantId: principal.tenantId, scopes, ...optional({ unitId: query.unitId }) });
    return reply.header('x-fleksi-position', positionOf(model)).send({ items: rows });
  });

  app.get(
    '/v1/exports/monthly-recap.:format',
    { schema: { summary: 'Monthly recap per employee as CSV or XLSX, Indonesian headers', tags: ['exports'], security, params: ExportParams, querystring: MonthQuery } },
    async (request, reply) => {
      const { format } = request.params as z.output<typeof ExportParams>;
      const query = request.query as z.output<typeof MonthQuery>;
      const { principal, scopes, model } = await prepare(request, query.minPosition);
      const rows = await monthlyRecap(pool, model, principal, scopes, query);
      return sendExport(reply, format as ExportFormat, `rekap-presensi-${query.month}`, 'monthlyRecap', rows);
    },
  );

  app.get(
    '/v1/exports/daily-compliance.:format',
    { schema: { summary: 'Daily report compliance per employee as CSV or XLSX, Indonesian headers', tags: ['exports'], security, params: ExportParams, querystring: DateQuery } },
    async (request, reply) => {
      const { format } = request.params as z.output<typeof ExportParams>;
      const query = request.query as z.output<typeof DateQuery>;
      const { principal, scopes, model } = await prepare(request, query.minPosition);
      const rows = await queryDailyCompliance(pool, model.schema, { tenantId: principal.tenantId, scopes, date: query.date, ...optional({ unitId: query.unitId, nip: query.nip }) });
      return sendExport(reply, format as ExportFormat, `kepatuhan-laporan-${query.date}`, 'dailyCompliance', rows);
    },
  );
}

async function monthlyRecap(pool: pg.Pool, model: ActiveReadModel, principal: Principal, scopes: ReadScope[], query: z.output<typeof MonthQuery>) {
  const configuration = await readModelConfiguration(pool, model.schema, principal.tenantId);
  if (configuration === undefined) {
    throw new DomainError('TENANT_NOT_FOUND', { tenantId: principal.tenantId });
  }
  return queryMonthlyRecap(pool, model.schema, configuration, { tenantId: principal.tenantId, scopes, month: query.month, ...optional({ unitId: query.unitId, nip: query.nip }) });
}

function positionOf(model: ActiveReadModel): string {
  return `${model.position.commit}-${model.position.prepare}`;
}

/** Drops undefined values, so optional filters fit exactOptionalPropertyTypes. */
function optional<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
