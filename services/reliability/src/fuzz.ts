import fc from 'fast-check';

import { fillPath, type ApiRoute, type JsonSchema, type Parameter } from './openapi.ts';

/** Realistic values by field name, so generated requests also get past validation into the business rules. */
export type FieldValues = Readonly<Record<string, fc.Arbitrary<unknown>>>;

const exactArbitraries = new WeakSet<fc.Arbitrary<unknown>>();

/** Marks field values that replace the schema-derived ones instead of being mixed with them. */
export function exactly<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T> {
  exactArbitraries.add(arbitrary);
  return arbitrary;
}

export interface FuzzRequest {
  readonly route: ApiRoute;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Raw text body, or undefined for none. */
  readonly body: string | undefined;
  /** Description of the change made to the request, for failure messages. */
  readonly variant: string;
}

const DEPTH_LIMIT = 6;

/** Returns values that conform to a JSON Schema most of the time, with realistic values for known field names. */
export function schemaArbitrary(schema: JsonSchema, fields: FieldValues, name?: string, depth = 0): fc.Arbitrary<unknown> {
  const known = name === undefined ? undefined : fields[name];
  if (known !== undefined && exactArbitraries.has(known)) {
    return known;
  }
  const derived = baseArbitrary(schema, fields, depth);
  let arbitrary = known === undefined ? derived : fc.oneof({ arbitrary: known, weight: 4 }, { arbitrary: derived, weight: 1 });
  if (schema.nullable === true) {
    arbitrary = fc.oneof({ arbitrary, weight: 5 }, { arbitrary: fc.constant(null), weight: 1 });
  }
  return arbitrary;
}

function baseArbitrary(schema: JsonSchema, fields: FieldValues, depth: number): fc.Arbitrary<unknown> {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives !== undefined && alternatives.length > 0) {
    return fc.oneof(...alternatives.map((alternative) => schemaArbitrary(alternative, fields, undefined, depth)));
  }
  if (schema.allOf !== undefined && schema.allOf[0] !== undefined) {
    return schemaArbitrary(schema.allOf[0], fields, undefined, depth);
  }
  if (schema.const !== undefined) {
    return fc.constant(schema.const);
  }
  if (schema.enum !== undefined && schema.enum.length > 0) {
    return fc.constantFrom(...schema.enum);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1_000, -1e9), max: Math.min(schema.maximum ?? 1_000, 1e9) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      if (depth >= DEPTH_LIMIT) {
        return fc.constant([]);
      }
      return fc.array(schemaArbitrary(schema.items ?? {}, fields, undefined, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
    case 'object':
      return objectArbitrary(schema, fields, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.format === 'date-time') {
    return instantArbitrary();
  }
  if (schema.format === 'uri') {
    return fc.oneof(fc.webUrl(), fc.string({ maxLength: 30 }));
  }
  if (schema.pattern !== undefined) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern));
    } catch {
      // A pattern fast-check cannot generate from: fall back to plain strings.
    }
  }
  return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 60) });
}

function objectArbitrary(schema: JsonSchema, fields: FieldValues, depth: number): fc.Arbitrary<unknown> {
  if (depth >= DEPTH_LIMIT) {
    return fc.constant({});
  }
  const properties = schema.properties ?? {};
  if (Object.keys(properties).length === 0 && typeof schema.additionalProperties === 'object') {
    const keys = fc.constantFrom('monday', 'tuesday', 'friday', 'saturday', 'holiday', 'x');
    return fc.dictionary(keys, schemaArbitrary(schema.additionalProperties, fields, undefined, depth + 1), { maxKeys: 3 });
  }
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, property] of Object.entries(properties)) {
    model[key] = schemaArbitrary(property, fields, key, depth + 1);
  }
  return fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in model) });
}

const HOUR_MS = 3_600_000;

/** Returns instants around now, far off, and malformed. */
export function instantArbitrary(): fc.Arbitrary<string> {
  const now = Date.now();
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: -100, max: 2 }).map((hours) => new Date(now + hours * HOUR_MS).toISOString()) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '9999-12-31T23:59:59Z',
        '0001-01-01T00:00:00Z',
        '1970-01-01T00:00:00Z',
        '2126-12-04T07:00:00+08:00',
        '2026-12-04T24:00:00Z',
        '2026-02-30T07:00:00+08:00',
        '2026-12-04T07:00:00',
        '2026-12-04T07:00:00+25:00',
        '2026-12-04 07:00:00Z',
        '+275760-09-13T00:00:00Z',
      ),
    },
  );
}

