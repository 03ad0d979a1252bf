import { CheckInBody, createFleksiEventRegistry, SubmitActivityBody } from '@fleksi/contracts';
import {
  assignWfaDays,
  closeWorkday,
  recordPresence,
  registerEmployee,
  submitActivity,
  TenantCache,
  type ApplicationDependencies,
  type Principal,
} from '@fleksi/domain';
import type { Estimate } from '@fleksi/read-models';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TrialEvaluationService } from '../src/trials/evaluation-service.ts';
import { conclusionSentence } from '../src/trials/report.ts';
import { createHarness, nearOffice, NIP, seedOrganisation, TENANT, type Harness } from './harness.ts';

let harness: Harness;
const evaluations = new TrialEvaluationService();
let evaluator: string;
let tenantAdmin: string;

const admin: Principal = { tenantId: TENANT, subject: 'bkpsdm', roles: ['tenant_admin', 'system'], nip: null, unitId: null };
const request = { correlationId: 'trial-test' };

// Eight participating employees in setda, four in the comparison unit dinkes.
const PARTICIPANTS = Array.from({ length: 8 }, (_, index) => `19900101201501100${index + 1}`);
const COMPARISON = Array.from({ length: 4 }, (_, index) => `19910202201601200${index + 1}`);

const definition = {
  trialId: 'wfa-2026',
  name: 'Uji coba WFA Mamuju Tengah 2026',
  startDate: '2026-01-22',
  endDate: '2026-02-06',
  wfaWeekdays: ['thursday', 'friday'],
  participatingUnits: ['setda'],
  comparisonUnits: ['dinkes'],
  baselineStart: '2026-01-05',
  baselineEnd: '2026-01-21',
  margins: { reportCompliant: 5 },
};

/**
 * Plays baseline and trial: everyone present and reporting on time, except that on
 * WFA days during the trial half of the participants file no report. The true WFA
 * effect on report compliance is therefore −50 percentage points.
 */
async function playTrial(dependencies: ApplicationDependencies, tenants: TenantCache, setNow: (instant: string) => void): Promise<void> {
  const at = (date: string, time: string): void => setNow(DateTime.fromISO(`${date}T${time}`, { zone: 'Asia/Makassar' }).toUTC().toISO() ?? '');
  for (const nip of PARTICIPANTS) {
    await registerEmployee(dependencies, admin, { nip, kind: 'PNS', name: `Peserta ${nip.slice(-1)}`, unitId: 'setda', supervisorNip: null, roles: ['employee'], domicile: null }, request);
    await assignWfaDays(dependencies, tenants, admin, { nip, weekdays: ['thursday', 'friday'], from: definition.startDate, to: definition.endDate }, request);
  }
  for (const nip of COMPARISON) {
    await registerEmployee(dependencies, admin, { nip, kind: 'PNS', name: `Pembanding ${nip.slice(-1)}`, unitId: 'dinkes', supervisorNip: null, roles: ['employee'], domicile: null }, request);
  }

  for (let day = DateTime.fromISO('2026-01-05'); day <= DateTime.fromISO('2026-02-06'); day = day.plus({ days: 1 })) {
    const date = day.toISODate() ?? '';
    if (day.weekday > 5) {
      continue;
    }
    const wfaDay = date >= definition.startDate && (day.weekday === 4 || day.weekday === 5);
    for (const [index, nip] of [...PARTICIPANTS, ...COMPARISON].entries()) {
      const employee: Principal = { tenantId: TENANT, subject: nip, roles: ['employee'], nip, unitId: null };
      const participant = index < PARTICIPANTS.length;
      const mode = participant && wfaDay ? 'WFA' : 'WFO';
      const location = participant ? nearOffice(20) : { latitude: -1.8901, longitude: 119.4801, accuracyMeters: 8 };
      at(date, '07:20');
      await recordPresence(dependencies, tenants, employee, 'CheckIn', CheckInBody.parse({ mode, source: 'mobile', location }), request);
      at(date, '16:35');
      await recordPresence(dependencies, tenants, employee, 'CheckOut', CheckInBody.parse({ mode, source: 'mobile', location }), request);
      if (!(participant && wfaDay && index % 2 === 0)) {
        at(date, '15:00');
        await submitActivity(dependencies, tenants, employee, SubmitActivityBody.parse({ date, description: 'Kegiatan harian', outputQuantity: 1, outputUnit: 'dokumen', minutes: 240 }), request);
      }
    }
    at(day.plus({ days: 1 }).toISODate() ?? date, '00:05');
    await closeWorkday(dependencies, tenants, admin, { date }, request);
  }
}

