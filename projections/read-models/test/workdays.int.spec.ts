import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { NIP, Scenario } from './scenario.ts';

let scenario: Scenario;

beforeAll(async () => {
  scenario = await Scenario.create();
});

afterAll(async () => {
  await scenario.database.drop();
});

describe('daily attendance', () => {
  it('marks an on-time day as hadir', async () => {
    await scenario.checkIn(NIP.andi, '2026-01-05', '07:25');
    await scenario.checkOut(NIP.andi, '2026-01-05', '16:05');

    expect(await scenario.attendance(NIP.andi, '2026-01-05')).toMatchObject({
      day_type: 'workday',
      planned_mode: 'WFO',
      actual_mode: 'WFO',
      check_in_local: '07:25:00',
      check_out_local: '16:05:00',
      minutes_late: 0,
      minutes_early: 0,
      late_band: null,
      early_band: null,
      status: 'hadir',
      corrected: false,
    });
  });

  it.each([
    ['07:31', 1, 1, '0.5'],
    ['08:00', 30, 1, '0.5'],
    ['08:01', 31, 2, '1'],
    ['09:00', 90, 3, '1.25'],
    ['09:01', 91, 4, '1.5'],
  ])('puts a check-in at %s into TL band %#', async (time, minutes, band, cut) => {
    const date = '2026-01-06';
    const nip = ['198001012005011001', '198001012005011002', '198001012005011003', '198001012005011004', '198001012005011005'][minutes === 1 ? 0 : minutes === 30 ? 1 : minutes === 31 ? 2 : minutes === 90 ? 3 : 4] ?? '';
    await import('@fleksi/domain').then(({ registerEmployee }) =>
      registerEmployee(scenario.dependencies, scenario.admin, { nip, kind: 'PNS', name: `Pegawai ${minutes}`, unitId: 'setda', supervisorNip: null, roles: ['employee'], domicile: null }, { correlationId: 't' }),
    );
    await scenario.checkIn(nip, date, time);
    await scenario.checkOut(nip, date, '16:00');

    expect(await scenario.attendance(nip, date)).toMatchObject({ minutes_late: minutes, late_band: band, status: 'terlambat', cut_percent: cut });
  });

  it('puts an early check-out into a PSW band', async () => {
    await scenario.checkIn(NIP.nur, '2026-01-05', '07:20');
    await scenario.checkOut(NIP.nur, '2026-01-05', '15:15');

    expect(await scenario.attendance(NIP.nur, '2026-01-05')).toMatchObject({ minutes_early: 45, early_band: 2, status: 'pulang_cepat' });
  });

  it('uses the Friday end of 16:30', async () => {
    await scenario.checkIn(NIP.nur, '2026-01-09', '07:20');
    await scenario.checkOut(NIP.nur, '2026-01-09', '16:10');

    expect(await scenario.attendance(NIP.nur, '2026-01-09')).toMatchObject({ minutes_early: 20, early_band: 1, status: 'pulang_cepat' });
  });

  it('marks a late arrival who also left early', async () => {
    await scenario.checkIn(NIP.rudi, '2026-01-07', '08:10');
    await scenario.checkOut(NIP.rudi, '2026-01-07', '14:00');

    expect(await scenario.attendance(NIP.rudi, '2026-01-07')).toMatchObject({ late_band: 2, early_band: 4, status: 'terlambat_pulang_cepat', cut_percent: '2.5' });
  });

  it('marks a closed workday without check-in or leave as tanpa keterangan', async () => {
    await scenario.close('2026-01-05');

    expect(await scenario.attendance(NIP.rudi, '2026-01-05')).toMatchObject({ status: 'tanpa_keterangan', closed: true, cut_percent: '3' });
    expect(await scenario.attendance(NIP.andi, '2026-01-05')).toMatchObject({ status: 'hadir', closed: true });
  });

  it('gives PSW band 4 for a check-in without check-out once the day closes', async () => {
    await scenario.checkIn(NIP.andi, '2026-01-07', '07:15');
    expect(await scenario.attendance(NIP.andi, '2026-01-07')).toMatchObject({ status: 'hadir', missing_check_out: false });

    await scenario.close('2026-01-07');

    expect(await scenario.attendance(NIP.andi, '2026-01-07')).toMatchObject({ status: 'pulang_cepat', missing_check_out: true, early_band: 4 });
  });

  it('shows an open workday without check-in as belum presensi', async () => {
    await scenario.checkIn(NIP.andi, '2026-01-08', '07:10');
    await scenario.close('2026-01-08');
    await scenario.checkIn(NIP.nur, '2026-01-12', '07:10');

    expect(await scenario.attendance(NIP.nur, '2026-01-08')).toMatchObject({ status: 'tanpa_keterangan' });
    expect(await scenario.attendance(NIP.andi, '2026-01-12')).toBeUndefined();
  });

  it('shows recorded leave instead of tanpa keterangan', async () => {
    await scenario.absence(NIP.rudi, 'cuti_sakit', '2026-01-08', '2026-01-09');
    await scenario.absence(NIP.siti, 'dinas_luar', '2026-01-08', '2026-01-08');
    await scenario.checkIn(NIP.siti, '2026-01-08', '07:45');

    expect(await scenario.attendance(NIP.rudi, '2026-01-08')).toMatchObject({ status: 'sakit', absence_type: 'cuti_sakit', cut_percent: '0' });
    expect(await scenario.attendance(NIP.siti, '2026-01-08')).toMatchObject({ status: 'dinas_luar', check_in_local: '07:45:00' });
  });

  it('treats holidays and cuti bersama as days off', async () => {
    await scenario.checkIn(NIP.andi, '2026-02-16', '08:00');
    await scenario.close('2026-02-17');

    expect(await scenario.attendance(NIP.andi, '2026-02-16')).toMatchObject({ day_type: 'cuti_bersama', status: 'hadir', minutes_late: 0, late_band: null });
    expect(await scenario.attendance(NIP.nur, '2026-02-17')).toMatchObject({ day_type: 'holiday', status: 'libur', holiday_name: 'Tahun Baru Imlek 2577 Kongzili', cut_percent: '0' });
  });

  it('judges Ramadan days against the 08:00 start', async () => {
    await scenario.checkIn(NIP.andi, '2026-02-19', '07:55');
    await scenario.checkOut(NIP.andi, '2026-02-19', '15:00');
    await scenario.checkIn(NIP.nur, '2026-02-20', '08:10');
    await scenario.checkOut(NIP.nur, '2026-02-20', '15:20');

    expect(await scenario.attendance(NIP.andi, '2026-02-19')).toMatchObject({ schedule_kind: 'ramadan', status: 'hadir', minutes_late: 0 });
    expect(await scenario.attendance(NIP.nur, '2026-02-20')).toMatchObject({ minutes_late: 10, minutes_early: 10, status: 'terlambat_pulang_cepat' });
  });

  it('counts an offline check-in by the time the device recorded it', async () => {
    await scenario.checkInOffline(NIP.rudi, '2026-01-12', '07:20', '2026-01-14', '10:00');

    expect(await scenario.attendance(NIP.rudi, '2026-01-12')).toMatchObject({ check_in_local: '07:20:00', minutes_late: 0 });
  });

  it('applies a correction as a new event and flags the day', async () => {
    await scenario.checkIn(NIP.nur, '2026-01-13', '08:40');
    await scenario.correct(NIP.nur, '2026-01-13', { checkInAt: '07:29', checkOutAt: '16:02' });

    expect(await scenario.attendance(NIP.nur, '2026-01-13')).toMatchObject({
      check_in_local: '07:29:00',
      check_out_local: '16:02:00',
      check_in_source: 'correction',
      status: 'hadir',
      corrected: true,
    });
  });

  it('records planned WFA and actual mode', async () => {
    await scenario.assignWfa(NIP.andi, '2026-01-22');
    await scenario.checkIn(NIP.andi, '2026-01-22', '07:28', 'WFA');

    expect(await scenario.attendance(NIP.andi, '2026-01-22')).toMatchObject({ planned_mode: 'WFA', actual_mode: 'WFA' });
  });

  it('re-derives days when a holiday is declared later', async () => {
    await scenario.checkIn(NIP.siti, '2026-07-14', '07:45');
    expect(await scenario.attendance(NIP.siti, '2026-07-14')).toMatchObject({ status: 'terlambat' });

    await scenario.declareHoliday('2026-07-14', 'Hari Jadi Kabupaten');

    expect(await scenario.attendance(NIP.siti, '2026-07-14')).toMatchObject({ day_type: 'holiday', status: 'hadir', late_band: null });
  });
});

