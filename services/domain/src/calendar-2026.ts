import type { CalendarDayKind, WorkSchedule } from '@fleksi/contracts';

/**
 * National holidays and collective leave (cuti bersama) for ASN in 2026. A new tenant
 * starts with these as events, so a tenant admin can add local holidays or remove a
 * day and the history shows who did.
 */
export const NATIONAL_CALENDAR_2026: ReadonlyArray<{ date: string; kind: CalendarDayKind; name: string }> = [
  { date: '2026-01-01', kind: 'holiday', name: 'Tahun Baru 2026 Masehi' },
  { date: '2026-01-16', kind: 'holiday', name: 'Isra Mikraj Nabi Muhammad SAW' },
  { date: '2026-02-16', kind: 'cuti_bersama', name: 'Cuti bersama Tahun Baru Imlek' },
  { date: '2026-02-17', kind: 'holiday', name: 'Tahun Baru Imlek 2577 Kongzili' },
  { date: '2026-03-18', kind: 'cuti_bersama', name: 'Cuti bersama Hari Suci Nyepi' },
  { date: '2026-03-19', kind: 'holiday', name: 'Hari Suci Nyepi (Tahun Baru Saka 1948)' },
  { date: '2026-03-20', kind: 'cuti_bersama', name: 'Cuti bersama Idul Fitri 1447 H' },
  { date: '2026-03-21', kind: 'holiday', name: 'Idul Fitri 1447 H' },
  { date: '2026-03-22', kind: 'holiday', name: 'Idul Fitri 1447 H' },
  { date: '2026-03-23', kind: 'cuti_bersama', name: 'Cuti bersama Idul Fitri 1447 H' },
  { date: '2026-03-24', kind: 'cuti_bersama', name: 'Cuti bersama Idul Fitri 1447 H' },
  { date: '2026-04-03', kind: 'holiday', name: 'Wafat Yesus Kristus' },
  { date: '2026-04-05', kind: 'holiday', name: 'Kebangkitan Yesus Kristus (Paskah)' },
  { date: '2026-05-01', kind: 'holiday', name: 'Hari Buruh Internasional' },
  { date: '2026-05-14', kind: 'holiday', name: 'Kenaikan Yesus Kristus' },
  { date: '2026-05-15', kind: 'cuti_bersama', name: 'Cuti bersama Kenaikan Yesus Kristus' },
  { date: '2026-05-27', kind: 'holiday', name: 'Idul Adha 1447 H' },
  { date: '2026-05-28', kind: 'cuti_bersama', name: 'Cuti bersama Idul Adha 1447 H' },
  { date: '2026-05-31', kind: 'holiday', name: 'Hari Raya Waisak 2570 BE' },
  { date: '2026-06-01', kind: 'holiday', name: 'Hari Lahir Pancasila' },
  { date: '2026-06-16', kind: 'holiday', name: 'Tahun Baru Islam 1448 H' },
  { date: '2026-08-17', kind: 'holiday', name: 'Hari Kemerdekaan Republik Indonesia' },
  { date: '2026-08-25', kind: 'holiday', name: 'Maulid Nabi Muhammad SAW' },
  { date: '2026-12-24', kind: 'cuti_bersama', name: 'Cuti bersama Hari Raya Natal' },
  { date: '2026-12-25', kind: 'holiday', name: 'Hari Raya Natal' },
];

/** First and last day of Ramadan 1447 H as set by the government (Idul Fitri is 21 March). */
export const RAMADAN_2026 = { from: '2026-02-19', to: '2026-03-20' } as const;

/**
 * Default schedules of a new tenant: 37.5 hours a week without breaks from 07:30
 * (Perpres 21/2023), and during Ramadan 32.5 hours a week from 08:00.
 */
export const DEFAULT_SCHEDULES_2026: readonly WorkSchedule[] = [
  {
    id: 'normal',
    name: 'Jam kerja normal',
    kind: 'normal',
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
    days: {
      monday: { start: '07:30', end: '16:00', breaks: [{ start: '12:00', end: '13:00' }] },
      tuesday: { start: '07:30', end: '16:00', breaks: [{ start: '12:00', end: '13:00' }] },
      wednesday: { start: '07:30', end: '16:00', breaks: [{ start: '12:00', end: '13:00' }] },
      thursday: { start: '07:30', end: '16:00', breaks: [{ start: '12:00', end: '13:00' }] },
      friday: { start: '07:30', end: '16:30', breaks: [{ start: '11:30', end: '13:00' }] },
    },
  },
  {
    id: 'ramadan-2026',
    name: 'Jam kerja Ramadan 1447 H',
    kind: 'ramadan',
    effectiveFrom: RAMADAN_2026.from,
    effectiveTo: RAMADAN_2026.to,
    days: {
      monday: { start: '08:00', end: '15:00', breaks: [{ start: '12:00', end: '12:30' }] },
      tuesday: { start: '08:00', end: '15:00', breaks: [{ start: '12:00', end: '12:30' }] },
      wednesday: { start: '08:00', end: '15:00', breaks: [{ start: '12:00', end: '12:30' }] },
      thursday: { start: '08:00', end: '15:00', breaks: [{ start: '12:00', end: '12:30' }] },
      friday: { start: '08:00', end: '15:30', breaks: [{ start: '11:30', end: '12:30' }] },
    },
  },
];
