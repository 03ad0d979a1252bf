import { createFleksiEventRegistry, TenantSettings } from '@fleksi/contracts';
import {
  registerEmployee,
  registerTenant,
  registerUnit,
  streams,
  type ApplicationDependencies,
  type Principal,
} from '@fleksi/domain';
import type { EventStore } from '@fleksi/event-store';
import type { FastifyBaseLogger } from 'fastify';

/** The demo tenant's office; the coordinates are approximate and only for trying the API. */
export const DEMO = {
  unitId: 'setda',
  office: { latitude: -1.8796, longitude: 119.4665 },
  employeeNip: '199001012020011001',
  supervisorNip: '198005052005012002',
} as const;

/**
 * Creates a small tenant on first start so a newcomer can check in with curl at once:
 * one unit with an office geofence, a supervisor and an employee. Does nothing when
 * the tenant exists.
 */
export async function bootstrapDemoTenant(store: EventStore, tenantId: string, logger: FastifyBaseLogger): Promise<boolean> {
  const existing = await store.readStream(streams.tenant(tenantId), { maxCount: 1 });
  if (existing.currentVersion > 0) {
    return false;
  }

  const dependencies: ApplicationDependencies = { store, registry: createFleksiEventRegistry(), clock: () => new Date().toISOString() };
  const system: Principal = { tenantId, subject: 'fleksi-bootstrap', roles: ['system', 'tenant_admin'], nip: null, unitId: null };
  const request = { correlationId: `bootstrap-${tenantId}` };

  await registerTenant(dependencies, system, { tenantId, name: 'Pemerintah Daerah Demo', settings: TenantSettings.parse({}), preloadNationalCalendar: true }, request);
  await registerUnit(
    dependencies,
    system,
    { unitId: DEMO.unitId, name: 'Sekretariat Daerah', geofences: [{ id: 'kantor-utama', name: 'Kantor Bupati', ...DEMO.office, radiusMeters: 150 }] },
    request,
  );
  await registerEmployee(
    dependencies,
    system,
    { nip: DEMO.supervisorNip, kind: 'PNS', name: 'Siti Rahmawati', unitId: DEMO.unitId, supervisorNip: null, roles: ['employee', 'supervisor'], domicile: null },
    request,
  );
  await registerEmployee(
    dependencies,
    system,
    { nip: DEMO.employeeNip, kind: 'PNS', name: 'Andi Pratama', unitId: DEMO.unitId, supervisorNip: DEMO.supervisorNip, roles: ['employee'], domicile: null },
    request,
  );

  logger.info(
    { tenantId, unitId: DEMO.unitId, employeeNip: DEMO.employeeNip, supervisorNip: DEMO.supervisorNip },
    `demo tenant created; get a token with: npx fleksi token --tenant ${tenantId} --role employee --employee ${DEMO.employeeNip}`,
  );
  return true;
}
