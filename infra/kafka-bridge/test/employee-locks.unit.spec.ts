import type { RecordedEvent } from '@fleksi/contracts';
import { describe, expect, it } from 'vitest';

import { planLocks } from '../src/index.ts';

function event(type: string, tenantId: string, data: unknown): RecordedEvent {
  return {
    eventId: '0b7c3f0e-8d7a-4a52-9a53-0c5d2f3e9a11',
    type,
    schemaVersion: 1,
    streamId: `s-${tenantId}`,
    streamVersion: 1,
    position: { commit: 1n, prepare: 1n },
    recordedAt: '2026-02-03T00:00:00Z',
    data,
    metadata: { tenantId, actor: { subject: 'x', role: 'system' }, correlationId: 'c', causationId: 'c' },
  };
}

describe('lock plan', () => {
  it('locks employees under a shared tenant lock', () => {
    const plan = planLocks([event('CheckedIn', 'a', { nip: '1', date: '2026-02-03' }), event('AbsenceRecorded', 'a', { nip: '2' })]);

    expect(plan.tenants).toEqual(new Map([['a', false]]));
    expect(plan.employees).toEqual(new Set(['a/1', 'a/2']));
  });

  it('locks the whole tenant for events without an employee', () => {
    const plan = planLocks([event('CheckedIn', 'a', { nip: '1' }), event('WorkdayClosed', 'a', { date: '2026-02-03' }), event('CheckedIn', 'b', { nip: '1' })]);

    expect(plan.tenants).toEqual(new Map([['a', true], ['b', false]]));
    expect(plan.employees).toEqual(new Set(['a/1', 'b/1']));
  });
});
