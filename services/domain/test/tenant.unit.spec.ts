import { TenantSettings } from '@fleksi/contracts';
import { describe, expect, it } from 'vitest';

import { NATIONAL_CALENDAR_2026 } from '../src/calendar-2026.ts';
import { tenantDecider } from '../src/deciders/tenant.ts';
import { planDay } from '../src/tenant-calendar.ts';
import { configuration, TENANT } from './fixtures.ts';
import { given } from './given.ts';

const register = {
  type: 'RegisterTenant' as const,
  data: { tenantId: TENANT, name: 'Kabupaten Mamuju Tengah', settings: TenantSettings.parse({}), preloadNationalCalendar: true },
};

describe('tenant decider', () => {
  it('registers a tenant with the 2026 calendar and default schedules', () => {
    const events = tenantDecider.decide(register, tenantDecider.initialState());

    expect(events[0]).toMatchObject({ type: 'TenantRegistered', data: { tenantId: TENANT } });
    expect(events.filter((event) => event.type === 'CalendarDayDeclared')).toHaveLength(NATIONAL_CALENDAR_2026.length);
    expect(events.filter((event) => event.type === 'WorkScheduleDefined')).toHaveLength(2);
  });

  it('defaults the time zone to Asia/Makassar', () => {
    expect(configuration().settings.timeZone).toBe('Asia/Makassar');
  });

  it('rejects registering a tenant twice', () => {
    const history = tenantDecider.decide(register, tenantDecider.initialState());

    given(tenantDecider, history).when(register).thenRejects('TENANT_ALREADY_REGISTERED');
  });

  it('rejects removing a calendar day that is not declared', () => {
    const history = tenantDecider.decide(register, tenantDecider.initialState());

    given(tenantDecider, history).when({ type: 'RemoveCalendarDay', data: { date: '2026-01-22' } }).thenRejects('CALENDAR_DAY_NOT_FOUND');
  });

  it('rejects changes to an unregistered tenant', () => {
    given(tenantDecider).when({ type: 'RemoveCalendarDay', data: { date: '2026-01-01' } }).thenRejects('TENANT_NOT_FOUND');
  });
});

describe('planDay', () => {
  const tenant = configuration();

  it('plans a Thursday of the trial as a normal workday', () => {
    const plan = planDay(tenant, '2026-01-22');

    expect(plan.dayType).toBe('workday');
    expect(plan.hours).toMatchObject({ start: '07:30', end: '16:00' });
  });

  it('plans Friday with the longer Friday break', () => {
    expect(planDay(tenant, '2026-01-23').hours).toMatchObject({ start: '07:30', end: '16:30', breaks: [{ start: '11:30', end: '13:00' }] });
  });

  it('applies the Ramadan schedule from 19 February', () => {
    expect(planDay(tenant, '2026-02-18').hours?.start).toBe('07:30');
    expect(planDay(tenant, '2026-02-19').hours).toMatchObject({ start: '08:00', end: '15:00' });
    expect(planDay(tenant, '2026-02-20').hours).toMatchObject({ start: '08:00', end: '15:30' });
    expect(planDay(tenant, '2026-02-19').scheduleKind).toBe('ramadan');
  });

  it('returns to the normal schedule after Idul Fitri', () => {
    expect(planDay(tenant, '2026-03-25').hours?.start).toBe('07:30');
  });

  it('marks holidays and cuti bersama inside the trial', () => {
    expect(planDay(tenant, '2026-03-19').dayType).toBe('holiday');
    expect(planDay(tenant, '2026-03-20').dayType).toBe('cuti_bersama');
    expect(planDay(tenant, '2026-04-03').dayType).toBe('holiday');
    expect(planDay(tenant, '2026-02-16').dayType).toBe('cuti_bersama');
  });

  it('marks Saturday and Sunday as weekend', () => {
    expect(planDay(tenant, '2026-01-24').dayType).toBe('weekend');
    expect(planDay(tenant, '2026-01-25').dayType).toBe('weekend');
  });

  it('turns a removed holiday back into a workday', () => {
    const history = tenantDecider.decide(register, tenantDecider.initialState());
    const removal = tenantDecider.decide({ type: 'RemoveCalendarDay', data: { date: '2026-05-15' } }, [...history].reduce(tenantDecider.evolve, tenantDecider.initialState()));
    const state = [...history, ...removal].reduce(tenantDecider.evolve, tenantDecider.initialState());

    expect(state.status === 'registered' && planDay(state.configuration, '2026-05-15').dayType).toBe('workday');
  });
});
