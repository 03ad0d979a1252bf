import type { EmployeeDirectory } from '@fleksi/domain';
import type { EventStore } from '@fleksi/event-store';
import { queryEmployees } from '@fleksi/read-models';
import type pg from 'pg';

import { waitForReadModel } from './consistency.ts';

/**
 * Lists a unit's employees from the workdays read model, after waiting for it to
 * reach the log head, so an employee registered a moment ago is included.
 */
export class ReadModelDirectory implements EmployeeDirectory {
  constructor(
    private readonly pool: pg.Pool,
    private readonly store: EventStore,
    private readonly timeoutMs = 5_000,
  ) {}

  async employeesOfUnit(tenantId: string, unitId: string): Promise<string[]> {
    const head = await this.store.headPosition();
    const model = await waitForReadModel(this.pool, head, this.timeoutMs);
    const employees = await queryEmployees(this.pool, model.schema, { tenantId, scopes: [{ kind: 'tenant' }], unitId });
    return employees.map((employee) => employee.nip);
  }
}
