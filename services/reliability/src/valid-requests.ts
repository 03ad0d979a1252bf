import fc from 'fast-check';

import { schemaArbitrary, type FieldValues } from './fuzz.ts';
import { fillPath, type ApiRoute } from './openapi.ts';
import { jsonOf, type HttpResponse, type Transport } from './transport.ts';

/** A request that gets past a route's validation, so what follows (authentication, roles, scope) is reached. */
export interface RouteRequest {
  readonly route: ApiRoute;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly body: string | undefined;
  readonly contentType: string | undefined;
}

/** Sends a prepared request with extra headers. */
export function send(transport: Transport, request: RouteRequest, headers: Readonly<Record<string, string>>): Promise<HttpResponse> {
  return transport({
    method: request.method,
    url: request.url,
    headers: { ...headers, ...(request.contentType === undefined ? {} : { 'content-type': request.contentType }) },
    ...(request.body === undefined ? {} : { body: request.body }),
  });
}

function isValidationFailure(response: HttpResponse): boolean {
  const code = (jsonOf(response) as { code?: unknown } | undefined)?.code;
  return response.status === 400 && (code === 'VALIDATION_FAILED' || code === 'MALFORMED_JSON' || code === 'NIP_INVALID' || code === 'POSITION_INVALID');
}

const stringify = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

/**
 * Generates candidate requests for a route from its OpenAPI schema, with `fields`
 * filling known field names, and returns the first one the API does not reject as
 * invalid. `probeToken` should have no write rights anywhere (an evaluator of a tenant
 * that does not exist), so probing changes nothing. Returns undefined when none of
 * `candidates` passes.
 */
export async function findValidRequest(options: {
  readonly transport: Transport;
  readonly route: ApiRoute;
  readonly fields: FieldValues;
  /** A CSV body for routes that consume text/csv. */
  readonly csv: string;
  readonly probeToken: string;
  readonly seed: number;
  readonly candidates?: number;
}): Promise<RouteRequest | undefined> {
  const { route, fields } = options;
  const numRuns = options.candidates ?? 150;
  let candidates: RouteRequest[];

  if (route.method === 'POST') {
    const url = fillPath(route.path, {});
    if (route.bodySchema === undefined) {
      candidates = [{ route, method: 'POST', url, body: options.csv, contentType: route.consumes }];
    } else {
      candidates = fc
        .sample(schemaArbitrary(route.bodySchema, fields), { numRuns, seed: options.seed })
        .map((body) => ({ route, method: 'POST' as const, url, body: JSON.stringify(body), contentType: 'application/json' }));
    }
  } else {
    // Required parameters first, so the response depends on the caller and not on filters.
    // Then also every optional one `fields` has values for, for routes that need one of
    // several (such as date, or from and to).
    const usable = route.parameters.filter((parameter) => parameter.in === 'query' || parameter.in === 'path');
    const required = usable.filter((parameter) => parameter.required);
    const withKnownOptional = usable.filter((parameter) => parameter.required || fields[parameter.name] !== undefined);
    candidates = [required, withKnownOptional].flatMap((parameters) => {
      const arbitrary = fc.record(Object.fromEntries(parameters.map((parameter) => [parameter.name, schemaArbitrary(parameter.schema, fields, parameter.name).map(stringify)])));
      return fc.sample(arbitrary, { numRuns: parameters.length === 0 ? 1 : numRuns, seed: options.seed }).map((values) => {
        const pathValues = Object.fromEntries(parameters.filter((parameter) => parameter.in === 'path').map((parameter) => [parameter.name, values[parameter.name] ?? '']));
        const query = parameters
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => `${encodeURIComponent(parameter.name)}=${encodeURIComponent(values[parameter.name] ?? '')}`);
        return { route, method: 'GET' as const, url: `${fillPath(route.path, pathValues)}${query.length === 0 ? '' : `?${query.join('&')}`}`, body: undefined, contentType: undefined };
      });
    });
  }

  for (const candidate of candidates) {
    const response = await send(options.transport, candidate, { authorization: `Bearer ${options.probeToken}` });
    if (!isValidationFailure(response)) {
      return candidate;
    }
  }
  return undefined;
}