/**
 * Returns dates near today, impossible dates, malformed ones, and real dates far in
 * the past and future, 9999-12-31 included, for single days and range ends alike.
 */
export function localDateArbitrary(): fc.Arbitrary<string> {
  const today = Date.now() + 8 * HOUR_MS;
  const malformed = ['2026-02-30', '2026-02-29', '2026-13-01', '2026-00-10', '0000-00-00', '2026-2-3', '2026-12-04T00:00:00Z', '20261204'];
  const far = ['1900-01-01', '0001-01-01', '9999-12-30', '9999-12-31', '2100-02-28', '2999-12-31'];
  return fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: -40, max: 3 }).map((days) => new Date(today + days * 24 * HOUR_MS).toISOString().slice(0, 10)) },
    { weight: 2, arbitrary: fc.constantFrom(...malformed, ...far) },
  );
}

/** Characters allowed in an HTTP header value: tab, visible ASCII, space and Latin-1 high characters. */
const headerCharacter = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)) },
  { weight: 1, arbitrary: fc.constantFrom('\t', '\u00e9', '\u00ff', '\u0080') },
);
const headerText = (maxLength: number) => fc.string({ unit: headerCharacter, maxLength });

const controlCharacters = fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 8 });

/** Returns replacement values that are wrong for almost any field. */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(null, true, false, 0, -1, '', ' ', [], {}, 'null', [1, 2, 3], { nested: { value: 1 } }),
    fc.constantFrom(1e308, -1e308, 91, -91, 181, -181, 2 ** 53 + 1, -0, 5e-324, 1_000_001),
    fc.constantFrom('2026-02-30', '2026-13-01', '9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', '2026-12-04T07:00:00+25:00'),
    fc.constantFrom('19860926201505100', '1986092620150510011', '198609262015051003', '000000000000000000', '19860926 2015051001', '\uff11\uff19\uff18\uff16\uff10\uff19\uff12\uff16\uff12\uff10\uff11\uff15\uff10\uff15\uff11\uff10\uff10\uff11', '١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١'),
    controlCharacters.map((control) => `nama${control}pegawai`),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.integer({ min: 1_000, max: 40_000 }).map((length) => 'x'.repeat(length)),
    fc.integer({ min: 200, max: 5_000 }).map((length) => '\u00e9\u{1f600}'.repeat(length)),
    fc.integer({ min: 2, max: 150 }).map((depth) => nestedValue(depth)),
  );
}

function nestedValue(depth: number): unknown {
  let value: unknown = 'dasar';
  for (let level = 0; level < depth; level += 1) {
    value = level % 2 === 0 ? [value] : { inner: value };
  }
  return value;
}

type JsonPath = ReadonlyArray<string | number>;

function pathsOf(value: unknown, prefix: JsonPath = [], into: JsonPath[] = []): JsonPath[] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      into.push([...prefix, index]);
      pathsOf(item, [...prefix, index], into);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      into.push([...prefix, key]);
      pathsOf(item, [...prefix, key], into);
    }
  }
  return into;
}

function parentAt(root: unknown, path: JsonPath): Record<string | number, unknown> | undefined {
  let current = root;
  for (const segment of path.slice(0, -1)) {
    if (typeof current !== 'object' || current === null) {
      return undefined;
    }
    current = (current as Record<string | number, unknown>)[segment];
  }
  return typeof current === 'object' && current !== null ? (current as Record<string | number, unknown>) : undefined;
}

type Mutation =
  | { readonly kind: 'none' }
  | { readonly kind: 'drop'; readonly pick: number }
  | { readonly kind: 'replace'; readonly pick: number; readonly value: unknown }
  | { readonly kind: 'extra'; readonly pick: number; readonly key: string; readonly value: unknown };

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: 'drop' as const, pick })) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: hostileValue() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('extra' as const),
      pick: fc.nat(),
      key: fc.oneof(fc.constantFrom('tenantId', '__proto__', 'constructor', 'prototype', 'extra', 'nip', ''), fc.string({ maxLength: 12 })),
      value: fc.oneof(hostileValue(), fc.jsonValue({ maxDepth: 2 })),
    }),
  },
);

