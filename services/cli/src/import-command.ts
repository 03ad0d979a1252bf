import { Command, InvalidArgumentError } from 'commander';

import type { Language } from '@fleksi/contracts';
import type { PairingOptions } from '@fleksi/fingerprint';
import { generateDeviceKey, hashDeviceKey } from '@fleksi/fingerprint/import';

import { runAttlogImport, type AttlogImportCommandOptions } from './import/attlog-import.ts';

/** `fleksi import attlog|device-key`: attendance from fingerprint terminals. */
export function importCommand(write: (text: string) => void): Command {
  const command = new Command('import').description('import attendance from fingerprint terminals');

  command
    .command('attlog')
    .description(
      'record the check-ins and check-outs of a terminal log (1_attlog.dat) through the same command path as the API; ' +
        'importing the same file again changes nothing. Exit code 1: the file, tenant or unit is not usable; 2: nothing could be processed',
    )
    .argument('<file>', 'ATTLOG file exported from the terminal, such as 1_attlog.dat')
    .requiredOption('--tenant <id>', 'tenant id, for example mamuju-tengah')
    .requiredOption('--unit <unitId>', 'unit (OPD) of the terminal; PINs are unique within it')
    .option('--pin-map <csv>', 'CSV with a "pin" and a "nip" column; without it, only PINs that are themselves NIPs are known')
    .option('--device <serial>', 'serial number of the terminal, stored with each check-in')
    .option('--dry-run', 'read the file and report what would be recorded, without recording anything')
    .option('--lang <language>', 'language of the summary: id (Indonesian) or en (English)', parseLanguage, 'id')
    .option('--states <handling>', 'use of the in/out state column: auto, or ignore for terminals whose state key is unreliable', parseStates, 'auto')
    .option('--no-nip-fallback', 'treat PINs missing from the PIN map as unknown even when they are 18-digit NIPs')
    .action(async (file: string, options: AttlogImportCommandOptions) => runAttlogImport(file, options, write));

  command
    .command('device-key')
    .description('print a new key for a terminal that pushes its log, and the entry for the FLEKSI_FINGERPRINT_DEVICES file')
    .argument('<serial>', 'serial number of the terminal (the SN it sends)')
    .requiredOption('--tenant <id>', 'tenant id of the terminal')
    .requiredOption('--unit <unitId>', 'unit (OPD) of the terminal')
    .option('--pin-map <csv>', 'PIN map CSV of the terminal, relative to the devices file')
    .action((serial: string, options: { tenant: string; unit: string; pinMap?: string }) => {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(serial)) {
        throw new Error(`serial ${serial} must be 1 to 64 letters, digits, "_" or "-"`);
      }
      const key = generateDeviceKey();
      const entry = {
        serial,
        tenantId: options.tenant,
        unitId: options.unit,
        keySha256: hashDeviceKey(key),
        ...(options.pinMap === undefined ? {} : { pinMapFile: options.pinMap }),
      };
      write(`key: ${key}\n`);
      write(`entry for FLEKSI_FINGERPRINT_DEVICES: ${JSON.stringify(entry)}\n`);
      write('Set the key on the terminal or its gateway; Fleksi keeps only its hash.\n');
    });

  return command;
}

function parseLanguage(value: string): Language {
  if (value !== 'id' && value !== 'en') {
    throw new InvalidArgumentError(`--lang must be id or en, got ${value}`);
  }
  return value;
}

function parseStates(value: string): NonNullable<PairingOptions['stateHandling']> {
  if (value !== 'auto' && value !== 'ignore') {
    throw new InvalidArgumentError(`--states must be auto or ignore, got ${value}`);
  }
  return value;
}
