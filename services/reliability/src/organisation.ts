import type { Role } from '@fleksi/contracts';

import { signToken } from './tokens.ts';
import { jsonOf, type HttpResponse, type Transport } from './transport.ts';

export interface Coordinates {
  readonly latitude: number;
  readonly longitude: number;
}

export interface UnitSpec {
  readonly unitId: string;
  readonly name: string;
  readonly office: Coordinates;
}

export interface EmployeeSpec {
  readonly nip: string;
  readonly name: string;
  readonly unitId: string;
  readonly supervisorNip: string | null;
  readonly roles: readonly Role[];
}

export interface OrganisationSpec {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly units: readonly UnitSpec[];
  readonly employees: readonly EmployeeSpec[];
}

const GIVEN_NAMES = ['Andi', 'Siti', 'Budi', 'Nur', 'Rudi', 'Dewi', 'Agus', 'Rina', 'Hendra', 'Yuliana', 'Fajar', 'Wulan', 'Irfan', 'Lestari', 'Bayu', 'Ratna'];
const FAMILY_NAMES = ['Pratama', 'Rahmawati', 'Santoso', 'Aisyah', 'Hartono', 'Lestiani', 'Saputra', 'Kusuma', 'Wijaya', 'Hasanah', 'Nugroho', 'Permata'];

/**
 * Returns a valid PNS NIP: birth date, appointment year and month (TMT CPNS), sex
 * digit and a serial. `index` from 0 to 998 gives distinct NIPs.
 */
export function makeNip(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > 998) {
    throw new Error(`NIP index must be a whole number from 0 to 998, got ${index}`);
  }
  const birthYear = 1965 + (index % 30);
  const birthMonth = 1 + (index % 12);
  const birthDay = 1 + (index % 28);
  const appointmentYear = birthYear + 23;
  const appointmentMonth = 1 + ((index * 5) % 12);
  const sex = 1 + (index % 2);
  const pad = (value: number, width: number): string => String(value).padStart(width, '0');
  return `${birthYear}${pad(birthMonth, 2)}${pad(birthDay, 2)}${appointmentYear}${pad(appointmentMonth, 2)}${sex}${pad(index + 1, 3)}`;
}

/**
 * Builds a tenant with one unit per id in `unitIds` and `employeesPerUnit` people in
 * each. The first of a unit is its supervisor, the second its unit admin, and everyone
 * else reports to the supervisor. `nipOffset` keeps the NIPs of several tenants apart.
 */
export function buildOrganisation(options: {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly unitIds: readonly string[];
  readonly employeesPerUnit: number;
  readonly nipOffset: number;
  readonly officeBase: Coordinates;
}): OrganisationSpec {
  const units: UnitSpec[] = options.unitIds.map((unitId, index) => ({
    unitId,
    name: `Unit ${unitId.toUpperCase()}`,
    office: { latitude: round(options.officeBase.latitude + index * 0.013), longitude: round(options.officeBase.longitude + index * 0.017) },
  }));

  const employees: EmployeeSpec[] = [];
  let index = 0;
  for (const unit of units) {
    let supervisorNip: string | null = null;
    for (let member = 0; member < options.employeesPerUnit; member += 1) {
      const nip = makeNip(options.nipOffset + index);
      const name = `${GIVEN_NAMES[(options.nipOffset + index) % GIVEN_NAMES.length]} ${FAMILY_NAMES[(options.nipOffset + index * 7) % FAMILY_NAMES.length]} ${unit.unitId.slice(0, 3).toUpperCase()}${member}`;
      const roles: Role[] = member === 0 ? ['employee', 'supervisor'] : member === 1 ? ['employee', 'unit_admin'] : ['employee'];
      employees.push({ nip, name, unitId: unit.unitId, supervisorNip: member === 0 ? null : supervisorNip, roles });
      if (member === 0) {
        supervisorNip = nip;
      }
      index += 1;
    }
  }
  return { tenantId: options.tenantId, tenantName: options.tenantName, units, employees };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Radius of every seeded office geofence, in metres. */
export const OFFICE_RADIUS_METERS = 200;

/** Returns a point `meters` north of an office (one degree of latitude is about 111.2 km). */
export function nearOffice(office: Coordinates, meters = 25): { latitude: number; longitude: number; accuracyMeters: number } {
  return { latitude: round(office.latitude + meters / 111_195), longitude: office.longitude, accuracyMeters: 12 };
}

function expectCreated(description: string, response: HttpResponse): void {
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(`seeding ${description} failed with ${response.status}: ${response.text.slice(0, 500)}`);
  }
}

/**
 * Registers a tenant, its units and its employees through the command API, the way
 * an administrator would. Idempotency keys make a retried seed step harmless.
 */
export async function seedOrganisation(transport: Transport, spec: OrganisationSpec): Promise<void> {
  const system = await signToken({ tenant: spec.tenantId, roles: ['system'], subject: 'reliability-seed' });
  const admin = await signToken({ tenant: spec.tenantId, roles: ['tenant_admin'], subject: 'reliability-admin' });
  const post = (name: string, token: string, body: unknown, key: string) =>
    transport({ method: 'POST', url: `/v1/commands/${name}`, headers: { authorization: `Bearer ${token}`, 'idempotency-key': key }, body });

  expectCreated(`tenant ${spec.tenantId}`, await post('register-tenant', system, { tenantId: spec.tenantId, name: spec.tenantName }, `seed-tenant-${spec.tenantId}`));
  for (const unit of spec.units) {
    const geofences = [{ id: `kantor-${unit.unitId}`, name: `Kantor ${unit.name}`, ...unit.office, radiusMeters: OFFICE_RADIUS_METERS }];
    expectCreated(`unit ${unit.unitId}`, await post('register-unit', admin, { unitId: unit.unitId, name: unit.name, geofences }, `seed-unit-${unit.unitId}`));
  }
  for (const employee of spec.employees) {
    const body = { nip: employee.nip, kind: 'PNS', name: employee.name, unitId: employee.unitId, supervisorNip: employee.supervisorNip, roles: employee.roles };
    expectCreated(`an employee of ${employee.unitId}`, await post('register-employee', admin, body, `seed-employee-${employee.nip}`));
  }
}

/** Returns the position a command returned, as the `minPosition` token. */
export function positionOf(response: HttpResponse): string | undefined {
  const body = jsonOf(response) as { position?: unknown } | undefined;
  return typeof body?.position === 'string' ? body.position : undefined;
}
