import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';

import { compareAsOf, historyAsCsv, historyAsJsonLines, listCheckpoints, MAX_HISTORY_DAYS, queryHistory, verifyLog } from '@fleksi/audit';
import { Instant, LocalDate, LogPositionToken, Nip, parseLogPosition } from '@fleksi/contracts';
import { addDays, DomainError, logAuditQuery, type ApplicationDependencies, type AuditQueryKind, type Principal } from '@fleksi/domain';

import { authenticate } from '../auth/authenticate.ts';
import type { TokenVerifier } from '../auth/tokens.ts';

export interface AuditRouteOptions {
  readonly pool: pg.Pool;
  readonly verifier: TokenVerifier;
  readonly dependencies: ApplicationDependencies;
}

const HistoryQuery = z
  .strictObject({ nip: Nip, from: LocalDate, to: LocalDate, asOf: Instant.optional() })
  .refine((query) => query.from <= query.to, { message: 'from must not be after to', path: ['to'] })
  .refine((query) => query.to <= addDays(query.from, MAX_HISTORY_DAYS - 1), { message: `at most ${MAX_HISTORY_DAYS} days per query`, path: ['to'] });
const AsOfQuery = z.strictObject({ nip: Nip, date: LocalDate, at: Instant });
const VerifyQuery = z.strictObject({ until: LogPositionToken.optional() });
const ExportParams = z.strictObject({ format: z.enum(['csv', 'jsonl']) });

/** Read-only audit routes for the inspectorate and the tenant admin; every call is itself logged. */
export async function registerAuditRoutes(app: FastifyInstance, options: AuditRouteOptions): Promise<void> {
  const { pool } = options;
  const security = [{ bearer: [] }];
  const tags = ['audit'];

  async function audited(request: FastifyRequest, query: AuditQueryKind, parameters: Record<string, string | undefined>): Promise<Principal> {
    const principal = await authenticate(request, options.verifier);
    const given = Object.fromEntries(Object.entries(parameters).filter((entry): entry is [string, string] => entry[1] !== undefined));
    await logAuditQuery(options.dependencies, principal, query, given, { correlationId: request.id, channel: 'api' });
    return principal;
  }

  app.get('/v1/audit/history', { schema: { summary: "Every event that shaped an employee's attendance and reports, in order", tags, security, querystring: HistoryQuery } }, async (request) => {
    const query = request.query as z.output<typeof HistoryQuery>;
    const principal = await audited(request, 'history', query);
    return { items: await queryHistory(pool, { tenantId: principal.tenantId, ...query }) };
  });

  app.get(
    '/v1/audit/history.:format',
    { schema: { summary: 'The history as CSV, or as JSON lines that an outside tool can re-verify (docs/audit.md)', tags, security, params: ExportParams, querystring: HistoryQuery } },
    async (request, reply) => {
      const { format } = request.params as z.output<typeof ExportParams>;
      const query = request.query as z.output<typeof HistoryQuery>;
      const principal = await audited(request, 'export', { ...query, format });
      const entries = await queryHistory(pool, { tenantId: principal.tenantId, ...query, wholeStreams: format === 'jsonl' });
      const fileName = `riwayat-${query.nip}-${query.from}-${query.to}`;
      return format === 'csv'
        ? reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}.csv"`).send(historyAsCsv(entries))
        : reply.type('application/x-ndjson; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}.jsonl"`).send(historyAsJsonLines(entries));
    },
  );

  app.get('/v1/audit/as-of', { schema: { summary: 'An employee-day as known at an instant, beside today, and what changed since', tags, security, querystring: AsOfQuery } }, async (request) => {
    const query = request.query as z.output<typeof AsOfQuery>;
    const principal = await audited(request, 'as-of', query);
    return compareAsOf(pool, { tenantId: principal.tenantId, nip: query.nip, date: query.date, asOf: query.at });
  });

  app.get('/v1/audit/verify', { schema: { summary: "Checks the hash chains of the tenant's streams and every log checkpoint", tags, security, querystring: VerifyQuery } }, async (request) => {
    const query = request.query as z.output<typeof VerifyQuery>;
    const principal = await audited(request, 'verify', query);
    const until = query.until === undefined ? undefined : parseLogPosition(query.until);
    if (query.until !== undefined && until === undefined) {
      throw new DomainError('POSITION_INVALID', { position: query.until });
    }
    return verifyLog(pool, { tenantId: principal.tenantId, ...(until === undefined ? {} : { until }) });
  });

  app.get('/v1/audit/checkpoints', { schema: { summary: 'Recorded digests of the global log (Merkle roots)', tags, security } }, async (request) => {
    await audited(request, 'checkpoints', {});
    return { items: await listCheckpoints(pool) };
  });
}
