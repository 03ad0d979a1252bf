import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

import { DomainError, type ApplicationDependencies, type TenantCache } from '@fleksi/domain';
import { deviceKeyMatches, importAttlog, type ImportReport } from '@fleksi/fingerprint/import';

import { DEVICE_SERIAL, loadDeviceRegistry, type DeviceRegistry, type RegisteredDevice } from './device-registry.ts';
import { sendDeviceProblem } from './device-problems.ts';

export interface FingerprintRouteOptions {
  readonly dependencies: ApplicationDependencies;
  readonly tenants: TenantCache;
  /** Registered terminals; loaded from FLEKSI_FINGERPRINT_DEVICES when absent. */
  readonly registry?: DeviceRegistry;
  /** Pushes per minute per terminal address. */
  readonly rateLimitPerMinute?: number;
}

const SerialParams = z.strictObject({ serial: z.string().regex(DEVICE_SERIAL, 'expected 1 to 64 letters, digits, "_" or "-"') });

// Terminals add parameters of their own (Stamp, options, pushver), so unknown ones are allowed.
const AdmsQuery = z.looseObject({
  SN: z.string().regex(DEVICE_SERIAL, 'expected 1 to 64 letters, digits, "_" or "-"'),
  table: z.string().max(40).optional(),
});

const DEVICE_KEY_HEADER = 'x-device-key';

/**
 * Registers the push endpoints of fingerprint terminals:
 * - `POST /v1/fingerprint/devices/:serial/attlog` returns the import report as JSON;
 * - `POST /iclock/cdata?SN=<serial>&table=ATTLOG`, the upload request of the
 *   ZKTeco ADMS push protocol, returns `OK` as plain text.
 * Both take ATTLOG lines as the body, whatever its content type, and need the
 * device key in `X-Device-Key` or `Authorization: Device <key>`.
 */
export async function registerFingerprintRoutes(app: FastifyInstance, options: FingerprintRouteOptions): Promise<void> {
  const registry = options.registry ?? (await loadDeviceRegistry(process.env, app.log));
  const rateLimit = { max: options.rateLimitPerMinute ?? 600, timeWindow: '1 minute' };

  await app.register(async (scope) => {
    // Terminals label the body text/plain or not at all; read every body of
    // these routes as text, still within the application's body limit.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    scope.post(
      '/v1/fingerprint/devices/:serial/attlog',
      {
        config: { rateLimit },
        schema: {
          summary: 'Push ATTLOG lines from a registered fingerprint terminal; answers with the import report',
          tags: ['fingerprint'],
          params: SerialParams,
          consumes: ['text/plain'],
        },
      },
      async (request, reply) => {
        const { serial } = request.params as z.output<typeof SerialParams>;
        const device = authenticateDevice(request, reply, registry, serial);
        if (device === undefined) {
          return reply;
        }
        const report = await importPush(request, options, device);
        return reply.code(200).send({ serial, tenantId: device.tenantId, unitId: device.unitId, report });
      },
    );

    scope.post(
      '/iclock/cdata',
      {
        config: { rateLimit },
        schema: {
          summary: 'ADMS-compatible upload of ATTLOG lines (table=ATTLOG); answers OK as plain text',
          tags: ['fingerprint'],
          querystring: AdmsQuery,
          consumes: ['text/plain'],
        },
      },
      async (request, reply) => {
        const query = request.query as z.output<typeof AdmsQuery>;
        const device = authenticateDevice(request, reply, registry, query.SN);
        if (device === undefined) {
          return reply;
        }
        // Other tables (OPERLOG, ATTPHOTO, ...) carry no attendance; accepting
        // them stops the terminal from sending them again and again.
        if (query.table?.toUpperCase() === 'ATTLOG') {
          await importPush(request, options, device);
        } else {
          request.log.debug({ serial: device.serial, table: query.table ?? null }, 'ADMS upload of another table ignored');
        }
        return reply.code(200).type('text/plain; charset=utf-8').send('OK');
      },
    );
  });
}

/**
 * Returns the registered device when the request carries its key; otherwise
 * sends a 404 or 401 problem and returns undefined.
 */
function authenticateDevice(request: FastifyRequest, reply: FastifyReply, registry: DeviceRegistry, serial: string): RegisteredDevice | undefined {
  const device = registry.find(serial);
  if (device === undefined) {
    request.log.info({ serial }, 'push from an unregistered fingerprint terminal');
    void sendDeviceProblem(request, reply, 'DEVICE_NOT_FOUND', serial);
    return undefined;
  }

  const key = presentedKey(request);
  if (key === undefined) {
    void sendDeviceProblem(request, reply, 'DEVICE_KEY_MISSING', serial);
    return undefined;
  }
  if (!deviceKeyMatches(key, device.keySha256)) {
    request.log.warn({ serial }, 'fingerprint terminal sent a wrong device key');
    void sendDeviceProblem(request, reply, 'DEVICE_KEY_INVALID', serial);
    return undefined;
  }
  return device;
}

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers[DEVICE_KEY_HEADER];
  if (typeof header === 'string' && header.trim() !== '') {
    return header.trim();
  }
  const match = /^Device\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

async function importPush(request: FastifyRequest, options: FingerprintRouteOptions, device: RegisteredDevice): Promise<ImportReport> {
  const body = request.body ?? '';
  if (typeof body !== 'string') {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', { contentType: request.headers['content-type'] ?? 'none' });
  }

  const report = await importAttlog(
    body.split(/\r\n|\n|\r/),
    { dependencies: options.dependencies, tenants: options.tenants },
    {
      tenantId: device.tenantId,
      unitId: device.unitId,
      actor: `device:${device.serial}`,
      correlationId: request.id,
      pinMap: device.pinMap,
      pinIsNipFallback: device.nipFallback,
      deviceId: device.serial,
      pairing: { stateHandling: device.stateHandling },
    },
  );

  request.log.info(
    {
      serial: device.serial,
      tenantId: device.tenantId,
      linesRead: report.linesRead,
      malformedLines: report.malformedLines,
      unknownPinRecords: report.unknownPinRecords,
      checkIns: report.checkIns,
      checkOuts: report.checkOuts,
      rejectedByCode: report.rejectedByCode,
    },
    'fingerprint push imported',
  );
  return report;
}
