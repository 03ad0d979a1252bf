import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { HELP, parseCli } from './cli.ts';
import { describeError } from './closed-loop.ts';
import { roundedLoad } from './machine.ts';
import { assertDurableCommits, startBenchPostgres } from './postgres.ts';
import { writeSummary, writeWorkloadReport } from './report.ts';
import { runWorkload } from './runner.ts';

const DEFAULT_OUT_DIR = fileURLToPath(new URL('../results/', import.meta.url));

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** `npm run bench`: starts PostgreSQL, runs the chosen workloads, writes the reports. */
async function main(argv: readonly string[]): Promise<number> {
  const options = parseCli(argv);
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }

  const loadAverageBeforeRun = roundedLoad();
  const outDir = path.resolve(options.outDir ?? (options.settings.smoke ? await mkdtemp(path.join(tmpdir(), 'fleksi-bench-')) : DEFAULT_OUT_DIR));

  // Ctrl-C kills the running trial's child process, and the finally block below
  // then stops the server, so no PostgreSQL is left behind.
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`${signal} received: stopping the running trial and PostgreSQL`);
    abort.abort(new Error(`interrupted by ${signal}`));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  log('starting PostgreSQL');
  const server = await startBenchPostgres(options.pgDataDir === undefined ? {} : { pgDataDir: path.resolve(options.pgDataDir) });
  let passed = true;
  try {
    await assertDurableCommits(server.url);
    for (const workload of options.workloads) {
      log(`workload ${workload.name}: ${options.settings.repeats} repeat(s)`);
      const report = await runWorkload(workload, options.settings, {
        adminUrl: server.url,
        serverOrigin: server.origin,
        isolation: options.inProcess ? 'in-process' : 'process',
        ...(options.variants === undefined ? {} : { variants: options.variants }),
        loadAverageBeforeRun,
        signal: abort.signal,
        log,
      });
      const file = await writeWorkloadReport(outDir, report);
      log(`wrote ${file}`);
      if (!report.passed) {
        passed = false;
        log(`workload ${workload.name} FAILED its checks:\n  ${report.failures.join('\n  ')}`);
      }
    }
  } finally {
    log('stopping PostgreSQL');
    await server.stop();
  }

  const summary = await writeSummary(outDir);
  log(`wrote ${summary}`);
  log(passed ? 'all checks passed' : 'some checks FAILED');
  return passed ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`benchmark failed: ${describeError(error)}`);
    process.exit(1);
  },
);
