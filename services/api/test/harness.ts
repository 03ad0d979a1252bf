import { compareLogPositions, createFleksiEventRegistry, parseLogPosition, START_OF_LOG, type LogPosition, type Role } from '@fleksi/contracts';
import { PostgresEventStore } from '@fleksi/event-store';
import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';

import { activeGeneration, ProjectionManager, workdaysProjection } from '@fleksi/read-models';

import { buildApp, type AppDependencies } from '../src/app.ts';
import { createTokenVerifier, signDevelopmentToken } from '../src/auth/tokens.ts';

export const SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
export const TENANT = 'mamuju-tengah';
export const OFFICE = { latitude: -1.8796, longitude: 119.4665 };
export const NIP = {
  employee: '198609262015051001',
  colleague: '199104112019032003',
  supervisor: '197501152000031002',
  admin: '198203032006041004',
  otherUnit: '199505052020121001',
} as const;

export interface Harness {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  readonly store: PostgresEventStore;
  /** Waits until the read models have applied every event appended so far. */
  settle(): Promise<void>;
  /** Moves the server clock. */
  setNow(instant: string): void;
  token(options: { role: Role | Role[]; nip?: string; unit?: string; tenant?: string; subject?: string }): Promise<string>;
  command(name: string, token: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createHarness(overrides: Partial<AppDependencies> = {}, options: { projections?: boolean } = {}): Promise<Harness> {
  const database = await createTestDatabase();
  const store = new PostgresEventStore(database.pool, { registry: createFleksiEventRegistry() });
  const projections = options.projections === true
    ? new ProjectionManager({ pool: database.pool, store, projections: [workdaysProjection], logger: pino({ level: 'silent' }), pollIntervalMs: 50 })
    : undefined;
  await projections?.start();
  let now = '2026-01-21T23:25:00.000Z';
  let lastPosition: LogPosition = START_OF_LOG;
  const app = await buildApp({
    eventStore: store,
    pool: database.pool,
    databaseOrigin: 'environment',
    logger: pino({ level: 'silent' }),
    version: 'test',
    verifier: createTokenVerifier({ kind: 'secret', secret: SECRET }),
    clock: () => now,
    ...overrides,
  });

  const token: Harness['token'] = async (options) => {
    const roles = Array.isArray(options.role) ? options.role : [options.role];
    return signDevelopmentToken(SECRET, {
      tenant: options.tenant ?? TENANT,
      subject: options.subject ?? options.nip ?? roles.join('+'),
      roles,
      ...(options.nip === undefined ? {} : { nip: options.nip }),
      ...(options.unit === undefined ? {} : { unit: options.unit }),
    });
  };

  return {
    app,
    database,
    store,
    settle: async () => {
      // Readers see a commit only once every older transaction in the cluster has
      // ended, and other test files share the server: wait for the newest command's
      // position rather than for whatever the head shows now.
      const deadline = Date.now() + 15_000;
      for (;;) {
        const head = await store.headPosition();
        const generation = await activeGeneration(database.pool, workdaysProjection.name);
        const target = head === undefined || compareLogPositions(head, lastPosition) < 0 ? lastPosition : head;
        if (generation !== undefined && compareLogPositions(generation.position, target) >= 0) {
          return;
        }
        if (Date.now() > deadline) {
          throw new Error('read models did not catch up within 15 s');
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    setNow: (instant) => {
      now = instant;
    },
    token,
    command: async (name, bearer, body, headers = {}) => {
      const response = await app.inject({ method: 'POST', url: `/v1/commands/${name}`, headers: { authorization: `Bearer ${bearer}`, ...headers }, payload: body as object });
      const position = response.statusCode < 300 ? parseLogPosition(String(response.json().position ?? '')) : undefined;
      if (position !== undefined && compareLogPositions(position, lastPosition) > 0) {
        lastPosition = position;
      }
      return response;
    },
    close: async () => {
      await app.close();
      await projections?.stop();
      await database.drop();
    },
  };
}

/** Registers the tenant, two units and (unless told not to) five employees used by the API tests. */
export async function seedOrganisation(harness: Harness, options: { employees?: boolean } = {}): Promise<void> {
  const system = await harness.token({ role: 'system' });
  const admin = await harness.token({ role: 'tenant_admin' });
  const expectCreated = (response: LightMyRequestResponse): void => {
    if (response.statusCode !== 201) {
      throw new Error(`seeding failed: ${response.statusCode} ${response.body}`);
    }
  };

  expectCreated(await harness.command('register-tenant', system, { tenantId: TENANT, name: 'Kabupaten Mamuju Tengah' }));
  expectCreated(
    await harness.command('register-unit', admin, {
      unitId: 'setda',
      name: 'Sekretariat Daerah',
      geofences: [{ id: 'kantor-bupati', name: 'Kantor Bupati', ...OFFICE, radiusMeters: 150 }],
    }),
  );
  expectCreated(
    await harness.command('register-unit', admin, {
      unitId: 'dinkes',
      name: 'Dinas Kesehatan',
      geofences: [{ id: 'dinkes', name: 'Kantor Dinas Kesehatan', latitude: -1.8901, longitude: 119.4801, radiusMeters: 100 }],
    }),
  );
  if (options.employees === false) {
    return;
  }
  const people = [
    { nip: NIP.supervisor, name: 'Siti Rahmawati', unitId: 'setda', supervisorNip: null, roles: ['employee', 'supervisor'] },
    { nip: NIP.admin, name: 'Budi Santoso', unitId: 'setda', supervisorNip: NIP.supervisor, roles: ['employee', 'unit_admin'] },
    { nip: NIP.employee, name: 'Andi Pratama', unitId: 'setda', supervisorNip: NIP.supervisor, roles: ['employee'] },
    { nip: NIP.colleague, name: 'Nur Aisyah', unitId: 'setda', supervisorNip: NIP.supervisor, roles: ['employee'] },
    { nip: NIP.otherUnit, name: 'Rudi Hartono', unitId: 'dinkes', supervisorNip: null, roles: ['employee'] },
  ];
  for (const person of people) {
    expectCreated(await harness.command('register-employee', admin, { kind: 'PNS', ...person }));
  }
}

/** A location `meters` north of the office (one degree of latitude is about 111.2 km). */
export function nearOffice(meters = 30, accuracyMeters = 10) {
  return { latitude: OFFICE.latitude + meters / 111_195, longitude: OFFICE.longitude, accuracyMeters };
}
