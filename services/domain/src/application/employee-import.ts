import { parse } from 'csv-parse/sync';

import { RegisterEmployeeBody } from '@fleksi/contracts';

import { DomainError } from '../errors.ts';
import type { ApplicationDependencies, RequestInfo } from './context.ts';
import { registerEmployee } from './organisation.ts';
import type { Principal } from './principal.ts';

export interface ImportRowOutcome {
  /** Line number in the file, the header being line 1. */
  readonly line: number;
  readonly nip: string | null;
  readonly status: 'registered' | 'rejected';
  readonly code?: string;
  /** Field-level problems of a row that failed validation. */
  readonly fields?: ReadonlyArray<{ path: string; message: string }>;
}

export interface ImportReport {
  readonly rowsRead: number;
  readonly registered: number;
  readonly rejected: number;
  readonly rows: readonly ImportRowOutcome[];
}

/** Most rows one import request may carry; larger files are split by the caller. */
export const MAX_IMPORT_ROWS = 5_000;

const COLUMNS = ['nip', 'kind', 'name', 'unitId', 'supervisorNip', 'roles', 'domicileLatitude', 'domicileLongitude'] as const;

/**
 * Registers employees from CSV with header
 * `nip,kind,name,unitId,supervisorNip,roles,domicileLatitude,domicileLongitude`
 * (`;` works as separator too; roles separated by `|`). Each row is its own command,
 * so a bad row is reported with its line and reason while the others register.
 * Rows are taken in file order, so a supervisor listed above their staff is found.
 */
export async function importEmployees(
  dependencies: ApplicationDependencies,
  principal: Principal,
  csv: string,
  request: RequestInfo,
): Promise<ImportReport> {
  const records = parseRows(csv);
  const rows: ImportRowOutcome[] = [];

  for (const [index, record] of records.entries()) {
    const line = index + 2;
    const parsed = RegisterEmployeeBody.safeParse(toBody(record));
    if (!parsed.success) {
      rows.push({
        line,
        nip: record['nip'] ?? null,
        status: 'rejected',
        code: 'VALIDATION_FAILED',
        fields: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      });
      continue;
    }

    try {
      const rowRequest: RequestInfo =
        request.idempotency === undefined
          ? request
          : { ...request, idempotency: { key: `${request.idempotency.key}:${parsed.data.nip}`, requestHash: request.idempotency.requestHash } };
      await registerEmployee(dependencies, principal, parsed.data, rowRequest);
      rows.push({ line, nip: parsed.data.nip, status: 'registered' });
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      rows.push({ line, nip: parsed.data.nip, status: 'rejected', code: error.code });
    }
  }

  const registered = rows.filter((row) => row.status === 'registered').length;
  return { rowsRead: records.length, registered, rejected: rows.length - registered, rows };
}

function parseRows(csv: string): Array<Record<string, string>> {
  const text = csv.replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let records: Array<Record<string, string>>;
  try {
    records = parse(text, { columns: true, delimiter, skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (error) {
    throw new DomainError('VALIDATION_FAILED', { field: 'csv', detail: (error as Error).message });
  }

  const header = Object.keys(records[0] ?? {});
  const missing = ['nip', 'kind', 'name', 'unitId'].filter((column) => records.length > 0 && !header.includes(column));
  if (missing.length > 0) {
    throw new DomainError('VALIDATION_FAILED', { field: 'csv', detail: `missing columns ${missing.join(', ')}; expected ${COLUMNS.join(',')}` });
  }
  if (records.length > MAX_IMPORT_ROWS) {
    throw new DomainError('VALIDATION_FAILED', { field: 'csv', detail: `at most ${MAX_IMPORT_ROWS} rows per import` });
  }
  return records;
}

function toBody(record: Record<string, string>): Record<string, unknown> {
  const blank = (value: string | undefined): boolean => value === undefined || value === '';
  const latitude = record['domicileLatitude'];
  const longitude = record['domicileLongitude'];
  return {
    nip: record['nip'],
    kind: record['kind']?.toUpperCase(),
    name: record['name'],
    unitId: record['unitId'],
    supervisorNip: blank(record['supervisorNip']) ? null : record['supervisorNip'],
    roles: blank(record['roles']) ? ['employee'] : (record['roles'] ?? '').split('|').map((role) => role.trim()),
    domicile: blank(latitude) || blank(longitude) ? null : { latitude: Number(latitude), longitude: Number(longitude), address: null },
  };
}