/** Applies one mutation to a copy of a JSON value, and returns the copy with a description. */
export function mutate(value: unknown, mutation: Mutation): { value: unknown; description: string } {
  if (mutation.kind === 'none') {
    return { value, description: 'as generated' };
  }
  const copy = structuredClone(value) as unknown;
  const paths = pathsOf(copy);
  if (mutation.kind === 'extra') {
    const objects = [[], ...paths].filter((path) => {
      const target = path.length === 0 ? copy : parentAt(copy, [...path, 'x']);
      return typeof target === 'object' && target !== null && !Array.isArray(target);
    });
    const path = objects[mutation.pick % Math.max(objects.length, 1)] ?? [];
    const target = path.length === 0 ? copy : parentAt(copy, [...path, 'x']);
    if (typeof target === 'object' && target !== null) {
      Object.defineProperty(target, mutation.key, { value: mutation.value, enumerable: true, configurable: true, writable: true });
    }
    return { value: copy, description: `extra field ${JSON.stringify(mutation.key)} at ${path.join('.') || 'top'}` };
  }
  if (paths.length === 0) {
    return { value: mutation.kind === 'replace' ? mutation.value : copy, description: 'whole body replaced' };
  }
  const path = paths[mutation.pick % paths.length] ?? [];
  const parent = parentAt(copy, path);
  const key = path[path.length - 1];
  if (parent !== undefined && key !== undefined) {
    if (mutation.kind === 'drop') {
      if (Array.isArray(parent) && typeof key === 'number') {
        parent.splice(key, 1);
      } else {
        delete parent[key];
      }
    } else {
      parent[key] = mutation.value;
    }
  }
  return { value: copy, description: `${mutation.kind} ${path.join('.')}` };
}

/** Returns Authorization header values: mostly valid tokens, sometimes broken ones. */
export function authorizationArbitrary(tokens: readonly string[]): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...tokens).map((token) => `Bearer ${token}`) },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.constant(undefined),
        fc.constantFrom('', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer x.y.z', 'Bearer ....', 'Token abc'),
        fc.constantFrom(...tokens).map((token) => `Bearer ${token.slice(0, -3)}`),
        fc.constantFrom(...tokens).map((token) => `Bearer  ${token} trailing`),
        headerText(80).map((text) => `Bearer ${text}`),
        fc.integer({ min: 8_200, max: 12_000 }).map((length) => `Bearer ${'a'.repeat(length)}`),
      ),
    },
  );
}

/** Returns odd but sendable request headers: language, idempotency and correlation ids. */
export function oddHeadersArbitrary(): fc.Arbitrary<Record<string, string>> {
  const acceptLanguage = fc.oneof(
    fc.constantFrom('en', 'id', 'en-US,en;q=0.9,id;q=0.5', '*', 'xx-YY', 'en;q=abc', 'en;q=-1', ';;;,,,', 'id;q=0, en;q=0', 'EN', 'in-ID'),
    headerText(120),
    fc.integer({ min: 500, max: 4_000 }).map((count) => 'en-US,'.repeat(count)),
  );
  const idempotencyKey = fc.oneof(
    fc.stringMatching(/^[\x21-\x7e]{1,200}$/),
    fc.constantFrom('', ' ', 'kunci dengan spasi', 'k\u00e9y', '\t'),
    fc.integer({ min: 201, max: 2_000 }).map((length) => 'k'.repeat(length)),
    headerText(60),
  );
  return fc.record(
    {
      'accept-language': acceptLanguage,
      'idempotency-key': idempotencyKey,
      'x-correlation-id': fc.oneof(fc.stringMatching(/^[\x21-\x7e]{1,40}$/), headerText(300)),
      'x-request-id': headerText(100),
    },
    { requiredKeys: [] },
  );
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'text/plain',
  'text/csv',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=batas',
  'application/xml',
  'application/json; charset=utf-16',
  'application/vnd.api+json',
  'tanpa/jenis',
] as const;

