import type { FastifyInstance } from 'fastify';

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query, for example `/v1/attendance/daily?date=2026-12-04`. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Body to send. A string is sent as it is, and anything else as JSON. */
  readonly body?: unknown;
}

export interface HttpResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly text: string;
  /** Wall-clock time from sending to the end of the body, in milliseconds. */
  readonly durationMs: number;
}

/** Sends one request to an API, in process (`inject`) or over loopback HTTP. */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

/** The request got no HTTP response because the connection was refused, reset, or timed out. */
export class NoResponseError extends Error {
  constructor(
    message: string,
    readonly durationMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function encodeBody(request: HttpRequest): { payload: string | undefined; contentType: string | undefined } {
  if (request.body === undefined) {
    return { payload: undefined, contentType: undefined };
  }
  if (typeof request.body === 'string') {
    return { payload: request.body, contentType: undefined };
  }
  return { payload: JSON.stringify(request.body), contentType: 'application/json' };
}

function withContentType(headers: Readonly<Record<string, string>> | undefined, contentType: string | undefined): Record<string, string> {
  const merged: Record<string, string> = { ...headers };
  const hasContentType = Object.keys(merged).some((name) => name.toLowerCase() === 'content-type');
  if (contentType !== undefined && !hasContentType) {
    merged['content-type'] = contentType;
  }
  return merged;
}

/** Runs requests through fastify's `inject`, without a socket. */
export function injectTransport(app: FastifyInstance): Transport {
  return async (request) => {
    const { payload, contentType } = encodeBody(request);
    const startedAt = performance.now();
    const response = await app.inject({
      method: request.method,
      url: request.url,
      headers: withContentType(request.headers, contentType),
      ...(payload === undefined ? {} : { payload }),
    });
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (Array.isArray(value)) {
        headers[name.toLowerCase()] = value.join(', ');
      } else if (value !== undefined) {
        headers[name.toLowerCase()] = String(value);
      }
    }
    return { status: response.statusCode, headers, text: response.body, durationMs: performance.now() - startedAt };
  };
}

/**
 * Sends requests over HTTP with `fetch`. A request without a response within
 * `timeoutMs` is aborted and raises NoResponseError, as do refused and reset connections.
 */
export function fetchTransport(baseUrl: string, timeoutMs: number): Transport {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(baseUrl)) {
    throw new Error(`reliability tests send requests to loopback only (http://127.0.0.1 or http://localhost), got ${baseUrl}`);
  }
  return async (request) => {
    const { payload, contentType } = encodeBody(request);
    const startedAt = performance.now();
    try {
      const response = await fetch(`${baseUrl}${request.url}`, {
        method: request.method,
        headers: withContentType(request.headers, contentType),
        ...(payload === undefined ? {} : { body: payload }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      const headers: Record<string, string | undefined> = {};
      response.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      return { status: response.status, headers, text, durationMs: performance.now() - startedAt };
    } catch (error) {
      const durationMs = performance.now() - startedAt;
      throw new NoResponseError(`${request.method} ${request.url} got no response after ${Math.round(durationMs)} ms: ${describeFetchError(error)}`, durationMs, {
        cause: error,
      });
    }
  };
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}

/** Parses a response body as JSON, or returns undefined when it is not JSON. */
export function jsonOf(response: HttpResponse): unknown {
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    return undefined;
  }
}
