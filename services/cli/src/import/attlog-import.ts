import { randomUUID } from 'node:crypto';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { CommanderError } from 'commander';

import { createFleksiEventRegistry, errorMessage, type Language } from '@fleksi/contracts';
import { DomainError, TenantCache } from '@fleksi/domain';
import { parsePinMap, type PairingOptions, type PinMapRejectedRow } from '@fleksi/fingerprint';
import { importAttlog, processedAnything } from '@fleksi/fingerprint/import';

import { openDatabase } from '../database.ts';
import { formatImportReport, nothingProcessedText } from './report-text.ts';

export interface AttlogImportCommandOptions {
  readonly tenant: string;
  readonly unit: string;
  readonly pinMap?: string;
  readonly device?: string;
  readonly dryRun?: boolean;
  readonly lang: Language;
  readonly states: NonNullable<PairingOptions['stateHandling']>;
  /** False with --no-nip-fallback. */
  readonly nipFallback: boolean;
}

/** Exit code when the import ran but no check-in or check-out could be processed. */
export const EXIT_NOTHING_PROCESSED = 2;

const MESSAGES = {
  id: {
    unreadable: (file: string, reason: string) => `Berkas ${file} tidak bisa dibaca (${reason}). Periksa nama dan izin berkasnya.`,
    notAFile: (file: string) => `${file} bukan berkas biasa.`,
    pinMapHeader: (file: string) => `Berkas PIN ${file} harus punya baris judul dengan kolom "pin" dan "nip", dipisah "," atau ";".`,
    pinMapRows: (file: string, count: number) => `Berkas PIN ${file}: ${count} baris tidak dipakai:`,
  },
  en: {
    unreadable: (file: string, reason: string) => `Cannot read ${file} (${reason}). Check the file name and its permissions.`,
    notAFile: (file: string) => `${file} is not a regular file.`,
    pinMapHeader: (file: string) => `PIN map ${file} needs a header line naming a "pin" and a "nip" column, separated by "," or ";".`,
    pinMapRows: (file: string, count: number) => `PIN map ${file}: ${count} rows not used:`,
  },
} as const;

/**
 * Runs `fleksi import attlog`: streams the file through importAttlog with the
 * CLI user as actor, then prints the summary. Throws a CommanderError with exit
 * code 1 when a file cannot be read or the tenant or unit is unknown, and with
 * exit code 2 after the summary when nothing could be processed.
 */
export async function runAttlogImport(file: string, options: AttlogImportCommandOptions, write: (text: string) => void): Promise<void> {
  const pinMap = options.pinMap === undefined ? new Map<string, string>() : await readPinMap(options.pinMap, options.lang, write);
  const handle = await openLog(file, options.lang);

  const database = await openDatabase();
  try {
    const store = database.store;
    const dependencies = { store, registry: createFleksiEventRegistry(), clock: () => new Date().toISOString() };
    const report = await importAttlog(
      linesOf(handle),
      { dependencies, tenants: new TenantCache(store) },
      {
        tenantId: options.tenant,
        unitId: options.unit,
        actor: `cli:${operatorName()}`,
        correlationId: `fingerprint-import-${randomUUID()}`,
        pinMap,
        pinIsNipFallback: options.nipFallback,
        deviceId: options.device ?? null,
        dryRun: options.dryRun ?? false,
        pairing: { stateHandling: options.states },
      },
    );

    write(formatImportReport({ report, file: path.basename(file), tenantId: options.tenant, unitId: options.unit, language: options.lang }));
    if (!processedAnything(report)) {
      const text = nothingProcessedText(options.lang);
      process.stderr.write(text);
      throw new CommanderError(EXIT_NOTHING_PROCESSED, 'fleksi.import.nothingProcessed', text.trim());
    }
  } catch (error) {
    if (error instanceof DomainError) {
      process.stderr.write(`${errorMessage(error.code, options.lang, error.params)}\n`);
      throw new CommanderError(1, `fleksi.import.${error.code}`, error.message);
    }
    throw error;
  } finally {
    await handle.close();
    await database.close();
  }
}

/**
 * Yields the lines of a file. The readline interface is created on the first
 * read, because one created earlier starts reading at once and loses the lines
 * it emits before iteration begins.
 */
async function* linesOf(handle: FileHandle): AsyncGenerator<string> {
  const lines = createInterface({ input: handle.createReadStream({ encoding: 'utf8', autoClose: false }), crlfDelay: Infinity });
  try {
    yield* lines;
  } finally {
    lines.close();
  }
}

async function openLog(file: string, language: Language): Promise<FileHandle> {
  const messages = MESSAGES[language];
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    return failWith(messages.unreadable(file, (error as NodeJS.ErrnoException).code ?? String(error)));
  }
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    return failWith(messages.notAFile(file));
  }
  return handle;
}

async function readPinMap(file: string, language: Language, write: (text: string) => void): Promise<Map<string, string>> {
  const messages = MESSAGES[language];
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return failWith(messages.unreadable(file, (error as NodeJS.ErrnoException).code ?? String(error)));
  }

  const { map, rejected } = parsePinMap(text);
  if (rejected.some((row) => row.reason === 'INVALID_HEADER')) {
    return failWith(messages.pinMapHeader(file));
  }
  if (rejected.length > 0) {
    const rows = rejected.slice(0, 10).map((row) => describePinMapRow(row, language));
    write(`${messages.pinMapRows(path.basename(file), rejected.length)}\n${rows.join('\n')}\n`);
  }
  return map;
}

function describePinMapRow(row: PinMapRejectedRow, language: Language): string {
  // The parser's message is English; Indonesian output shows the code and the row instead.
  return language === 'en' ? `  ${row.reason}: ${row.message}` : `  baris ${row.lineNumber}: ${row.reason} "${row.line.trim()}"`;
}

function failWith(message: string): never {
  process.stderr.write(`${message}\n`);
  throw new CommanderError(1, 'fleksi.import.unreadable', message);
}

function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    // Some containers run under a user id without a passwd entry.
    return `uid-${process.getuid?.() ?? 'unknown'}`;
  }
}
