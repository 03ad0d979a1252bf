import type { Role } from '@fleksi/contracts';

/** Which employees a caller may read, decided from the token's roles. */
export type ReadScope =
  | { readonly kind: 'tenant' }
  | { readonly kind: 'unit'; readonly unitId: string }
  | { readonly kind: 'subordinates'; readonly supervisorNip: string }
  | { readonly kind: 'self'; readonly nip: string };

export interface Reader {
  readonly tenantId: string;
  readonly roles: readonly Role[];
  readonly nip: string | null;
  readonly unitId: string | null;
}

/**
 * Tenant admins, auditors and evaluators read the whole tenant; a unit admin their
 * unit; a supervisor their direct subordinates and themself; an employee themself.
 * Returns the widest scope the roles give, or undefined when none applies.
 */
export function readScopeOf(reader: Reader): ReadScope[] | undefined {
  if (reader.roles.some((role) => role === 'tenant_admin' || role === 'auditor' || role === 'evaluator' || role === 'system')) {
    return [{ kind: 'tenant' }];
  }
  const scopes: ReadScope[] = [];
  if (reader.roles.includes('unit_admin') && reader.unitId !== null) {
    scopes.push({ kind: 'unit', unitId: reader.unitId });
  }
  if (reader.roles.includes('supervisor') && reader.nip !== null) {
    scopes.push({ kind: 'subordinates', supervisorNip: reader.nip });
  }
  if (reader.nip !== null) {
    scopes.push({ kind: 'self', nip: reader.nip });
  }
  return scopes.length === 0 ? undefined : scopes;
}

/**
 * SQL condition restricting rows aliased `row` (with tenant_id and nip) to the scopes;
 * parameters are appended to `parameters`. The employees table is joined as `e`. The
 * unit scope compares `unitColumn`: `row.unit_id` where the row records the unit of the
 * day, `e.unit_id` (the employee's current unit) where it records none.
 */
export function scopeCondition(scopes: readonly ReadScope[], parameters: unknown[], unitColumn: 'row.unit_id' | 'e.unit_id' = 'row.unit_id'): string {
  const parts = scopes.map((scope) => {
    switch (scope.kind) {
      case 'tenant':
        return 'true';
      case 'unit':
        parameters.push(scope.unitId);
        return `${unitColumn} = $${parameters.length}`;
      case 'subordinates':
        parameters.push(scope.supervisorNip);
        return `e.supervisor_nip = $${parameters.length}`;
      case 'self':
        parameters.push(scope.nip);
        return `row.nip = $${parameters.length}`;
    }
  });
  return `(${parts.join(' OR ')})`;
}
