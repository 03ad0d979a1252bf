import type { Role } from '@fleksi/contracts';

import { DomainError } from '../errors.ts';

/** The authenticated caller, from the verified token. */
export interface Principal {
  readonly tenantId: string;
  readonly subject: string;
  readonly roles: readonly Role[];
  /** The caller's own NIP when the caller is an employee. */
  readonly nip: string | null;
  /** The unit a unit admin administers. */
  readonly unitId: string | null;
}

/** Returns the first of `allowed` the principal holds, or throws FORBIDDEN_ROLE. */
export function requireRole(principal: Principal, allowed: readonly Role[]): Role {
  const role = allowed.find((candidate) => principal.roles.includes(candidate));
  if (role === undefined) {
    throw new DomainError('FORBIDDEN_ROLE', { roles: allowed.join(', ') });
  }
  return role;
}

export function hasRole(principal: Principal, role: Role): boolean {
  return principal.roles.includes(role);
}

/** Returns whether the principal administers the unit: a tenant admin every unit, a unit admin only their own. */
export function administersUnit(principal: Principal, unitId: string): boolean {
  return hasRole(principal, 'tenant_admin') || (hasRole(principal, 'unit_admin') && principal.unitId === unitId);
}
