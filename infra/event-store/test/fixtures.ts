import { randomUUID } from 'node:crypto';

import type { NewEvent } from '@fleksi/contracts';

export const TENANT = 'mamuju-tengah';

export function testEvent(type = 'TestHappened', data: unknown = {}, tenantId = TENANT): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: {
      tenantId,
      actor: { subject: 'tester', role: 'system' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
    },
  };
}

export function testEvents(count: number, type = 'TestHappened'): NewEvent[] {
  return Array.from({ length: count }, (_, index) => testEvent(type, { index }));
}
