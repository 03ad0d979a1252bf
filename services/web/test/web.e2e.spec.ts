import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { MIN_EMPLOYEES, runDemo, type DemoResult } from '@fleksi/demo';
import { findFreePort } from '@fleksi/postgres';

import { startMockIssuer, type MockIssuer } from './support/oidc-issuer.ts';

/*
 * The web app in Debian's Chromium against a server seeded by the demo. The demo plays
 * a simulated regency of its minimum size (3 civil servants in each of 30 units) from the
 * baseline in November 2025 to the end of the WFA trial on 22 April 2026. Seeding takes
 * about two minutes on two cores. A smaller hand-made seed would not give the
 * evaluation real weekly rates, Ramadan and holiday weeks, or a review queue.
 */

const CHROMIUM = '/usr/bin/chromium';
// Without these flags Chromium keeps trying to reach Google's services, and the closed network refuses each attempt.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RESULTS_DIR = fileURLToPath(new URL('../test-results/', import.meta.url));
const TENANT = 'mamuju-tengah';
const TRIAL_ID = 'wfa-2026';
/** Last day of the simulated trial: supervisors review in the next morning, which the demo never plays, so its activities still await review. */
const REVIEW_DATE = '2026-04-22';
const VIEWPORT = { width: 1366, height: 768 };

interface Employee {
  readonly nip: string;
  readonly name: string;
  readonly unitId: string;
  readonly supervisorNip: string | null;
  readonly roles: string[];
}

interface Activity {
  readonly nip: string;
  readonly name: string;
  readonly activityId: string;
  readonly status: string;
}

let browser: Browser;
/** Why the browser could not start; every test then fails with it, so a missing Chromium never passes as skipped tests. */
let browserProblem: Error | undefined;
let demo: DemoResult;
let currentPage: Page | undefined;
let dataDir: string;
let adminToken: string;
const contexts: BrowserContext[] = [];
const demoOutput: string[] = [];

beforeAll(async () => {
  // 1. The browser first: without it there is no point in seeding.
  if (!existsSync(CHROMIUM)) {
    browserProblem = new Error(`Chromium is missing at ${CHROMIUM}; install it with: apt-get update && apt-get install -y chromium`);
    return;
  }
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (error) {
    browserProblem = new Error(`Chromium at ${CHROMIUM} failed to start: ${(error as Error).message}`);
    return;
  }
  await mkdir(RESULTS_DIR, { recursive: true });

  // 2. The demo on its own embedded PostgreSQL in a temporary folder: its database name
  // is fixed, so sharing the server of DATABASE_URL could collide with another suite.
  dataDir = await mkdtemp(path.join(tmpdir(), 'fleksi-web-test-'));
  // mkdtemp makes the folder private; as root the cluster runs as the user `postgres`.
  await chmod(dataDir, 0o755);
  delete process.env['DATABASE_URL'];
  // The status page should show "Kafka tidak aktif": this server runs no relay.
  delete process.env['KAFKA_BROKERS'];
  process.env['FLEKSI_DEMO_PG_PORT'] = String(await findFreePort());
  const startedAt = Date.now();
  demo = await runDemo({
    employees: MIN_EMPLOYEES,
    seed: 2026,
    wfaEffectPoints: 0,
    baselineStart: '2025-11-24',
    port: 0,
    concurrency: 24,
    language: 'id',
    serve: true,
    dataDir,
    write: (text) => demoOutput.push(text),
  });
  process.stdout.write(`web test: demo seeded in ${((Date.now() - startedAt) / 1000).toFixed(0)} s at ${demo.url}\n`);
  adminToken = await tokenFor('bkpsdm-admin', ['tenant_admin']);
});

beforeEach(() => {
  if (browserProblem !== undefined) {
    throw browserProblem;
  }
  currentPage = undefined;
});

