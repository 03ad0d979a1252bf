import { Command, InvalidArgumentError } from 'commander';

import { Role } from '@fleksi/contracts';
import { loadJwtSecret, signDevelopmentToken } from '@fleksi/api';

/** `fleksi token`: prints a development token signed with this checkout's secret. */
export function tokenCommand(write: (text: string) => void): Command {
  return new Command('token')
    .description('print a development bearer token signed with FLEKSI_JWT_SECRET or .fleksi/jwt-secret')
    .requiredOption('--tenant <id>', 'tenant id, for example demo')
    .requiredOption('--role <role...>', `one or more roles: ${Role.options.join(', ')}`, collectRoles)
    .option('--employee <nip>', "the caller's own 18-digit NIP (needed for employee and supervisor actions)")
    .option('--unit <unitId>', 'the unit a unit_admin administers')
    .option('--subject <sub>', 'token subject; defaults to the NIP or the role')
    .option('--hours <hours>', 'lifetime in hours', parseHours, 12)
    .action(async (options: { tenant: string; role: Role[]; employee?: string; unit?: string; subject?: string; hours: number }) => {
      if (options.employee !== undefined && !/^\d{18}$/.test(options.employee)) {
        throw new Error(`--employee must be an 18-digit NIP, got ${options.employee}`);
      }
      const secret = await loadJwtSecret(process.env);
      const token = await signDevelopmentToken(
        secret,
        {
          tenant: options.tenant,
          subject: options.subject ?? options.employee ?? options.role.join('+'),
          roles: options.role,
          ...(options.employee === undefined ? {} : { nip: options.employee }),
          ...(options.unit === undefined ? {} : { unit: options.unit }),
        },
        options.hours * 3600,
      );
      write(`${token}\n`);
    });
}

function collectRoles(value: string, previous: Role[] | undefined): Role[] {
  const parsed = Role.safeParse(value);
  if (!parsed.success) {
    throw new InvalidArgumentError(`unknown role ${value}; expected one of ${Role.options.join(', ')}`);
  }
  return [...(previous ?? []), parsed.data];
}

function parseHours(value: string): number {
  const hours = Number(value);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) {
    throw new InvalidArgumentError(`--hours must be a number of hours from 0 to 720, got ${value}`);
  }
  return hours;
}