/** Returns bodies that are not a JSON object of the right shape: malformed, empty, huge or deeply nested text. */
export function rawBodyArbitrary(validBody: fc.Arbitrary<unknown>): fc.Arbitrary<{ body: string; description: string }> {
  const truncated = fc.tuple(validBody, fc.nat()).map(([value, cut]) => {
    const text = JSON.stringify(value) ?? '';
    return { body: text.slice(0, cut % Math.max(text.length, 1)), description: 'truncated JSON' };
  });
  const malformed = fc
    .constantFrom('{', '}', '{"mode": "WFO",}', "{'mode': 'WFO'}", '{"a": NaN}', '{"a": 1} trailing', '\ufeff{}', '{"a":1,"a":2}', '{"__proto__": {"polluted": true}}', '{"constructor": {"prototype": {"polluted": true}}}', '// komentar\n{}', '[1, 2', '"teks"', 'null', '0', '[]', 'true', '', '   ', '\u0000')
    .map((body) => ({ body, description: `malformed ${JSON.stringify(body.slice(0, 40))}` }));
  const deep = fc.integer({ min: 1_000, max: 60_000 }).map((depth) => ({ body: `{"mode":${'['.repeat(depth)}${']'.repeat(depth)}}`, description: `nested ${depth} deep` }));
  const deepObject = fc.integer({ min: 500, max: 20_000 }).map((depth) => ({ body: `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, description: `objects nested ${depth} deep` }));
  const huge = fc.integer({ min: 256 * 1024, max: 600 * 1024 }).map((size) => ({ body: JSON.stringify({ description: 'x'.repeat(size) }), description: `${size} byte string` }));
  const random = fc.string({ unit: 'binary', maxLength: 200 }).map((body) => ({ body, description: 'random text' }));
  return fc.oneof(truncated, malformed, deep, deepObject, huge, random);
}

export function contentTypeArbitrary(): fc.Arbitrary<string | undefined> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant('application/json') }, { weight: 3, arbitrary: fc.constantFrom(...CONTENT_TYPES) }, { weight: 1, arbitrary: fc.constant(undefined) });
}

/** Returns CSV bodies for the employee import: real columns with hostile values, and text that is no CSV at all. */
export function csvArbitrary(fields: FieldValues): fc.Arbitrary<string> {
  const cell = fc.oneof(
    fc.string({ maxLength: 20 }),
    hostileValue().map((value) => (typeof value === 'string' ? value : JSON.stringify(value) ?? '')),
    ...(fields['nip'] === undefined ? [] : [fields['nip'].map(String)]),
    fc.constantFrom('PNS', 'PPPK', 'pns', 'employee|supervisor', 'setda', '"quoted, cell"', '"unclosed'),
  );
  const header = fc.constantFrom('nip,kind,name,unitId,supervisorNip,roles,domicileLatitude,domicileLongitude', 'nip;kind;name;unitId', 'nama,unit', '', 'nip,kind,name,unitId');
  const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 9 }).map((cells) => cells.join(',')), { maxLength: 6 });
  return fc.oneof(
    fc.tuple(header, rows).map(([line, lines]) => [line, ...lines].join('\n')),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.integer({ min: 5_001, max: 5_200 }).map((count) => `nip,kind,name,unitId\n${'199001012020011001,PNS,Nama,setda\n'.repeat(count)}`),
  );
}

function stringify(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

/** Returns query parameters for a GET route, generated from its schema and then broken in one way. */
function queryArbitrary(route: ApiRoute, fields: FieldValues): fc.Arbitrary<{ path: string; query: string; description: string }> {
  const queryParameters = route.parameters.filter((parameter) => parameter.in === 'query');
  const pathParameters = route.parameters.filter((parameter) => parameter.in === 'path');
  const valueOf = (parameter: Parameter) => schemaArbitrary(parameter.schema, fields, parameter.name).map(stringify);

  const values = fc.record(
    Object.fromEntries(queryParameters.map((parameter) => [parameter.name, valueOf(parameter)])),
    { requiredKeys: queryParameters.filter((parameter) => parameter.required).map((parameter) => parameter.name) },
  ) as fc.Arbitrary<Record<string, string>>;
  const pathValues = fc.record(
    Object.fromEntries(pathParameters.map((parameter) => [parameter.name, fc.oneof({ weight: 4, arbitrary: valueOf(parameter) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) })])),
  ) as fc.Arbitrary<Record<string, string>>;

  const breakage = fc.oneof(
    { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: hostileValue().map(stringify) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('unknown' as const), name: fc.oneof(fc.constantFrom('tenantId', 'limit', '__proto__', 'page[]', ''), fc.string({ maxLength: 8 })), value: fc.string({ maxLength: 20 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeat' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw' as const), text: fc.constantFrom('%', '%ZZ', '%00', '%C3%28', '%E0%80%AF', '&&&', '=', 'a=%', '%F0%9F', '?x=1', '#fragment', 'date=2026-12-04&date=2026-12-05') }) },
  );

  return fc.tuple(values, pathValues, breakage).map(([query, pathParameterValues, broken]) => {
    const names = Object.keys(query);
    const encoded = names.map((name) => `${encodeURIComponent(name)}=${encodeURIComponent(query[name] ?? '')}`);
    let description = 'as generated';
    if (broken.kind === 'drop' && encoded.length > 0) {
      const index = broken.pick % encoded.length;
      description = `dropped ${names[index]}`;
      encoded.splice(index, 1);
    } else if (broken.kind === 'replace' && names.length > 0) {
      const index = broken.pick % names.length;
      description = `replaced ${names[index]}`;
      encoded[index] = `${encodeURIComponent(names[index] ?? '')}=${encodeURIComponent(broken.value)}`;
    } else if (broken.kind === 'unknown') {
      description = `unknown parameter ${JSON.stringify(broken.name)}`;
      encoded.push(`${encodeURIComponent(broken.name)}=${encodeURIComponent(broken.value)}`);
    } else if (broken.kind === 'repeat' && encoded.length > 0) {
      const index = broken.pick % encoded.length;
      description = `repeated ${names[index]}`;
      encoded.push(encoded[index] ?? '');
    } else if (broken.kind === 'raw') {
      description = `raw ${JSON.stringify(broken.text)}`;
      encoded.push(broken.text);
    }
    const path = fillPath(route.path, pathParameterValues);
    return { path, query: encoded.length === 0 ? '' : `?${encoded.join('&')}`, description };
  });
}

/** Returns requests for one route: JSON bodies with one mutation, raw bodies, odd content types and headers. */
export function requestArbitrary(route: ApiRoute, fields: FieldValues, tokens: readonly string[]): fc.Arbitrary<FuzzRequest> {
  const headers = fc.tuple(authorizationArbitrary(tokens), oddHeadersArbitrary(), fc.boolean());
  const withAuthorization = (authorization: string | undefined, odd: Record<string, string>, useOdd: boolean): Record<string, string> => ({
    ...(useOdd ? odd : {}),
    ...(authorization === undefined ? {} : { authorization }),
  });

  if (route.method === 'GET') {
    return fc.tuple(queryArbitrary(route, fields), headers).map(([query, [authorization, odd, useOdd]]) => ({
      route,
      method: 'GET' as const,
      url: `${query.path}${query.query}`,
      headers: withAuthorization(authorization, odd, useOdd),
      body: undefined,
      variant: query.description,
    }));
  }

  const path = fillPath(route.path, {});
  if (route.bodySchema === undefined) {
    // A non-JSON command, such as the CSV employee import.
    return fc.tuple(fc.oneof({ weight: 4, arbitrary: csvArbitrary(fields) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map(stringify) }), contentTypeArbitrary(), headers).map(
      ([body, contentType, [authorization, odd, useOdd]]) => ({
        route,
        method: 'POST' as const,
        url: path,
        headers: { ...withAuthorization(authorization, odd, useOdd), ...(contentType === undefined ? {} : { 'content-type': contentType === 'application/json' ? route.consumes : contentType }) },
        body,
        variant: `csv body as ${contentType ?? 'no content type'}`,
      }),
    );
  }

  const validBody = schemaArbitrary(route.bodySchema, fields);
  const jsonBody = fc.tuple(validBody, mutationArbitrary).map(([value, mutation]) => {
    const mutated = mutate(value, mutation);
    return { body: JSON.stringify(mutated.value) ?? 'null', description: mutated.description, contentType: 'application/json' as string | undefined };
  });
  const rawBody = fc.tuple(rawBodyArbitrary(validBody), contentTypeArbitrary()).map(([raw, contentType]) => ({ body: raw.body, description: raw.description, contentType }));
  const mismatchedType = fc
    .tuple(validBody, fc.constantFrom(...CONTENT_TYPES.filter((type) => !type.toLowerCase().includes('json'))))
    .map(([value, contentType]) => ({ body: JSON.stringify(value) ?? '', description: `JSON sent as ${contentType}`, contentType: contentType as string | undefined }));

  return fc
    .tuple(fc.oneof({ weight: 6, arbitrary: jsonBody }, { weight: 2, arbitrary: rawBody }, { weight: 1, arbitrary: mismatchedType }), headers)
    .map(([generated, [authorization, odd, useOdd]]) => ({
      route,
      method: 'POST' as const,
      url: path,
      headers: { ...withAuthorization(authorization, odd, useOdd), ...(generated.contentType === undefined ? {} : { 'content-type': generated.contentType }) },
      body: generated.body,
      variant: generated.description,
    }));
}
