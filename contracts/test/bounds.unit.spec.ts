import { describe, expect, it } from 'vitest';

import { CheckInBody, Instant, LocalDate, MAX_ABSENCE_DAYS, RecordAbsenceBody, SubmitActivityBody } from '../src/index.ts';

describe('date and time bounds', () => {
  it.each(['1900-01-01', '2026-02-28', '2999-12-31'])('accepts the date %s', (date) => {
    expect(LocalDate.safeParse(date).success).toBe(true);
  });

  it.each(['1899-12-31', '3000-01-01', '9999-12-31', '0001-01-01', '2026-02-30'])('rejects the date %s', (date) => {
    expect(LocalDate.safeParse(date).success).toBe(false);
  });

  it.each(['1970-01-01T00:00:00Z', '2026-01-22T07:25:00+08:00', '2998-12-31T23:59:59Z'])('accepts the instant %s', (instant) => {
    expect(Instant.safeParse(instant).success).toBe(true);
  });

  it.each(['0001-01-01T00:00:00Z', '1900-12-31T23:00:00Z', '2999-12-31T20:00:00Z', '9999-12-31T23:59:59Z'])('rejects the instant %s', (instant) => {
    expect(Instant.safeParse(instant).success).toBe(false);
  });
});

describe('absence span', () => {
  const absence = { nip: '198609262015051001', type: 'cltn', reference: 'SK/123/2026' };

  it('accepts five years of CLTN', () => {
    const to = new Date(Date.parse('2026-01-01T00:00:00Z') + (MAX_ABSENCE_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);

    expect(RecordAbsenceBody.safeParse({ ...absence, from: '2026-01-01', to }).success).toBe(true);
  });

  it('rejects a longer one, naming the end date', () => {
    const result = RecordAbsenceBody.safeParse({ ...absence, from: '2026-01-01', to: '2999-12-31' });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['to']);
  });
});

describe('control characters', () => {
  it('rejects them in a device id', () => {
    expect(CheckInBody.safeParse({ mode: 'WFO', source: 'mobile', deviceId: 'hp\u0000andi' }).success).toBe(false);
  });

  it('rejects them in an evidence link', () => {
    const activity = { date: '2026-02-02', description: 'Rapat', outputQuantity: 1, outputUnit: 'notula', minutes: 60 };

    expect(SubmitActivityBody.safeParse({ ...activity, evidenceLinks: ['https://drive.example.go.id/a\u0007b'] }).success).toBe(false);
    expect(SubmitActivityBody.safeParse({ ...activity, evidenceLinks: ['https://drive.example.go.id/ab'] }).success).toBe(true);
  });
});
