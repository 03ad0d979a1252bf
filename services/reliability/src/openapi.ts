import type { Transport } from './transport.ts';

/** The subset of JSON Schema (OpenAPI 3.0 flavour) that the API's zod schemas produce. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly format?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number | boolean;
  readonly exclusiveMaximum?: number | boolean;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly propertyNames?: JsonSchema;
  readonly nullable?: boolean;
  readonly default?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
}

export interface Parameter {
  readonly name: string;
  readonly in: 'query' | 'path' | 'header';
  readonly required: boolean;
  readonly schema: JsonSchema;
}

/** A route that needs a bearer token, as the API's OpenAPI document describes it. */
export interface ApiRoute {
  readonly method: 'GET' | 'POST';
  /** OpenAPI path, with `{name}` for path parameters. */
  readonly path: string;
  readonly kind: 'command' | 'query';
  readonly parameters: readonly Parameter[];
  /** JSON body schema of a command, or undefined for queries and non-JSON commands. */
  readonly bodySchema: JsonSchema | undefined;
  /** Content type the route consumes, for example text/csv for the employee import. */
  readonly consumes: string;
}

interface OpenApiOperation {
  security?: unknown[];
  tags?: string[];
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/**
 * Reads `GET /openapi.json` and returns every route that needs a bearer token:
 * commands (POST) and queries and exports (GET). Routes added later are covered
 * without changing the suites.
 */
export async function discoverRoutes(transport: Transport): Promise<ApiRoute[]> {
  const response = await transport({ method: 'GET', url: '/openapi.json' });
  if (response.status !== 200) {
    throw new Error(`GET /openapi.json returned ${response.status}, but the suites need the API's OpenAPI document`);
  }
  const document = JSON.parse(response.text) as { paths?: Record<string, Record<string, OpenApiOperation>> };
  const routes: ApiRoute[] = [];

  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!(operation.security ?? []).some((entry) => typeof entry === 'object' && entry !== null && 'bearer' in entry)) {
        continue;
      }
      const upper = method.toUpperCase();
      if (upper !== 'GET' && upper !== 'POST') {
        throw new Error(`${upper} ${path} is a method the reliability suites do not cover yet; extend discoverRoutes`);
      }
      const content = operation.requestBody?.content ?? {};
      const jsonSchema = content['application/json']?.schema;
      const consumes = jsonSchema !== undefined ? 'application/json' : (Object.keys(content)[0] ?? (path.endsWith('import-employees') ? 'text/csv' : 'application/json'));
      routes.push({
        method: upper,
        path,
        kind: upper === 'POST' ? 'command' : 'query',
        parameters: (operation.parameters ?? [])
          .filter((parameter) => parameter.in === 'query' || parameter.in === 'path' || parameter.in === 'header')
          .map((parameter) => ({
            name: parameter.name,
            in: parameter.in as Parameter['in'],
            required: parameter.required === true || parameter.in === 'path',
            schema: parameter.schema ?? {},
          })),
        bodySchema: jsonSchema,
        consumes,
      });
    }
  }
  return routes;
}

/** Fills `{name}` path parameters. */
export function fillPath(path: string, values: Readonly<Record<string, string>>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}
