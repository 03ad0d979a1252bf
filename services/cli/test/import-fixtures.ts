import { readFileSync } from 'node:fs';

import { createFleksiEventRegistry, RegisterEmployeeBody, RegisterTenantBody, RegisterUnitBody } from '@fleksi/contracts';
import { registerEmployee, registerTenant, registerUnit, type ApplicationDependencies, type Principal } from '@fleksi/domain';
import type { EventStore } from '@fleksi/event-store';
import { parsePinMap } from '@fleksi/fingerprint';

/** Reads a fixture of the fingerprint package: real-shaped terminal logs and PIN maps. */
export function fingerprintFixture(name: string): string {
  return readFileSync(new URL(`../../fingerprint/test/fixtures/${name}`, import.meta.url), 'utf8');
}

/** A week of January 2026 from a terminal in a Makassar office (WITA, UTC+8), with malformed lines. */
export const WEEK_LOG = 'makassar-week_1_attlog.dat';
/** The PIN map of that office, exported by a spreadsheet, with rows a careful import must leave out. */
export const PIN_MAP = 'pin-map.csv';

export const WEEK_PIN_MAP = parsePinMap(fingerprintFixture(PIN_MAP)).map;

export interface SeedOptions {
  readonly tenantId: string;
  readonly unitId: string;
  /** NIPs to register as employees of the unit. */
  readonly nips: readonly string[];
  /** The tenant's offline window; the domain default is 72 hours. */
  readonly offlineWindowHours?: number;
}

/** Application dependencies on a real store with a clock the test moves. */
export function testDependencies(store: EventStore, clock: () => string): ApplicationDependencies {
  return { store, registry: createFleksiEventRegistry(), clock };
}

/** Registers a tenant, one unit and its employees through the domain's application services. */
export async function seedTenant(dependencies: ApplicationDependencies, options: SeedOptions): Promise<void> {
  const request = { correlationId: `seed-${options.tenantId}` };
  const system: Principal = { tenantId: options.tenantId, subject: 'test-installer', roles: ['system'], nip: null, unitId: null };
  const admin: Principal = { tenantId: options.tenantId, subject: 'test-bkpsdm', roles: ['tenant_admin'], nip: null, unitId: null };

  const settings = options.offlineWindowHours === undefined ? {} : { settings: { offlineWindowHours: options.offlineWindowHours } };
  await registerTenant(dependencies, system, RegisterTenantBody.parse({ tenantId: options.tenantId, name: `Kabupaten ${options.tenantId}`, ...settings }), request);
  await registerUnit(dependencies, admin, RegisterUnitBody.parse({ unitId: options.unitId, name: 'Badan Kepegawaian dan Pengembangan SDM' }), request);
  for (const [index, nip] of options.nips.entries()) {
    await registerEmployee(dependencies, admin, RegisterEmployeeBody.parse({ nip, kind: 'PNS', name: `Pegawai ${index + 1}`, unitId: options.unitId }), request);
  }
}
