import { compareLogPositions } from '@fleksi/contracts';
import { DomainError, type EmployeeDirectory } from '@fleksi/domain';
import type { EventStore } from '@fleksi/event-store';
import { activeReadModel, queryEmployees, workdaysProjection } from '@fleksi/read-models';
import type pg from 'pg';

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
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const model = await activeReadModel(this.pool, workdaysProjection.name);
      if (model !== undefined && (head === undefined || compareLogPositions(model.position, head) >= 0)) {
        const employees = await queryEmployees(this.pool, model.schema, { tenantId, scopes: [{ kind: 'tenant' }], unitId });
        return employees.map((employee) => employee.nip);
      }
      if (Date.now() >= deadline) {
        throw new DomainError('READ_MODEL_NOT_CAUGHT_UP', { position: head === undefined ? 'start' : `${head.commit}-${head.prepare}` });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
