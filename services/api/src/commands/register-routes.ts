import { createHash, randomUUID } from 'node:crypto';

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';

import { CommandAccepted, formatLogPosition, type ErrorCode } from '@fleksi/contracts';
import { DomainError, importEmployees, type RequestInfo } from '@fleksi/domain';

import { authenticate } from '../auth/authenticate.ts';
import type { TokenVerifier } from '../auth/tokens.ts';
import { COMMAND_ROUTES, type CommandOutcome, type CommandServices } from './command-table.ts';

export interface CommandRouteOptions {
  readonly services: CommandServices;
  readonly verifier: TokenVerifier;
  /** Requests per minute per caller on command routes. */
  readonly rateLimitPerMinute: number;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

const Headers = z.looseObject({
  'idempotency-key': z.string().regex(IDEMPOTENCY_KEY, 'expected 1 to 200 visible ASCII characters').optional(),
  'x-correlation-id': z.string().regex(IDEMPOTENCY_KEY, 'expected 1 to 200 visible ASCII characters').optional(),
});

const ProblemResponse = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), code: z.string() }).loose();

/** Registers `POST /v1/commands/<name>` for every command, plus the CSV employee import. */
export async function registerCommandRoutes(app: FastifyInstance, options: CommandRouteOptions): Promise<void> {
  const rateLimit = { max: options.rateLimitPerMinute, timeWindow: '1 minute' };

  for (const command of COMMAND_ROUTES) {
    app.post(
      `/v1/commands/${command.name}`,
      {
        config: { rateLimit },
        schema: {
          summary: command.summary,
          tags: ['commands'],
          security: [{ bearer: [] }],
          headers: Headers,
          body: command.body,
          response: { 200: CommandAccepted.loose(), 201: CommandAccepted.loose(), '4xx': ProblemResponse },
        },
      },
      async (request, reply) => {
        const principal = await authenticate(request, options.verifier);
        const outcome = await command.run(options.services, principal, request.body as never, requestInfo(request, command.name));
        const { status, payload } = toResponse(outcome, command.name);
        return reply.code(status).send(payload);
      },
    );
  }

  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.post(
    '/v1/commands/import-employees',
    {
      bodyLimit: IMPORT_BODY_LIMIT_BYTES,
      config: { rateLimit },
      schema: {
        summary: 'Register employees from CSV (header nip,kind,name,unitId,supervisorNip,roles,domicileLatitude,domicileLongitude)',
        tags: ['commands'],
        security: [{ bearer: [] }],
        headers: Headers,
        consumes: ['text/csv'],
      },
    },
    async (request, reply) => {
      const principal = await authenticate(request, options.verifier);
      if (typeof request.body !== 'string') {
        throw new DomainError('UNSUPPORTED_MEDIA_TYPE', { contentType: request.headers['content-type'] ?? 'none' });
      }
      const report = await importEmployees(options.services.dependencies, principal, request.body, requestInfo(request, 'import-employees'));
      return reply.code(report.registered > 0 ? 201 : 200).send(report);
    },
  );
}

/**
 * Body limit of the CSV import: room for MAX_IMPORT_ROWS rows of about 400 bytes,
 * because a regency's whole roster (thousands of ASN) goes up in one file.
 */
export const IMPORT_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

function requestInfo(request: FastifyRequest, commandName: string): RequestInfo {
  const headers = request.headers as Record<string, string | undefined>;
  const correlationId = headers['x-correlation-id'] ?? request.id ?? randomUUID();
  const key = headers['idempotency-key'];
  if (key === undefined) {
    return { correlationId };
  }
  // The hash tells a retry (same body) from a reused key (different body).
  const requestHash = createHash('sha256').update(commandName).update('\u0000').update(JSON.stringify(request.body ?? null)).digest('hex');
  return { correlationId, idempotency: { key, requestHash } };
}

function toResponse(outcome: CommandOutcome, commandName: string): { status: number; payload: Record<string, unknown> } {
  if (outcome.kind === 'report') {
    const { last } = outcome;
    return {
      status: last === null ? 200 : 201,
      payload: {
        streamId: last?.streamId ?? '',
        version: last?.version ?? 0,
        position: last === null ? '0-0' : formatLogPosition(last.position),
        replayed: last?.replayed ?? false,
        ...outcome.report,
      },
    };
  }
  if (outcome.kind === 'appended') {
    const { result } = outcome;
    return {
      status: result.replayed ? 200 : 201,
      payload: { streamId: result.streamId, version: result.version, position: formatLogPosition(result.position), replayed: result.replayed, ...outcome.extra },
    };
  }

  const { report } = outcome;
  if (report.assigned === 0) {
    // Nothing was assigned: answer with the first reason, so a single-day request reads like any rejected command.
    const first = report.outcomes[0];
    throw new DomainError((first?.code ?? 'VALIDATION_FAILED') as ErrorCode, { ...first?.params, command: commandName });
  }
  const last = report.last;
  return {
    status: 201,
    payload: {
      streamId: last?.streamId ?? '',
      version: last?.version ?? 0,
      position: last === null ? '0-0' : formatLogPosition(last.position),
      replayed: report.outcomes.every((entry) => entry.status === 'assigned') && last?.replayed === true,
      assignmentId: report.assignmentId,
      assigned: report.assigned,
      rejected: report.rejected,
      outcomes: report.outcomes,
    },
  };
}
