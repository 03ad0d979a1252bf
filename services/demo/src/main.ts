import { Command, InvalidArgumentError } from 'commander';

import { runDemo } from './run-demo.ts';
import { MIN_EMPLOYEES } from './world.ts';

const number = (name: string, min: number, max: number) => (value: string): number => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
    throw new InvalidArgumentError(`${name} must be a number from ${min} to ${max}, got ${value}`);
  }
  return parsed;
};

const program = new Command('demo')
  .description('play the Mamuju Tengah WFA trial through the Fleksi API and print the evaluation')
  .option('--employees <count>', 'number of civil servants in the simulated regency', number('--employees', MIN_EMPLOYEES, 20_000), 300)
  .option('--seed <number>', 'seed of the simulation; the same seed plays the same regency', number('--seed', 0, 2 ** 31), 2026)
  .option('--wfa-effect <points>', 'change in the chance of an on-time daily report on WFA days, in percentage points', number('--wfa-effect', -50, 50), 0)
  .option('--baseline-start <date>', 'first day of the baseline recorded by fingerprint terminals', '2025-11-24')
  .option('--port <port>', 'HTTP port on 127.0.0.1 (0 picks a free one)', number('--port', 0, 65_535), 3100)
  .option('--concurrency <requests>', 'requests in flight at once', number('--concurrency', 1, 256), 24)
  .option('--lang <language>', 'language of the output: id or en', 'id')
  .option('--no-serve', 'exit after the summary instead of keeping the server running')
  .action(async (options: { employees: number; seed: number; wfaEffect: number; baselineStart: string; port: number; concurrency: number; lang: string; serve: boolean }) => {
    const result = await runDemo({
      employees: options.employees,
      seed: options.seed,
      wfaEffectPoints: options.wfaEffect,
      baselineStart: options.baselineStart,
      port: options.port,
      concurrency: options.concurrency,
      language: options.lang === 'en' ? 'en' : 'id',
      serve: options.serve,
      dataDir: process.env['FLEKSI_DATA_DIR'] ?? '.fleksi',
      write: (text) => process.stdout.write(text),
    });
    if (!options.serve) {
      await result.stop();
      return;
    }
    const stop = (): void => {
      void result.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