// A failing test leaves a screenshot of the page it was on, for the CI artefacts.
afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && currentPage !== undefined) {
    await screenshot(currentPage, `gagal-${context.task.name.replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
  }
});

afterAll(async () => {
  for (const context of contexts) {
    await context.close().catch(() => undefined);
  }
  await browser?.close();
  await demo?.stop();
  if (dataDir !== undefined) {
    await rm(dataDir, { recursive: true, force: true });
  }
});

async function tokenFor(subject: string, roles: Array<'employee' | 'supervisor' | 'unit_admin' | 'tenant_admin' | 'auditor' | 'evaluator'>, claims: { nip?: string; unit?: string } = {}): Promise<string> {
  return demo.signToken(subject, roles, claims);
}

async function apiGet<T>(pathAndQuery: string, token = adminToken): Promise<T> {
  const response = await fetch(`${demo.url}${pathAndQuery}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status, `GET ${pathAndQuery}`).toBe(200);
  return (await response.json()) as T;
}

async function apiCommand(name: string, body: unknown, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${demo.url}/v1/commands/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Opens a fresh browser context (own sessionStorage) at the laptop size the app is made for, and signs in by pasting a token. */
async function signedInPage(token: string): Promise<{ page: Page; errors: string[]; requests: Array<{ url: string; language: string | undefined }> }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'id-ID', acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: Array<{ url: string; language: string | undefined }> = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Chromium logs every 4xx response as a console error, and refusals are part of the tests.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/v1/')) {
      requests.push({ url: request.url(), language: request.headers()['accept-language'] });
    }
  });
  currentPage = page;
  await page.goto(`${demo.url}/app`);
  await page.getByRole('textbox', { name: 'Token akses' }).fill(token);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.getByRole('button', { name: 'Keluar' }).waitFor();
  return { page, errors, requests };
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), fullPage: true });
}

/** Labels, table headers, one h1, a lang attribute and no sideways scrolling at 1366 px. */
async function expectAccessibleBasics(page: Page): Promise<void> {
  const problems = await page.evaluate(() => {
    const found: string[] = [];
    if (document.documentElement.lang === '') {
      found.push('html has no lang');
    }
    for (const field of document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea')) {
      if (field.type !== 'hidden' && (field.labels?.length ?? 0) === 0 && !field.hasAttribute('aria-label') && !field.hasAttribute('aria-labelledby')) {
        found.push(`${field.tagName.toLowerCase()}#${field.id} has no label`);
      }
    }
    for (const table of document.querySelectorAll('table')) {
      if (table.querySelector('caption') === null) {
        found.push('a table has no caption');
      }
      if (table.querySelector('thead th[scope]') === null) {
        found.push('a table has no header cells with scope');
      }
    }
    for (const button of document.querySelectorAll('button')) {
      if ((button.textContent ?? '').trim() === '' && !button.hasAttribute('aria-label')) {
        found.push('a button has no name');
      }
    }
    if (document.querySelectorAll('h1').length !== 1) {
      found.push(`${document.querySelectorAll('h1').length} h1 elements`);
    }
    if (document.documentElement.scrollWidth > window.innerWidth) {
      found.push(`page scrolls sideways: ${document.documentElement.scrollWidth} px wide`);
    }
    return found;
  });
  expect(problems).toEqual([]);
}

