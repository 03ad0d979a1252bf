import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** Folder of the figures of the last local run, one JSON file per suite (ignored by git). */
export const REPORTS_DIR = fileURLToPath(new URL('../reports/', import.meta.url));

/** Prints a suite's figures and keeps them in `reports/<suite>.json` for RELIABILITY.md. */
export async function recordFigures(suite: string, figures: Record<string, unknown>): Promise<void> {
  const stamped = { suite, finishedAt: new Date().toISOString(), ...figures };
  process.stdout.write(`[reliability] ${suite}: ${JSON.stringify(figures)}\n`);
  await mkdir(REPORTS_DIR, { recursive: true });
  await writeFile(`${REPORTS_DIR}${suite}.json`, `${JSON.stringify(stamped, null, 2)}\n`);
}
