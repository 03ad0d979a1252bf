import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { ERROR_CATALOGUE, errorMessage, type ErrorCode, type Language } from '@fleksi/contracts';
import { DomainError } from '@fleksi/domain';

import { AuthenticationError } from '../auth/tokens.ts';
import { preferredLanguage } from './language.ts';
import { describeIssues, RequestValidationError, type FieldProblem } from './validation.ts';

/** An RFC 9457 problem document with Fleksi's stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance: string;
  requestId: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

const TITLES: Record<number, Record<Language, string>> = {
  400: { id: 'Permintaan tidak valid', en: 'Invalid request' },
  401: { id: 'Belum terautentikasi', en: 'Not authenticated' },
  403: { id: 'Tidak diizinkan', en: 'Forbidden' },
  404: { id: 'Tidak ditemukan', en: 'Not found' },
  409: { id: 'Bertentangan dengan data yang ada', en: 'Conflict' },
  413: { id: 'Permintaan terlalu besar', en: 'Request too large' },
  415: { id: 'Jenis konten tidak didukung', en: 'Unsupported media type' },
  422: { id: 'Tidak memenuhi aturan', en: 'Rule violated' },
  429: { id: 'Terlalu banyak permintaan', en: 'Too many requests' },
  500: { id: 'Kesalahan server', en: 'Server error' },
  503: { id: 'Layanan tidak tersedia', en: 'Service unavailable' },
};

export function problemFor(
  request: FastifyRequest,
  code: ErrorCode,
  params: Record<string, string | number | undefined> = {},
  extensions: Record<string, unknown> = {},
): Problem {
  const language = preferredLanguage(request.headers['accept-language']);
  const { status } = ERROR_CATALOGUE[code];
  return {
    type: `urn:fleksi:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[status]?.[language] ?? code,
    status,
    detail: errorMessage(code, language, params),
    code,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: request.id,
    ...extensions,
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json; charset=utf-8', 'content-language': preferredLanguage(reply.request.headers['accept-language']) };
  if (problem.code === 'SERVICE_UNAVAILABLE' || problem.code === 'READ_MODEL_NOT_CAUGHT_UP') {
    headers['retry-after'] = '2';
  }
  return reply.code(problem.status).headers(headers).send(problem);
}

/** Fastify error codes for malformed bodies, mapped to catalogue codes. */
const FASTIFY_BODY_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

/**
 * PostgreSQL and network failures that mean "try again later", not a bug. 57014 is a
 * statement cancelled by statement_timeout and 55P03 a lock_timeout. The database was
 * too slow to respond in time, so the client should retry.
 */
const UNAVAILABLE_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '57014', '55P03', '08000', '08003', '08006', '53300']);

/**
 * PostgreSQL errors for text it cannot store: 22P05 for a NUL character (\u0000) in a
 * jsonb string, 22021 for a byte sequence invalid in the database encoding. Both come
 * from the request's own text, so the client gets 400 rather than a server error.
 */
const UNSTORABLE_TEXT_ERRORS = new Set(['22P05', '22021']);

function isUnstorableText(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && UNSTORABLE_TEXT_ERRORS.has(code);
}

function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const code = (error as { code?: unknown }).code;
  const message = (error as { message?: unknown }).message;
  return (
    (typeof code === 'string' && UNAVAILABLE_ERRORS.has(code)) ||
    (typeof message === 'string' && /timeout exceeded when trying to connect|Connection terminated|connection timeout|Query read timeout/i.test(message))
  );
}

/** Installs the one error handler and the not-found handler: every failure leaves as a problem document. */
export function installProblemHandlers(app: FastifyInstance, options: { bodyLimit: number }): void {
  app.setNotFoundHandler((request, reply) => sendProblem(reply, problemFor(request, 'NOT_FOUND', { path: request.url.split('?')[0] })));

  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const language = preferredLanguage(request.headers['accept-language']);

    if (error instanceof RequestValidationError) {
      return sendProblem(reply, problemFor(request, 'VALIDATION_FAILED', {}, { errors: describeIssues(error.part, error.issues, language) }));
    }
    if (error instanceof DomainError) {
      return sendProblem(reply, problemFor(request, error.code, error.params));
    }
    if (error instanceof AuthenticationError) {
      // RFC 6750: a 401 names the Bearer scheme, with error="invalid_token" for a rejected token.
      reply.header('www-authenticate', error.code === 'AUTH_TOKEN_INVALID' ? 'Bearer realm="fleksi", error="invalid_token"' : 'Bearer realm="fleksi"');
      return sendProblem(reply, problemFor(request, error.code));
    }

    const fastifyCode = (error as FastifyError).code;
    const bodyCode = fastifyCode === undefined ? undefined : FASTIFY_BODY_ERRORS[fastifyCode];
    if (bodyCode !== undefined) {
      return sendProblem(reply, problemFor(request, bodyCode, { limit: request.routeOptions.bodyLimit ?? options.bodyLimit, contentType: request.headers['content-type'] ?? 'none' }));
    }
    if ((error as FastifyError).statusCode === 429) {
      return sendProblem(reply, problemFor(request, 'RATE_LIMITED', { seconds: Math.ceil(Number(reply.getHeader('retry-after') ?? 60)) }));
    }
    if (isUnstorableText(error)) {
      request.log.info({ err: error }, 'request text the database cannot store');
      return sendProblem(reply, problemFor(request, 'VALIDATION_FAILED'));
    }
    if (isUnavailable(error)) {
      request.log.warn({ err: error }, 'dependency unavailable');
      return sendProblem(reply, problemFor(request, 'SERVICE_UNAVAILABLE'));
    }

    const statusCode = (error as FastifyError).statusCode;
    if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
      request.log.info({ err: error }, 'client error without a catalogue code');
      return sendProblem(reply, problemFor(request, 'VALIDATION_FAILED'));
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problemFor(request, 'INTERNAL_ERROR', { requestId: request.id }));
  });
}