describe('web app', () => {
  it('is seeded by a demo that played the whole trial and printed its summary', () => {
    const output = demoOutput.join('');
    expect(output).toContain(`${MIN_EMPLOYEES} ASN`);
    expect(output).toMatch(/Selesai dalam \d+ detik/);
    expect(demo.workdays).toBeGreaterThan(80);
  });

  it('sign-in rejects a malformed token', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'id-ID' });
    contexts.push(context);
    const page = await context.newPage();
    currentPage = page;
    await page.goto(`${demo.url}/app`);

    await expect.poll(() => page.url()).toContain('/app/masuk');
    await page.getByRole('heading', { level: 1, name: 'Masuk ke Fleksi' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    expect(await page.getByRole('button', { name: 'Masuk dengan akun instansi' }).count()).toBe(0);

    await page.getByRole('textbox', { name: 'Token akses' }).fill('bukan-token');
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('bukan token JWT');
    await expectAccessibleBasics(page);
    await screenshot(page, '01-masuk');

    // Keyboard: the first Tab reaches the skip link, whose focus is visible, and the next ones the language toggle and the token field.
    await page.reload();
    await page.getByRole('textbox', { name: 'Token akses' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Langsung ke isi halaman');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('English');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token');
  });

  it('evaluation page shows results and downloads', async () => {
    const { page, errors, requests } = await signedInPage(await tokenFor('tim-evaluasi', ['evaluator']));
    await expect.poll(() => page.url()).toContain('/app/evaluasi');
    await page.getByRole('heading', { level: 1, name: 'Evaluasi uji coba WFA' }).waitFor();

    const results = page.getByRole('table', { name: /Perkiraan efek WFA per ukuran kinerja/ });
    await results.waitFor({ timeout: 60_000 });
    expect(await results.locator('tbody tr').count()).toBe(9);
    expect(await results.locator('tbody').textContent()).toMatch(/Setara|Lebih baik|Lebih buruk|Belum dapat disimpulkan|Data belum cukup/);
    expect(await results.locator('tbody').textContent()).toContain(' s.d. ');

    const chart = page.getByRole('img', { name: /Kepatuhan laporan harian per pekan/ });
    await chart.waitFor();
    expect(await chart.locator('path.line-wfa').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+ L/);
    expect(await chart.locator('rect.band-ramadan').count()).toBeGreaterThan(0);
    expect(await chart.locator('rect[fill="url(#arsir-libur)"]').count()).toBeGreaterThan(0);
    expect(await chart.locator('circle.point-wfa').count()).toBeGreaterThan(10);

    const perUnit = page.getByRole('table', { name: /Kepatuhan laporan harian \(%\), desain/ });
    expect(await perUnit.locator('tbody tr').count()).toBeGreaterThan(5);
    // Unit names arrive in a request of their own; until then the rows show unit ids.
    await perUnit.getByText('Sekretariat Daerah').first().waitFor({ timeout: 10_000 });
    await expectAccessibleBasics(page);
    await screenshot(page, '02-evaluasi');

    const [report] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh laporan evaluasi (HTML)' }).click()]);
    const reportFile = path.join(RESULTS_DIR, report.suggestedFilename());
    await report.saveAs(reportFile);
    expect(report.suggestedFilename()).toMatch(/\.html$/);
    expect(await readFile(reportFile, 'utf8')).toContain('<svg');

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh angka evaluasi (CSV)' }).click()]);
    expect(csv.suggestedFilename()).toBe(`evaluasi-${TRIAL_ID}.csv`);
    const csvFile = path.join(RESULTS_DIR, csv.suggestedFilename());
    await csv.saveAs(csvFile);
    expect((await readFile(csvFile, 'utf8')).split('\n').length).toBeGreaterThan(9);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh angka evaluasi (Excel)' }).click()]);
    const xlsxFile = path.join(RESULTS_DIR, xlsx.suggestedFilename());
    await xlsx.saveAs(xlsxFile);
    expect((await readFile(xlsxFile)).subarray(0, 2).toString('latin1')).toBe('PK');

    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((request) => request.language === 'id')).toBe(true);

    // English: the toggle changes the text and lang, survives a reload, and the API is asked in English.
    await page.getByRole('button', { name: 'Ganti bahasa ke English' }).click();
    await page.getByRole('heading', { level: 1, name: 'WFA trial evaluation' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    requests.length = 0;
    await page.reload();
    await page.getByRole('table', { name: /Estimated WFA effect per measure/ }).waitFor({ timeout: 60_000 });
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((request) => request.language === 'en')).toBe(true);
    await screenshot(page, '03-evaluation-en');
    await page.getByRole('button', { name: 'Switch language to Bahasa Indonesia' }).click();
    await page.getByRole('heading', { level: 1, name: 'Evaluasi uji coba WFA' }).waitFor();

    // An evaluator's menu lists only the evaluation.
    const menu = page.getByRole('navigation', { name: 'Menu utama' });
    expect(await menu.getByRole('link').allTextContents()).toEqual(['Evaluasi uji coba WFA']);
    expect(errors).toEqual([]);
  });

  it('compliance review approves and shows refusal', async () => {
    // A supervisor with a direct subordinate's activity awaiting review.
    const employees = (await apiGet<{ items: Employee[] }>('/v1/employees')).items;
    const pending = (await apiGet<{ items: Activity[] }>(`/v1/activities?date=${REVIEW_DATE}&status=submitted`)).items;
    const byNip = new Map(employees.map((employee) => [employee.nip, employee]));
    const activity = pending.find((candidate) => {
      const supervisorNip = byNip.get(candidate.nip)?.supervisorNip;
      return supervisorNip !== null && supervisorNip !== undefined && byNip.get(supervisorNip)?.roles.includes('supervisor') === true;
    });
    expect(activity, `an activity of ${REVIEW_DATE} awaiting review by a supervisor`).toBeDefined();
    const supervisorNip = byNip.get(activity!.nip)!.supervisorNip!;
    const token = await tokenFor(supervisorNip, ['employee', 'supervisor'], { nip: supervisorNip });

    // 1. Two tabs of the same supervisor show the activity; the first approves it.
    const first = await signedInPage(token);
    const second = await signedInPage(token);
    for (const { page } of [first, second]) {
      await page.goto(`${demo.url}/app/kepatuhan?tanggal=${REVIEW_DATE}`);
      await page.getByRole('heading', { level: 1, name: 'Kepatuhan laporan harian' }).waitFor();
      await page.locator(`tr[data-activity="${activity!.activityId}"]`).waitFor();
    }
    const { page, errors } = first;
    await page.getByRole('table', { name: /Kepatuhan laporan per unit/ }).waitFor();
    await page.getByRole('heading', { name: /Belum melapor \(\d+\)/ }).waitFor();
    await page.getByRole('heading', { name: /Terlambat melapor \(\d+\)/ }).waitFor();
    await expectAccessibleBasics(page);
    await screenshot(page, '04-kepatuhan');

    const row = page.locator(`tr[data-activity="${activity!.activityId}"]`);
    await row.getByRole('button', { name: 'Setujui' }).click();
    await expect.poll(() => page.getByRole('status').allTextContents()).toContain(`Kegiatan ${activity!.name} disetujui.`);
    await expect.poll(() => row.count()).toBe(0);

    // 2. The read model has it: queried again through the API, the activity is approved.
    const approved = (await apiGet<{ items: Activity[] }>(`/v1/activities?date=${REVIEW_DATE}&nip=${activity!.nip}&status=approved`)).items;
    expect(approved.map((candidate) => candidate.activityId)).toContain(activity!.activityId);
    const stillPending = (await apiGet<{ items: Activity[] }>(`/v1/activities?date=${REVIEW_DATE}&nip=${activity!.nip}&status=submitted`)).items;
    expect(stillPending.map((candidate) => candidate.activityId)).not.toContain(activity!.activityId);
    await screenshot(page, '05-kepatuhan-disetujui');
    expect(errors).toEqual([]);

    // 3. The second tab still shows the activity; rejecting it now is refused by the API, and its message is shown.
    const staleRow = second.page.locator(`tr[data-activity="${activity!.activityId}"]`);
    await staleRow.getByRole('textbox').fill('Lengkapi bukti dukung');
    await staleRow.getByRole('button', { name: 'Tolak' }).click();
    const alert = second.page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain(`Kegiatan ${activity!.activityId} sudah dinilai (approved).`);
    expect(await alert.textContent()).toContain('ACTIVITY_ALREADY_REVIEWED');
    expect(await alert.textContent()).toContain(`Pemeriksaan kegiatan ${activity!.name} tidak dapat disimpan`);
    await screenshot(second.page, '06-kepatuhan-ditolak');
  });

  it('monthly recap shows bands and cuts', async () => {
    const { page, errors } = await signedInPage(adminToken);
    await page.goto(`${demo.url}/app/rekap?bulan=2026-03`);
    await page.getByRole('heading', { level: 1, name: 'Rekap presensi bulanan' }).waitFor();
    const units = page.getByRole('table', { name: /Rekap per unit, Maret 2026/ });
    await units.waitFor();
    expect(await units.locator('tbody tr').count()).toBe(30);
    expect(await units.locator('thead').textContent()).toContain('TL4');
    expect(await units.locator('thead').textContent()).toContain('PSW1');

    await page.getByLabel('Unit', { exact: true }).selectOption('setda');
    const people = page.getByRole('table', { name: /Rekap per pegawai, Maret 2026/ });
    await people.waitFor();
    expect(await people.locator('tbody tr').count()).toBeGreaterThan(2);
    expect(await people.locator('tbody').textContent()).toMatch(/\d+,\d{2}%/);
    expect(await units.locator('tbody tr').count()).toBe(1);
    await expectAccessibleBasics(page);
    await screenshot(page, '07-rekap');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh rekap (Excel)' }).click()]);
    expect(download.suggestedFilename()).toBe('rekap-presensi-2026-03.xlsx');
    const file = path.join(RESULTS_DIR, download.suggestedFilename());
    await download.saveAs(file);
    expect((await readFile(file)).subarray(0, 2).toString('latin1')).toBe('PK');

    // The tenant admin's menu lists every page.
    const menu = page.getByRole('navigation', { name: 'Menu utama' });
    expect(await menu.getByRole('link').count()).toBe(5);
    expect(errors).toEqual([]);
  });

  it('audit timeline highlights corrections and rejections', async () => {
    // Today's rejected check-in from outside the office, then a correction of the same day by the tenant admin.
    const employee = (await apiGet<{ items: Employee[] }>('/v1/employees?unitId=setda')).items.find((candidate) => !candidate.roles.includes('supervisor'))!;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Makassar' }).format(new Date());
    const attempt = await apiCommand(
      'check-in',
      { mode: 'WFO', source: 'mobile', location: { latitude: -2.5, longitude: 119.9, accuracyMeters: 5 }, deviceId: 'hp-uji' },
      await tokenFor(employee.nip, ['employee'], { nip: employee.nip }),
    );
    expect(attempt.status).toBeGreaterThanOrEqual(400);
    // The as-of field has whole seconds, so the instant between the two commands keeps a second from each.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const beforeCorrection = new Date();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const correction = await apiCommand(
      'correct-attendance',
      { nip: employee.nip, date: today, checkInAt: new Date(`${today}T07:30:00+08:00`).toISOString(), reason: 'Mesin presensi kantor rusak pagi ini' },
      adminToken,
    );
    expect(correction.status).toBe(201);

    const { page, errors } = await signedInPage(await tokenFor('inspektorat-1', ['auditor']));
    await expect.poll(() => page.url()).toContain('/app/audit');
    await page.getByLabel('NIP').fill(employee.nip);
    await page.getByLabel('Dari tanggal').fill(today);
    await page.getByLabel('Sampai tanggal').fill(today);
    await page.getByRole('button', { name: 'Tampilkan riwayat' }).click();

    const rejected = page.locator('li.timeline-rejected');
    await rejected.first().waitFor();
    expect(await rejected.first().textContent()).toContain('Percobaan ditolak');
    const corrected = page.locator('li.timeline-correction');
    expect(await corrected.count()).toBe(1);
    expect(await corrected.textContent()).toContain('Koreksi presensi');

    // As known a moment before the correction, the day had no check-in; now it has 07:30.
    const witaLocal = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Makassar', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .format(beforeCorrection)
      .replace(' ', 'T');
    await page.getByLabel('Hari kerja', { exact: true }).fill(today);
    await page.getByLabel('Keadaan per (waktu WITA)').fill(witaLocal);
    await page.getByRole('button', { name: 'Bandingkan' }).click();
    await page.getByText('Catatan hari ini berubah setelah waktu tersebut.').waitFor();
    const comparison = page.getByRole('table', { name: /keadaan per .* dibanding sekarang/ });
    expect(await comparison.locator('tr.changed-row').count()).toBeGreaterThan(0);
    expect(await comparison.textContent()).toContain('07:30');
    const laterEvents = page.locator('section[aria-labelledby="per-waktu-judul"] ol.timeline');
    expect(await laterEvents.textContent()).toContain('Koreksi presensi');
    expect(await laterEvents.textContent()).not.toContain('Percobaan presensi ditolak');

    await page.getByRole('button', { name: 'Periksa integritas' }).click();
    await page.getByText(/Utuh: tidak ada perubahan pada [\d.]+ peristiwa/).waitFor({ timeout: 60_000 });
    await expectAccessibleBasics(page);
    await screenshot(page, '08-audit');
    expect(errors).toEqual([]);
  });

  it('system status shows projection lag', async () => {
    const { page, errors } = await signedInPage(adminToken);
    await page.goto(`${demo.url}/app/sistem`);
    await page.getByRole('heading', { level: 1, name: 'Status sistem' }).waitFor();
    const table = page.getByRole('table', { name: 'Proyeksi (model baca) dan ketertinggalannya' });
    await table.waitFor();
    expect(await table.locator('tbody').textContent()).toContain('workdays');
    expect(await table.locator('tbody').textContent()).toContain('aktif');
    await page.getByText('Kafka tidak aktif').waitFor();
    await expectAccessibleBasics(page);
    await screenshot(page, '09-sistem');

    // Other roles do not see the page, and the API refuses them too.
    const refused = await fetch(`${demo.url}/v1/system/projections`, { headers: { authorization: `Bearer ${await tokenFor('tim-evaluasi', ['evaluator'])}` } });
    expect(refused.status).toBe(403);
    expect(errors).toEqual([]);
  });
});

