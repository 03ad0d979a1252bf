import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';

import { LogPositionToken, Slug } from '@fleksi/contracts';
import { DomainError, requireRole } from '@fleksi/domain';
import { loadEvaluationRows } from '@fleksi/read-models';

import { authenticate } from '../auth/authenticate.ts';
import type { TokenVerifier } from '../auth/tokens.ts';
import { preferredLanguage } from '../http/language.ts';
import { waitForReadModel } from '../queries/consistency.ts';
import { sendExport } from '../queries/exports.ts';
import type { TrialEvaluationService } from './evaluation-service.ts';
import { renderReport } from './report.ts';

export interface TrialRouteOptions {
  readonly pool: pg.Pool;
  readonly verifier: TokenVerifier;
  readonly evaluations: TrialEvaluationService;
}

const TrialParams = z.strictObject({ trialId: Slug });
const ExportParams = z.strictObject({ trialId: Slug, format: z.enum(['csv', 'xlsx']) });
const EvaluationQuery = z.strictObject({
  minPosition: LogPositionToken.optional(),
  bootstrap: z.coerce.number().int().min(100).max(10_000).default(1_000),
  lang: z.enum(['id', 'en']).optional(),
});

/** Registers the WFA trial evaluation for evaluators and the tenant admin: JSON, exports and a readable report. */
export async function registerTrialRoutes(app: FastifyInstance, options: TrialRouteOptions): Promise<void> {
  const { pool } = options;
  const security = [{ bearer: [] }];
  const tags = ['trials'];

  async function evaluationFor(request: Parameters<typeof authenticate>[0], trialId: string, query: z.output<typeof EvaluationQuery>) {
    const principal = await authenticate(request, options.verifier);
    requireRole(principal, ['evaluator', 'tenant_admin']);
    const model = await waitForReadModel(pool, query.minPosition, 3_000);
    const loaded = await loadEvaluationRows(pool, model.schema, principal.tenantId, trialId);
    if (loaded === undefined) {
      throw new DomainError('TRIAL_NOT_FOUND', { trialId });
    }
    return options.evaluations.evaluate(`${principal.tenantId}|${trialId}`, loaded.trial, loaded.revision, loaded.rows, query.bootstrap);
  }

  app.get('/v1/trials', { schema: { summary: 'WFA trials of the tenant', tags, security } }, async (request) => {
    const principal = await authenticate(request, options.verifier);
    requireRole(principal, ['evaluator', 'tenant_admin', 'auditor']);
    const model = await waitForReadModel(pool, undefined, 3_000);
    const result = await pool.query<{ definition: unknown; revision: number }>(
      `SELECT definition, revision FROM ${model.schema}.trials WHERE tenant_id = $1 ORDER BY trial_id`,
      [principal.tenantId],
    );
    return { items: result.rows.map((row) => ({ ...(row.definition as object), revision: row.revision })) };
  });

  app.get(
    '/v1/trials/:trialId/evaluation',
    { schema: { summary: 'Estimates of the WFA effect per metric, with 95% intervals and equivalence verdicts', tags, security, params: TrialParams, querystring: EvaluationQuery } },
    async (request) => {
      const { trialId } = request.params as z.output<typeof TrialParams>;
      return evaluationFor(request, trialId, request.query as z.output<typeof EvaluationQuery>);
    },
  );

  app.get(
    '/v1/trials/:trialId/evaluation.:format',
    { schema: { summary: 'The estimates as CSV or XLSX with Indonesian headers', tags, security, params: ExportParams, querystring: EvaluationQuery } },
    async (request, reply) => {
      const { trialId, format } = request.params as z.output<typeof ExportParams>;
      const evaluation = await evaluationFor(request, trialId, request.query as z.output<typeof EvaluationQuery>);
      return sendExport(reply, format, `evaluasi-${trialId}`, 'trialEstimates', evaluation.estimates);
    },
  );

  app.get(
    '/v1/trials/:trialId/report',
    { schema: { summary: 'Readable evaluation report (HTML), Indonesian unless lang=en', tags, security, params: TrialParams, querystring: EvaluationQuery } },
    async (request, reply) => {
      const { trialId } = request.params as z.output<typeof TrialParams>;
      const query = request.query as z.output<typeof EvaluationQuery>;
      const evaluation = await evaluationFor(request, trialId, query);
      const language = query.lang ?? preferredLanguage(request.headers['accept-language']);
      return reply.type('text/html; charset=utf-8').header('content-language', language).send(renderReport(evaluation, language));
    },
  );
}

