import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createFleksiEventRegistry } from '@fleksi/contracts';
import { PostgresEventStore } from '@fleksi/event-store';
import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seedTenant, testDependencies } from './import-fixtures.ts';

const bin = fileURLToPath(new URL('../bin/fleksi.mjs', import.meta.url));
const TENANT = 'kab-mamasa';
const UNIT = 'setda';
const ZONE = 'Asia/Makassar';
const NIP = { andi: '198609262015051001', nur: '199104112019032003', rudi: '199505052020121001' } as const;

let workDir: string;
let database: TestDatabase;
let logFile: string;
let pinMapFile: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'fleksi-import-'));
  await chmod(workDir, 0o711);
  database = await createTestDatabase();
  const store = new PostgresEventStore(database.pool, { registry: createFleksiEventRegistry() });
  await seedTenant(testDependencies(store, () => new Date().toISOString()), { tenantId: TENANT, unitId: UNIT, nips: Object.values(NIP) });

  // The CLI runs on the real clock, so the log holds yesterday and the day
  // before, well within the default 72-hour offline window.
  const today = DateTime.now().setZone(ZONE).startOf('day');
  const dayBefore = today.minus({ days: 2 }).toISODate();
  const yesterday = today.minus({ days: 1 }).toISODate();
  const line = (pin: string, date: string | null, time: string, state = '0') => `${pin.padStart(5)}\t${date} ${time}\t${state}\t1\t0\t0`;
  logFile = path.join(workDir, '1_attlog.dat');
  await writeFile(
    logFile,
    [
      line('1', dayBefore, '07:21:33'),
      line('2', dayBefore, '07:24:02'),
      line('2', dayBefore, '07:24:09'),
      line(NIP.rudi, dayBefore, '07:30:00'),
      line('3', dayBefore, '07:35:00'),
      line('1', dayBefore, '16:01:10', '1'),
      line('2', dayBefore, '16:04:45', '1'),
      line(NIP.rudi, dayBefore, '16:10:00', '1'),
      '',
      line('1', yesterday, '07:19:50'),
      line('2', yesterday, '07:2'),
      line('2', yesterday, '07:30:02'),
      line('1', yesterday, '16:00:40', '1'),
      `   #7\t${yesterday} 07:40:00\t0\t1\t0\t0`,
      '',
    ].join('\r\n'),
  );
  pinMapFile = path.join(workDir, 'pin-map.csv');
  await writeFile(pinMapFile, `\uFEFF"PIN";"NIP";"Nama"\n1;${NIP.andi};"Andi Pratama"\n2;${NIP.nur};"Nur Aisyah"\n9;1,98503E+17;"Yusuf Maulana"\n`);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
  await database.drop();
});

function fleksi(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, FLEKSI_DATA_DIR: workDir, DATABASE_URL: database.url } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function eventCount(): Promise<number> {
  const { rows } = await database.pool.query<{ count: string }>('SELECT count(*) FROM events WHERE tenant_id = $1', [TENANT]);
  return Number(rows[0]?.count);
}

const importArgs = (...extra: string[]) => ['import', 'attlog', logFile, '--tenant', TENANT, '--unit', UNIT, '--pin-map', pinMapFile, ...extra];

describe('fleksi import attlog', () => {
  it('shows a dry run without recording', async () => {
    const before = await eventCount();

    const result = await fleksi(importArgs('--dry-run'));

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Uji coba impor (tidak ada yang disimpan)');
    expect(result.stdout).toContain('Presensi masuk: 5 akan dicatat, 0 sudah ada');
    expect(await eventCount()).toBe(before);
  });

  it('imports and prints an Indonesian summary', async () => {
    const result = await fleksi(importArgs('--device', 'CQZ7232460123'));

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Impor log mesin sidik jari: 1_attlog.dat (pemda kab-mamasa, unit setda)');
    expect(result.stdout).toContain('Baris dibaca: 13');
    expect(result.stdout).toContain('Presensi masuk: 5 dicatat, 0 sudah ada');
    expect(result.stdout).toContain('Presensi pulang: 4 dicatat, 0 sudah ada');
    expect(result.stdout).toContain('Rekaman ganda diabaikan: 1');
    expect(result.stdout).toContain('2 baris rusak');
    expect(result.stdout).toMatch(/baris 11: tanggal-jam tidak valid/);
    expect(result.stdout).toMatch(/baris 14: PIN tidak valid/);
    expect(result.stdout).toContain('1 PIN tidak dikenal (1 rekaman); tambahkan ke berkas PIN: 3');
    expect(result.stdout).toMatch(/Berkas PIN pin-map\.csv: 1 baris tidak dipakai:\n {2}baris 4: INVALID_NIP/);
  });

  it('changes nothing when the file is imported again', async () => {
    const before = await eventCount();

    const result = await fleksi(importArgs('--lang', 'en'));

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Check-ins: 0 recorded, 5 already present');
    expect(result.stdout).toContain('Check-outs: 0 recorded, 4 already present');
    expect(result.stdout).toMatch(/line 11: "[^"]+" is not a valid date-time/);
    expect(await eventCount()).toBe(before);
  });

  it('exits 2 when nothing can be processed', async () => {
    const onlyBroken = path.join(workDir, 'broken.dat');
    await writeFile(onlyBroken, 'bukan log presensi\n1\t2026-13-01 07:00:00\n');

    const result = await fleksi(['import', 'attlog', onlyBroken, '--tenant', TENANT, '--unit', UNIT]);

    expect(result.code).toBe(2);
    expect(result.stdout).toContain('2 baris rusak');
    expect(result.stderr).toContain('Tidak ada presensi yang bisa diproses dari berkas ini.');
  });

  it('exits 1 for a missing file', async () => {
    const result = await fleksi(['import', 'attlog', path.join(workDir, 'tidak-ada.dat'), '--tenant', TENANT, '--unit', UNIT]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('tidak-ada.dat tidak bisa dibaca (ENOENT)');
  });

  it('exits 1 for an unknown tenant', async () => {
    const result = await fleksi(['import', 'attlog', logFile, '--tenant', 'kab-lain', '--unit', UNIT, '--lang', 'en']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Tenant kab-lain is not registered.');
  });

  it('rejects an unknown language', async () => {
    const result = await fleksi(importArgs('--lang', 'fr'));

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--lang must be id or en');
  });
});

describe('fleksi import device-key', () => {
  it('prints a key and its registry entry', async () => {
    const result = await fleksi(['import', 'device-key', 'CQZ7232460123', '--tenant', TENANT, '--unit', UNIT, '--pin-map', 'pin-map-setda.csv']);

    expect(result.code).toBe(0);
    const key = /^key: (\S+)$/m.exec(result.stdout)?.[1];
    const entry = JSON.parse(/^entry for FLEKSI_FINGERPRINT_DEVICES: (.+)$/m.exec(result.stdout)?.[1] ?? '{}');
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(entry).toMatchObject({ serial: 'CQZ7232460123', tenantId: TENANT, unitId: UNIT, pinMapFile: 'pin-map-setda.csv' });
    expect(entry.keySha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