beforeAll(async () => {
  harness = await createHarness({ trialEvaluations: evaluations }, { projections: true });
  await seedOrganisation(harness, { employees: false });
  evaluator = await harness.token({ role: 'evaluator', subject: 'tim-evaluasi' });
  tenantAdmin = await harness.token({ role: 'tenant_admin' });
  const dependencies: ApplicationDependencies = { store: harness.store, registry: createFleksiEventRegistry(), clock: () => now };
  let now = '2026-01-05T00:00:00.000Z';
  await playTrial(dependencies, new TenantCache(harness.store), (instant) => {
    now = instant;
  });
  const defined = await harness.command('define-trial', tenantAdmin, { definition });
  if (defined.statusCode !== 201) {
    throw new Error(`define-trial failed: ${defined.body}`);
  }
  await harness.settle();
}, 240_000);

afterAll(async () => {
  await harness.close();
});

describe('define-trial', () => {
  it('rejects a baseline that overlaps the trial', async () => {
    const response = await harness.command('define-trial', tenantAdmin, { definition: { ...definition, baselineEnd: '2026-01-23' } });

    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].message).toBe('periode dasar (baseline) harus berakhir sebelum uji coba dimulai');
  });

  it('rejects an evaluator defining a trial', async () => {
    const response = await harness.command('define-trial', evaluator, { definition });

    expect(response.statusCode).toBe(403);
  });

  it('rejects an unknown unit', async () => {
    const response = await harness.command('define-trial', tenantAdmin, { definition: { ...definition, comparisonUnits: ['tidak-ada'] } });

    expect(response.statusCode).toBe(404);
  });
});