describe('OpenID Connect sign-in', () => {
  let issuer: MockIssuer;
  let webServer: FastifyInstance;
  let webUrl: string;

  beforeAll(async () => {
    issuer = await startMockIssuer({ subject: 'evaluator-sso', tenant: TENANT, roles: ['evaluator'] });
    // Only the web routes, with an issuer configured: the test is about the sign-in flow.
    const { default: webRoutes } = await import('../../api/src/web/web-routes.ts');
    webServer = Fastify();
    // The same compilers as buildApp, since the routes declare zod schemas.
    webServer.setValidatorCompiler(validatorCompiler);
    webServer.setSerializerCompiler(serializerCompiler);
    await webServer.register(webRoutes, { oidc: { issuer: issuer.issuer, clientId: 'fleksi-web', scope: 'openid profile' } });
    await webServer.listen({ host: '127.0.0.1', port: 0 });
    webUrl = `http://127.0.0.1:${(webServer.server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await webServer?.close();
    await issuer?.stop();
  });

  it('signs in with code and PKCE', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'id-ID' });
    contexts.push(context);
    const page = await context.newPage();
    currentPage = page;
    await page.goto(`${webUrl}/app`);
    const button = page.getByRole('button', { name: 'Masuk dengan akun instansi' });
    await button.waitFor();
    await screenshot(page, '10-masuk-sso');

    await button.click();
    await page.getByRole('button', { name: 'Keluar' }).waitFor();
    expect(await page.getByText('Masuk sebagai evaluator-sso').count()).toBe(1);
    expect(issuer.tokenRequests).toEqual([{ pkceVerified: true }]);
    expect(page.url()).toContain('/app/evaluasi');
  });
});
