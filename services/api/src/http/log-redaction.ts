import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { pino } from 'pino';

/** Eighteen digits not inside a longer number: the form of a NIP. */
const NIP_PATTERN = /(?<!\d)\d{18}(?!\d)/g;

/**
 * Query parameters whose values carry no personal data and help an operator read a
 * request log line. Every other value, such as `nip`, is replaced, so a parameter
 * added later is hidden until it is listed here.
 */
const PLAIN_QUERY_PARAMETERS = new Set(['date', 'from', 'to', 'month', 'page', 'pageSize', 'status', 'format', 'minPosition', 'until', 'bootstrap', 'lang']);

/** Returns a request URL fit for the log: NIPs in the path masked, query values hidden except plain ones. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  const path = (queryStart < 0 ? url : url.slice(0, queryStart)).replace(NIP_PATTERN, '[nip]');
  if (queryStart < 0) {
    return path;
  }
  const pairs = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      let decoded: string;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        decoded = name;
      }
      return PLAIN_QUERY_PARAMETERS.has(decoded) ? pair.replace(NIP_PATTERN, '[nip]') : `${name.replace(NIP_PATTERN, '[nip]')}=[redacted]`;
    });
  return `${path}?${pairs.join('&')}`;
}

/**
 * Serialises an error for the log like pino's standard serializer, with NIPs masked in
 * every text field, because a PostgreSQL detail can quote a stream id. It leaves out the
 * pg client that pg-pool attaches to errors, which contains the connection settings.
 */
export function redactError(error: unknown): unknown {
  if (!(error instanceof Error)) {
    return error;
  }
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  return maskNips(serialized, 0);
}

function maskNips(value: unknown, depth: number): unknown {
  if (typeof value === 'string') {
    return value.replace(NIP_PATTERN, '[nip]');
  }
  if (depth > 4 || typeof value !== 'object' || value === null) {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => maskNips(item, depth + 1));
  }
  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key !== 'client') {
      masked[key] = maskNips(item, depth + 1);
    }
  }
  return masked;
}

/** Returns the request fields fastify logs, with the URL redacted. */
function requestForLog(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * Returns a child of `logger` whose request and error serializers keep NIPs out of the
 * log. Fastify lets a given logger's own serializers win over its defaults.
 */
export function withLogRedaction(logger: FastifyBaseLogger): FastifyBaseLogger {
  return logger.child({}, { serializers: { req: requestForLog, err: redactError } });
}