describe('daily compliance', () => {
  it('counts an on-time activity as compliant', async () => {
    await scenario.submit(NIP.andi, '2026-01-05', '15:00', 'a-1', 90);

    expect(await scenario.compliance(NIP.andi, '2026-01-05')).toMatchObject({ expected: true, submitted: 1, on_time: 1, compliant: true, minutes: 90 });
  });

  it('does not count a withdrawn or rejected activity', async () => {
    await scenario.submit(NIP.nur, '2026-01-05', '15:00', 'n-1');
    await scenario.submit(NIP.nur, '2026-01-05', '15:10', 'n-2');
    await scenario.withdraw(NIP.nur, '2026-01-05', 'n-1');
    await scenario.review(NIP.nur, '2026-01-05', 'n-2', 'rejected');

    expect(await scenario.compliance(NIP.nur, '2026-01-05')).toMatchObject({ submitted: 1, withdrawn: 1, rejected: 1, compliant: false, minutes: 0 });
  });

  it('marks a report sent only after the deadline as late', async () => {
    await scenario.submitLate(NIP.rudi, '2026-01-07', 'r-1');

    expect(await scenario.compliance(NIP.rudi, '2026-01-07')).toMatchObject({ late: 1, compliant: false, late_only: true });
  });

  it('counts approvals', async () => {
    await scenario.review(NIP.andi, '2026-01-05', 'a-1', 'approved');

    expect(await scenario.compliance(NIP.andi, '2026-01-05')).toMatchObject({ approved: 1, pending: 0, compliant: true });
  });

  it('does not expect a report from staff on sick leave', async () => {
    expect(await scenario.compliance(NIP.rudi, '2026-01-09')).toMatchObject({ expected: false, compliant: false });
  });

  it('lists a closed workday without report as expected but not compliant', async () => {
    expect(await scenario.compliance(NIP.rudi, '2026-01-05')).toMatchObject({ expected: true, submitted: 0, compliant: false, closed: true });
  });
});
