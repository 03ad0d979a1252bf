import { spawn } from 'node:child_process';

import { pino } from 'pino';

import { startTestPostgres } from '@fleksi/postgres';

/**
 * `npm test`: starts the services the suites need once, then runs every package's
 * type check and tests through turbo with those services in the environment.
 * A service that cannot start fails the run; no suite is skipped for it.
 */
async function main(): Promise<number> {
  const logger = pino({ level: process.env['FLEKSI_LOG_LEVEL'] ?? 'info' });

  // 1. PostgreSQL: DATABASE_URL, else testcontainers, else embedded.
  const postgres = await startTestPostgres({ environment: process.env, logger });
  logger.info({ origin: postgres.origin }, 'postgres ready for tests');

  // 2. Every package's type check and tests, sharing that server.
  const turboArguments = ['turbo', 'run', 'typecheck', 'test', '--concurrency=2', ...process.argv.slice(2)];
  const exitCode = await new Promise<number>((resolve) => {
    const child = spawn('npx', turboArguments, {
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: postgres.url, TURBO_TELEMETRY_DISABLED: '1' },
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });

  // 3. Stop what this run started.
  await postgres.stop();
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`test run failed before the suites started: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
