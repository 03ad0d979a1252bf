import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { DateTime } from 'luxon';

import { clockTime } from './behaviour.ts';
import type { BaselineAttendance } from './simulation.ts';
import type { World } from './world.ts';

const ZONE = 'Asia/Makassar';

export interface Terminal {
  readonly serial: string;
  readonly unitId: string;
  readonly key: string;
}

/**
 * Writes the registry of the office fingerprint terminals, one per unit with its PIN
 * map, in the format the server reads from FLEKSI_FINGERPRINT_DEVICES.
 */
export async function writeTerminalRegistry(world: World, tenantId: string, folder: string): Promise<{ file: string; terminals: Terminal[] }> {
  await mkdir(folder, { recursive: true });
  const terminals: Terminal[] = [];
  const devices = [];
  for (const unit of world.units) {
    const serial = `MTG-${unit.id.toUpperCase()}`;
    const key = randomBytes(18).toString('base64url');
    const pinMapFile = `pin-${unit.id}.csv`;
    const staff = world.employees.filter((employee) => employee.unitId === unit.id);
    await writeFile(path.join(folder, pinMapFile), ['pin,nip', ...staff.map((employee) => `${employee.pin},${employee.nip}`)].join('\n'));
    devices.push({ serial, tenantId, unitId: unit.id, keySha256: createHash('sha256').update(key).digest('hex'), pinMapFile, description: `Mesin presensi ${unit.name}`.slice(0, 200) });
    terminals.push({ serial, unitId: unit.id, key });
  }
  const file = path.join(folder, 'mesin-presensi.json');
  await writeFile(file, JSON.stringify({ devices }, null, 2));
  return { file, terminals };
}

/**
 * Baseline attendance as the office terminals produce it: every finger press is an
 * ATTLOG line (PIN right-aligned, local time, state, verify mode), and at 18:00 each
 * terminal pushes the day's lines to the server, which pairs them into check-ins and
 * check-outs through the same command path as the API.
 */
export function pushFromTerminals(baseUrl: string, terminals: readonly Terminal[]): BaselineAttendance {
  return async (date, punches) => {
    const lines = new Map<string, string[]>();
    for (const { employee, checkIn, checkOut } of punches) {
      const unitLines = lines.get(employee.unitId) ?? [];
      for (const [minutes, state] of [[checkIn, 0], [checkOut, 1]] as const) {
        if (minutes !== null) {
          const seconds = String((Number(employee.pin) * 7 + minutes) % 60).padStart(2, '0');
          unitLines.push(`${employee.pin.padStart(9)}\t${date} ${clockTime(minutes)}:${seconds}\t${state}\t1\t0\t0`);
        }
      }
      lines.set(employee.unitId, unitLines);
    }

    const pushedAt = DateTime.fromISO(`${date}T18:00`, { zone: ZONE }).toUTC().toISO() ?? '';
    await Promise.all(
      terminals.map(async (terminal) => {
        const body = lines.get(terminal.unitId);
        if (body === undefined || body.length === 0) {
          return;
        }
        const response = await fetch(`${baseUrl}/v1/fingerprint/devices/${terminal.serial}/attlog`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'x-device-key': terminal.key, 'x-demo-time': pushedAt },
          body: `${body.join('\r\n')}\r\n`,
        });
        if (response.status !== 200) {
          throw new Error(`terminal ${terminal.serial} push on ${date} failed with ${response.status}: ${(await response.text()).slice(0, 300)}`);
        }
      }),
    );
  };
}
