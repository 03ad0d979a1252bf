import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { findNipProblem } from '@fleksi/contracts';
import { describe, expect, it } from 'vitest';

import { parseCli } from '../src/cli.ts';
import { summariseCpuProfile } from '../src/http/cpu-profile.ts';
import { generateRegency, nipFor } from '../src/regency/world.ts';
import { parseDemoOutput } from '../src/workloads/demo.ts';

describe('parseDemoOutput', () => {
  it('reads counts and time of the summary', () => {
    const output = 'Perintah dikirim: 22909; hari kerja: 96; ditolak: OUTSIDE_GEOFENCE 32\n\nSelesai dalam 168 detik. Laporan evaluasi tersimpan di x';
    expect(parseDemoOutput(output)).toEqual({ commands: 22_909, workdays: 96, rejected: 'OUTSIDE_GEOFENCE 32', seconds: 168 });
  });

  it('returns nothing for output without a summary', () => {
    expect(parseDemoOutput('demo failed: Error')).toEqual({});
  });
});

describe('generateRegency', () => {
  it('gives every employee a valid, unique NIP', () => {
    const regency = generateRegency(3_000);
    const nips = new Set(regency.employees.map((employee) => employee.nip));
    expect(nips.size).toBe(3_000);
    for (const nip of nips) {
      expect(findNipProblem(nip, 'PNS'), nip).toBeUndefined();
    }
  });

  it('puts each supervisor before their staff in the same unit', () => {
    const regency = generateRegency(200);
    const seen = new Map<string, string>();
    for (const employee of regency.employees) {
      if (employee.supervisorNip !== null) {
        expect(seen.get(employee.supervisorNip), employee.nip).toBe(employee.unitId);
      }
      seen.set(employee.nip, employee.unitId);
    }
  });

  it('is the same for the same size and seed', () => {
    expect(generateRegency(50)).toEqual(generateRegency(50));
    expect(nipFor(1_234)).toBe(nipFor(1_234));
  });
});

describe('summariseCpuProfile', () => {
  it('counts self time inside the window only', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'fleksi-profile-test-'));
    try {
      const profile = {
        nodes: [
          { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
          { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
          { id: 3, callFrame: { functionName: 'decide', url: 'file:///repo/services/domain/src/deciders/attendance-day.ts', lineNumber: 9 } },
          { id: 4, callFrame: { functionName: 'parse', url: 'file:///repo/node_modules/zod/v4/core/parse.js', lineNumber: 40 } },
        ],
        startTime: 1_000,
        endTime: 1_600,
        samples: [3, 3, 4, 2, 3, 4],
        timeDeltas: [0, 100, 100, 100, 100, 100],
      };
      await writeFile(path.join(directory, 'server.cpuprofile'), JSON.stringify(profile));

      const summary = await summariseCpuProfile(directory, 1_100, 1_450);
      expect(summary.windowMatched).toBe(true);
      expect(summary.samples).toBe(4);
      expect(summary.idlePercent).toBe(25);
      expect(summary.functions[0]).toEqual({ name: 'decide services/domain/src/deciders/attendance-day.ts:10', selfMs: 0.2, percent: 66.7 });
      expect(summary.packages.map((hotspot) => hotspot.name)).toEqual(['services/domain', 'zod']);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('parseCli', () => {
  it('reads the new workloads\' options', () => {
    const options = parseCli(['--workload', 'rebuild', '--sizes', '500000,1000000', '--rate', '800', '--demo-employees', '300', '--cpu-profile', 'always']);
    expect(options.settings.rebuild.sizes).toEqual([500_000, 1_000_000]);
    expect(options.settings.command.rate).toBe(800);
    expect(options.settings.command.cpuProfile).toBe('always');
    expect(options.settings.demo.employees).toEqual([300]);
    expect(options.settings.repeatsGiven).toBe(false);
  });

  it('rejects a malformed size list', () => {
    expect(() => parseCli(['--sizes', '500000,lots'])).toThrow(/--sizes must be/);
  });
});
