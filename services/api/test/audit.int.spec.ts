import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createHarness, nearOffice, NIP, seedOrganisation, TENANT, type Harness } from './harness.ts';

let harness: Harness;
let auditor: string;
const verifier = fileURLToPath(new URL('../../audit/tools/verify-export.mjs', import.meta.url));

async function get(url: string, token: string) {
  return harness.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
}

beforeAll(async () => {
  harness = await createHarness();
  await seedOrganisation(harness);
  auditor = await harness.token({ role: 'auditor', subject: 'inspektorat-1' });
  const employee = await harness.token({ role: 'employee', nip: NIP.employee });
  const admin = await harness.token({ role: ['employee', 'unit_admin'], nip: NIP.admin, unit: 'setda' });

  harness.setNow('2026-01-22T00:12:00.000Z');
  await harness.command('check-in', employee, { mode: 'WFO', source: 'mobile', location: nearOffice() });
  await harness.command('check-in', employee, { mode: 'WFA', source: 'mobile', location: nearOffice() });
  harness.setNow('2026-02-10T01:00:00.000Z');
  await harness.command('correct-attendance', admin, { nip: NIP.employee, date: '2026-01-22', checkInAt: '2026-01-22T07:29:00+08:00', reason: 'Gangguan jaringan kantor, disetujui atasan' });
});

afterAll(async () => {
  await harness.close();
});

describe('audit routes', () => {
  it('returns the history with the rejected attempt marked', async () => {
    const response = await get(`/v1/audit/history?nip=${NIP.employee}&from=2026-01-22&to=2026-01-22`, auditor);

    expect(response.statusCode).toBe(200);
    const types = response.json().items.map((item: { type: string; rejected: boolean }) => `${item.type}${item.rejected ? '!' : ''}`);
    expect(types).toEqual(['EmployeeRegistered', 'CheckedIn', 'AttendanceAttemptRejected!', 'AttendanceCorrected']);
  });

  it('compares the day as known before the correction', async () => {
    const response = await get(`/v1/audit/as-of?nip=${NIP.employee}&date=2026-01-22&at=2026-02-01T00:00:00%2B08:00`, auditor);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ changed: true, then: { attendance: { status: 'terlambat', minutesLate: 42 } }, now: { attendance: { status: 'hadir' } } });
  });

  it('exports JSON lines that the independent script verifies', async () => {
    const response = await get(`/v1/audit/history.jsonl?nip=${NIP.employee}&from=2026-01-22&to=2026-01-22`, auditor);
    const folder = await mkdtemp(path.join(tmpdir(), 'fleksi-audit-'));
    const file = path.join(folder, 'export.jsonl');
    await writeFile(file, response.body);

    const result = spawnSync(process.execPath, [verifier, file], { encoding: 'utf8' });

    expect(response.statusCode).toBe(200);
    expect(result.status).toBe(0);
  });

  it('exports CSV with Indonesian headers', async () => {
    const response = await get(`/v1/audit/history.csv?nip=${NIP.employee}&from=2026-01-22&to=2026-01-22`, auditor);

    expect(response.body.replace(/^\uFEFF/, '').split('\n')[0]).toContain('Posisi,Waktu Dicatat,Waktu Diterima,Waktu Perangkat,Tanggal,Jenis Peristiwa,Ditolak');
  });

  it('verifies the tenant\'s chains', async () => {
    const response = await get('/v1/audit/verify', auditor);

    expect(response.json()).toMatchObject({ ok: true, breaks: [] });
  });

  it('logs every audit query', async () => {
    const log = await harness.store.readStream(`audit-log-${TENANT}`);

    expect(log.events.length).toBeGreaterThanOrEqual(5);
    expect(log.events[0]).toMatchObject({ type: 'AuditQueried', data: { query: 'history', channel: 'api', parameters: { nip: NIP.employee } }, metadata: { actor: { subject: 'inspektorat-1', role: 'auditor' } } });
  });

  it('refuses employees and supervisors', async () => {
    const employee = await harness.token({ role: ['employee', 'supervisor'], nip: NIP.supervisor });

    const response = await get(`/v1/audit/history?nip=${NIP.employee}&from=2026-01-22&to=2026-01-22`, employee);

    expect(response.statusCode).toBe(403);
  });

  it('keeps another tenant\'s auditor out', async () => {
    const foreign = await harness.token({ role: 'auditor', tenant: 'sulawesi-barat' });

    const response = await get(`/v1/audit/history?nip=${NIP.employee}&from=2026-01-22&to=2026-01-22`, foreign);

    expect(response.json().items).toEqual([]);
  });

  it('rejects a range over 400 days', async () => {
    const response = await get(`/v1/audit/history?nip=${NIP.employee}&from=2025-01-01&to=2026-06-30`, auditor);

    expect(response.statusCode).toBe(400);
  });
});
