import type { TrialDefinition } from '@fleksi/contracts';
import type { FastifyInstance } from 'fastify';

import { signDevelopmentToken } from '@fleksi/api';

import { BENCH_TIME_HEADER } from './clock.ts';
import { GEOFENCE_RADIUS_METERS, type Regency } from './world.ts';

/** One HTTP request to the API, by `app.inject` or over loopback. */
export type ApiRequest = (request: {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly token: string;
  readonly body?: string;
  readonly contentType?: string;
  readonly time?: string;
}) => Promise<{ readonly status: number; readonly body: string }>;

/** Sends requests to an app in this process without a socket. */
export function injectRequests(app: FastifyInstance): ApiRequest {
  return async (request) => {
    const response = await app.inject({
      method: request.method,
      url: request.path,
      headers: headersOf(request),
      ...(request.body === undefined ? {} : { payload: request.body }),
    });
    return { status: response.statusCode, body: response.body };
  };
}

/** Sends requests to a server on loopback. */
export function fetchRequests(baseUrl: string): ApiRequest {
  return async (request) => {
    const response = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers: headersOf(request),
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    return { status: response.status, body: await response.text() };
  };
}

function headersOf(request: Parameters<ApiRequest>[0]): Record<string, string> {
  return {
    authorization: `Bearer ${request.token}`,
    ...(request.body === undefined ? {} : { 'content-type': request.contentType ?? 'application/json' }),
    ...(request.time === undefined ? {} : { [BENCH_TIME_HEADER]: request.time }),
  };
}

/** Rows per import-employees request; 1,000 rows stay well under the 256 KiB body limit. */
const IMPORT_CHUNK = 1_000;

/**
 * Registers the regency through the command API as its administrators would: the
 * tenant (with the national calendar and default schedules), every unit with its
 * office geofence, the employees by CSV import, and the WFA trial when given.
 * Throws on the first command the API does not accept.
 */
export async function registerRegency(
  send: ApiRequest,
  secret: string,
  regency: Regency,
  options: { readonly time: string; readonly trial?: TrialDefinition },
): Promise<void> {
  const system = await signDevelopmentToken(secret, { tenant: regency.tenantId, subject: 'bench-system', roles: ['system'] });
  const admin = await signDevelopmentToken(secret, { tenant: regency.tenantId, subject: 'bench-admin', roles: ['tenant_admin'] });
  const command = async (name: string, token: string, body: unknown): Promise<void> => {
    const response = await send({ method: 'POST', path: `/v1/commands/${name}`, token, body: JSON.stringify(body), time: options.time });
    if (response.status !== 201) {
      throw new Error(`setting up the regency failed: ${name} returned ${response.status}: ${response.body.slice(0, 500)}`);
    }
  };

  await command('register-tenant', system, { tenantId: regency.tenantId, name: 'Pemerintah Kabupaten Simulasi' });
  for (const unit of regency.units) {
    const geofence = { id: `${unit.id}-kantor`, name: `Kantor ${unit.id}`, ...unit.office, radiusMeters: GEOFENCE_RADIUS_METERS };
    await command('register-unit', admin, { unitId: unit.id, name: unit.name, geofences: [geofence] });
  }

  const header = 'nip,kind,name,unitId,supervisorNip,roles,domicileLatitude,domicileLongitude';
  for (let start = 0; start < regency.employees.length; start += IMPORT_CHUNK) {
    const rows = regency.employees
      .slice(start, start + IMPORT_CHUNK)
      .map((employee) =>
        [employee.nip, 'PNS', employee.name, employee.unitId, employee.supervisorNip ?? '', employee.roles.join('|'), employee.domicile.latitude, employee.domicile.longitude].join(','),
      );
    const response = await send({
      method: 'POST',
      path: '/v1/commands/import-employees',
      token: admin,
      body: [header, ...rows].join('\n'),
      contentType: 'text/csv',
      time: options.time,
    });
    const registered = response.status === 201 ? Number((JSON.parse(response.body) as { registered?: unknown }).registered) : 0;
    if (registered !== rows.length) {
      throw new Error(`employee import registered ${registered} of ${rows.length} rows (HTTP ${response.status}): ${response.body.slice(0, 500)}`);
    }
  }

  if (options.trial !== undefined) {
    await command('define-trial', admin, { definition: options.trial });
  }
}
