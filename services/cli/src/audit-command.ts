import { userInfo } from 'node:os';

import { Command, InvalidArgumentError } from 'commander';

import { compareAsOf, formatTimeline, queryHistory, recordCheckpoint, verifyLog } from '@fleksi/audit';
import { createFleksiEventRegistry, parseLogPosition } from '@fleksi/contracts';
import { datesBetween, logAuditQuery, type Principal } from '@fleksi/domain';

import { openDatabase, type Database } from './database.ts';

/** Audit queries from the command line are logged under this tenant when they span all tenants. */
const PLATFORM_TENANT = '_platform';

function operator(tenantId: string): Principal {
  return { tenantId, subject: `cli:${userInfo().username}`, roles: ['auditor'], nip: null, unitId: null };
}

async function logQuery(database: Database, tenantId: string, query: Parameters<typeof logAuditQuery>[2], parameters: Record<string, string>): Promise<void> {
  const dependencies = { store: database.store, registry: createFleksiEventRegistry(), clock: () => new Date().toISOString() };
  await logAuditQuery(dependencies, operator(tenantId), query, parameters, { correlationId: `cli-${Date.now()}`, channel: 'cli' });
}

/** `fleksi audit replay|verify|checkpoint`. */
export function auditCommand(write: (text: string) => void): Command {
  const command = new Command('audit').description('replay attendance history, verify the log, record log checkpoints');

  command
    .command('replay')
    .description("print an employee's attendance and report history as a timeline")
    .requiredOption('--tenant <id>', 'tenant id')
    .requiredOption('--employee <nip>', "the employee's 18-digit NIP", parseNip)
    .requiredOption('--from <date>', 'first date, YYYY-MM-DD', parseDate)
    .requiredOption('--to <date>', 'last date, YYYY-MM-DD', parseDate)
    .option('--as-of <instant>', 'show only what was known at this instant (ISO 8601), and compare each date with today')
    .option('--zone <zone>', 'time zone of the times shown', 'Asia/Makassar')
    .option('--lang <language>', 'id or en', 'id')
    .action(async (options: { tenant: string; employee: string; from: string; to: string; asOf?: string; zone: string; lang: string }) => {
      if (options.asOf !== undefined && Number.isNaN(Date.parse(options.asOf))) {
        throw new Error(`--as-of must be an ISO 8601 instant such as 2026-02-01T00:00:00+08:00, got ${options.asOf}`);
      }
      const language = options.lang === 'en' ? 'en' : 'id';
      const database = await openDatabase();
      try {
        await logQuery(database, options.tenant, 'history', { nip: options.employee, from: options.from, to: options.to, ...(options.asOf === undefined ? {} : { asOf: options.asOf }) });
        const history = await queryHistory(database.pool, { tenantId: options.tenant, nip: options.employee, from: options.from, to: options.to, asOf: options.asOf });
        write(`${language === 'id' ? 'Riwayat' : 'History of'} ${options.employee}, ${options.from} – ${options.to}${options.asOf === undefined ? '' : ` (${language === 'id' ? 'per' : 'as of'} ${options.asOf})`}\n\n`);
        write(history.length === 0 ? `${language === 'id' ? 'Tidak ada peristiwa.' : 'No events.'}\n` : `${formatTimeline(history, language, options.zone)}\n`);

        if (options.asOf !== undefined) {
          write(`\n${language === 'id' ? 'Perbandingan dengan keadaan sekarang' : 'Compared with today'}\n`);
          for (const date of datesBetween(options.from, options.to)) {
            const comparison = await compareAsOf(database.pool, { tenantId: options.tenant, nip: options.employee, date, asOf: options.asOf });
            const then = comparison.then.attendance?.status ?? '–';
            const now = comparison.now.attendance?.status ?? '–';
            const marker = comparison.changed ? (language === 'id' ? '  BERUBAH' : '  CHANGED') : '';
            write(`${date}  ${then} → ${now}${marker}${comparison.laterEvents.length === 0 ? '' : ` (${comparison.laterEvents.map((event) => `${event.type} ${language === 'id' ? 'oleh' : 'by'} ${event.actor.subject}`).join(', ')})`}\n`);
          }
        }
      } finally {
        await database.close();
      }
    });

  command
    .command('verify')
    .description('check every hash chain and log checkpoint; exits 1 when anything is broken')
    .option('--until <position>', 'check the log only up to this position (commit-prepare)')
    .option('--tenant <id>', "check only this tenant's streams")
    .action(async (options: { until?: string; tenant?: string }) => {
      const until = options.until === undefined ? undefined : parseLogPosition(options.until);
      if (options.until !== undefined && until === undefined) {
        throw new Error(`--until must be a log position such as 812-10240, got ${options.until}`);
      }
      const database = await openDatabase();
      try {
        await logQuery(database, options.tenant ?? PLATFORM_TENANT, 'verify', { ...(options.until === undefined ? {} : { until: options.until }) });
        const report = await verifyLog(database.pool, { ...(options.tenant === undefined ? {} : { tenantId: options.tenant }), ...(until === undefined ? {} : { until }) });
        write(`${report.eventsChecked} events in ${report.streamsChecked} streams and ${report.checkpointsChecked} checkpoints checked\n`);
        for (const broken of report.breaks) {
          write(`BROKEN ${broken.kind}: ${broken.streamId ?? 'global log'}${broken.streamVersion === null ? '' : ` v${broken.streamVersion}`}${broken.position === null ? '' : ` at ${broken.position}`}: ${broken.detail}\n`);
        }
        write(report.ok ? 'ok: the log matches its hashes\n' : `${report.breaks.length} break(s) found\n`);
        if (!report.ok) {
          process.exitCode = 1;
        }
      } finally {
        await database.close();
      }
    });

  command
    .command('checkpoint')
    .description('record a digest (Merkle root) of the global log, to print in official reports')
    .action(async () => {
      const database = await openDatabase();
      try {
        const checkpoint = await recordCheckpoint(database.pool);
        write(checkpoint === undefined ? 'the log is empty; nothing to record\n' : `checkpoint ${checkpoint.checkpointId}: ${checkpoint.eventCount} events up to ${checkpoint.position}, root ${checkpoint.root}\n`);
      } finally {
        await database.close();
      }
    });

  return command;
}

function parseNip(value: string): string {
  if (!/^\d{18}$/.test(value)) {
    throw new InvalidArgumentError(`expected an 18-digit NIP, got ${value}`);
  }
  return value;
}

function parseDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InvalidArgumentError(`expected a date as YYYY-MM-DD, got ${value}`);
  }
  return value;
}
