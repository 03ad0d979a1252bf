import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';

import { Slug } from '@fleksi/contracts';
import { parsePinMap, type PairingOptions } from '@fleksi/fingerprint';

/** A fingerprint terminal allowed to push its attendance log. */
export interface RegisteredDevice {
  readonly serial: string;
  readonly tenantId: string;
  readonly unitId: string;
  /** SHA-256 of the device key in lower-case hex (see hashDeviceKey). */
  readonly keySha256: string;
  /** NIP by canonical PIN; empty when the device has no PIN map. */
  readonly pinMap: ReadonlyMap<string, string>;
  readonly stateHandling: NonNullable<PairingOptions['stateHandling']>;
  /** Whether a PIN missing from the map that is itself an NIP maps to itself. */
  readonly nipFallback: boolean;
}

export interface DeviceRegistry {
  find(serial: string): RegisteredDevice | undefined;
  readonly size: number;
}

/** Environment variable naming the JSON file of registered devices. */
export const DEVICES_FILE_VARIABLE = 'FLEKSI_FINGERPRINT_DEVICES';

export const DEVICE_SERIAL = /^[A-Za-z0-9_-]{1,64}$/;

const DeviceEntry = z.strictObject({
  serial: z.string().regex(DEVICE_SERIAL, 'expected 1 to 64 letters, digits, "_" or "-"'),
  tenantId: Slug,
  unitId: Slug,
  keySha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected the SHA-256 of the device key as 64 lower-case hex digits'),
  /** Path of the PIN map CSV, relative to the devices file. */
  pinMapFile: z.string().min(1).max(1_000).optional(),
  stateHandling: z.enum(['auto', 'ignore']).default('auto'),
  nipFallback: z.boolean().default(true),
  /** Free text for administrators, such as where the terminal hangs. */
  description: z.string().max(200).optional(),
});

const DevicesFile = z.strictObject({ devices: z.array(DeviceEntry).max(10_000) });

/**
 * Loads the devices named by FLEKSI_FINGERPRINT_DEVICES, or returns an empty
 * registry when the variable is unset or empty. Throws with the file name and
 * the faulty entry when the file cannot be read or is invalid, so the server
 * does not start with a half-read registry. Rows of a PIN map that cannot be
 * used are logged as a warning and left out.
 * NOTE: the file is read once at start-up; restart the server after a change.
 */
export async function loadDeviceRegistry(environment: NodeJS.ProcessEnv, logger: FastifyBaseLogger): Promise<DeviceRegistry> {
  const file = environment[DEVICES_FILE_VARIABLE];
  if (file === undefined || file === '') {
    return registryOf([]);
  }

  const text = await readText(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${DEVICES_FILE_VARIABLE} file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = DevicesFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${DEVICES_FILE_VARIABLE} file ${file} is invalid at ${issue?.path.join('.') ?? '(root)'}: ${issue?.message ?? 'unknown problem'}`);
  }

  const devices: RegisteredDevice[] = [];
  const seen = new Set<string>();
  for (const entry of parsed.data.devices) {
    if (seen.has(entry.serial)) {
      throw new Error(`${DEVICES_FILE_VARIABLE} file ${file} lists serial ${entry.serial} twice; keep one entry per terminal`);
    }
    seen.add(entry.serial);
    const pinMap = entry.pinMapFile === undefined ? new Map<string, string>() : await loadPinMap(path.resolve(path.dirname(file), entry.pinMapFile), entry.serial, logger);
    devices.push({
      serial: entry.serial,
      tenantId: entry.tenantId,
      unitId: entry.unitId,
      keySha256: entry.keySha256,
      pinMap,
      stateHandling: entry.stateHandling,
      nipFallback: entry.nipFallback,
    });
  }

  logger.info({ file, devices: devices.length }, 'fingerprint devices loaded');
  return registryOf(devices);
}

async function loadPinMap(file: string, serial: string, logger: FastifyBaseLogger): Promise<Map<string, string>> {
  const { map, rejected } = parsePinMap(await readText(file));
  if (rejected.some((row) => row.reason === 'INVALID_HEADER')) {
    throw new Error(`PIN map ${file} of device ${serial} needs a header line naming a "pin" and a "nip" column`);
  }
  if (rejected.length > 0) {
    logger.warn({ serial, file, rejectedRows: rejected.length, lines: rejected.slice(0, 20).map((row) => `${row.lineNumber} ${row.reason}`) }, 'PIN map rows left out');
  }
  return map;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`failed to read ${file}: ${(error as Error).message}`);
  }
}

function registryOf(devices: readonly RegisteredDevice[]): DeviceRegistry {
  const bySerial = new Map(devices.map((device) => [device.serial, device]));
  return { find: (serial) => bySerial.get(serial), size: bySerial.size };
}