describe('GET /v1/trials/:id/evaluation', () => {
  it('finds the injected drop in report compliance on WFA days', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/v1/trials/wfa-2026/evaluation?bootstrap=400', headers: { authorization: `Bearer ${evaluator}` } });

    expect(response.statusCode).toBe(200);
    const evaluation = response.json();
    expect(evaluation.employees).toEqual({ participating: 8, comparison: 4 });
    const did = evaluation.estimates.find((estimate: { metric: string; design: string; scope: string; excludeRamadan: boolean }) =>
      estimate.metric === 'reportCompliant' && estimate.design === 'weekday_matched_did' && estimate.scope === 'all' && !estimate.excludeRamadan,
    );
    expect(did.estimate).toBeCloseTo(-50, 5);
    expect(did.ciLow).toBeLessThanOrEqual(-50);
    expect(did.ciHigh).toBeGreaterThanOrEqual(-50);
    expect(did.verdict).toBe('worse');
    expect(did.employees).toBe(8);
    expect(did.ci90Low).toBeLessThanOrEqual(-50);
    expect(did.ci90High).toBeGreaterThanOrEqual(-50);
    expect(did.differsFromZero).toBe(true);
    expect(did.beyondMargin).toBe('bad-side');
  });

  it('calls unchanged presence equivalent', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/v1/trials/wfa-2026/evaluation?bootstrap=400', headers: { authorization: `Bearer ${evaluator}` } });

    const presence = response.json().estimates.find((estimate: { metric: string; design: string; scope: string; excludeRamadan: boolean }) =>
      estimate.metric === 'present' && estimate.design === 'participating_vs_comparison_did' && estimate.scope === 'all' && !estimate.excludeRamadan,
    );
    expect(presence).toMatchObject({ estimate: 0, verdict: 'equivalent', differsFromZero: false, beyondMargin: null });
  });

  it('flags a real change within margin', () => {
    const estimate: Estimate = {
      metric: 'reportCompliant',
      design: 'weekday_matched_did',
      scope: 'all',
      excludeRamadan: false,
      estimate: -2.3,
      standardError: 1,
      ciLow: -4.39,
      ciHigh: -0.44,
      ci90Low: -4,
      ci90High: -0.8,
      differsFromZero: true,
      beyondMargin: null,
      days: 1_000,
      employees: 60,
      margin: 5,
      better: 'higher',
      verdict: 'equivalent',
      reason: null,
    };

    expect(conclusionSentence(estimate, 'id')).toContain('Perubahannya nyata (interval tidak mencakup 0), tetapi lebih kecil dari batas toleransi.');
    expect(conclusionSentence(estimate, 'en')).toContain('The change is real (the interval excludes 0) but smaller than the margin.');
    expect(conclusionSentence({ ...estimate, differsFromZero: false }, 'en')).not.toContain('The change is real');
  });

  it('gives the same numbers on every call (seeded bootstrap)', async () => {
    const url = '/v1/trials/wfa-2026/evaluation?bootstrap=300';
    const first = await harness.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${evaluator}` } });
    const second = await harness.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tenantAdmin}` } });

    expect(second.json().estimates).toEqual(first.json().estimates);
  });

  it('reuses evaluation until closed day changes', async () => {
    const url = '/v1/trials/wfa-2026/evaluation?bootstrap=200';
    const get = () => harness.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${evaluator}` } });
    const first = await get();
    const computed = evaluations.computations;

    // A check-in on a day not yet closed moves the log, not the evaluated rows.
    harness.setNow('2026-02-09T23:20:00.000Z');
    const employee = await harness.token({ role: 'employee', nip: PARTICIPANTS[0] ?? '' });
    expect((await harness.command('check-in', employee, { mode: 'WFO', source: 'mobile', location: nearOffice(20) })).statusCode).toBe(201);
    await harness.settle();
    const afterOpenDay = await get();
    expect(evaluations.computations).toBe(computed);
    expect(afterOpenDay.json().estimates).toEqual(first.json().estimates);

    // A late report for a closed trial day changes its row: computed again.
    harness.setNow('2026-02-10T01:00:00.000Z');
    const late = await harness.command('submit-activity', employee, { date: '2026-02-05', description: 'Laporan susulan', outputQuantity: 1, outputUnit: 'dokumen', minutes: 60 });
    expect(late.statusCode).toBe(201);
    await harness.settle();
    await get();
    expect(evaluations.computations).toBe(computed + 1);
  });

  it('rejects an employee', async () => {
    const employee = await harness.token({ role: 'employee', nip: NIP.employee });

    const response = await harness.app.inject({ method: 'GET', url: '/v1/trials/wfa-2026/evaluation', headers: { authorization: `Bearer ${employee}` } });

    expect(response.statusCode).toBe(403);
  });

  it('answers 404 for an unknown trial', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/v1/trials/tidak-ada/evaluation', headers: { authorization: `Bearer ${evaluator}` } });

    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('TRIAL_NOT_FOUND');
  });
});

describe('trial report and exports', () => {
  it('renders a readable Indonesian report with a chart', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/v1/trials/wfa-2026/report?bootstrap=300', headers: { authorization: `Bearer ${evaluator}` } });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('Evaluasi uji coba WFA');
    expect(response.body).toContain('Kepatuhan laporan kinerja harian berubah -50,0 poin persentase');
    expect(response.body).toContain('hasilnya lebih buruk');
    expect(response.body).toContain('<svg');
    expect(response.body).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('renders English on request', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/v1/trials/wfa-2026/report?bootstrap=300&lang=en', headers: { authorization: `Bearer ${evaluator}` } });

    expect(response.body).toContain('WFA trial evaluation');
  });

  it('exports the estimates as CSV', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/v1/trials/wfa-2026/evaluation.csv?bootstrap=300', headers: { authorization: `Bearer ${evaluator}` } });

    expect(response.statusCode).toBe(200);
    expect(response.body.replace(/^\uFEFF/, '').split('\n')[0]).toBe(
      'Ukuran,Desain,Cakupan,Tanpa Ramadan,Perubahan,Galat Baku,Batas Bawah 95%,Batas Atas 95%,Batas Toleransi,Arah Baik,Kesimpulan,Pegawai,Hari',
    );
  });

  it('lists trials with their revision', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/v1/trials', headers: { authorization: `Bearer ${evaluator}` } });

    expect(response.json().items).toMatchObject([{ trialId: 'wfa-2026', revision: 1 }]);
  });
});
