import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

import { ensureWebBundle } from './bundle.ts';

/**
 * `npm run build --workspace @fleksi/web`: builds the bundle the server would build on
 * start, then lists each asset with its raw and gzip size.
 */
const bundle = await ensureWebBundle({
  info: (details, message) => process.stderr.write(`${message} ${JSON.stringify(details)}\n`),
  warn: (details, message) => process.stderr.write(`${message} ${JSON.stringify(details)}\n`),
});
process.stdout.write(`${bundle.directory}${bundle.builtNow ? '' : ' (already built)'}\n`);

let rawTotal = 0;
let gzipTotal = 0;
for (const file of await listAssets(bundle.directory)) {
  const raw = (await stat(file)).size;
  const gzipped = (await stat(`${file}.gz`).catch(() => undefined))?.size ?? raw;
  rawTotal += raw;
  gzipTotal += gzipped;
  process.stdout.write(`${path.relative(bundle.directory, file).padEnd(40)} ${kib(raw).padStart(9)} ${kib(gzipped).padStart(9)} gzip\n`);
}
process.stdout.write(`${'total'.padEnd(40)} ${kib(rawTotal).padStart(9)} ${kib(gzipTotal).padStart(9)} gzip\n`);

async function listAssets(directory: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await listAssets(full)));
    } else if (!/\.(?:gz|br|txt)$/.test(entry.name)) {
      files.push(full);
    }
  }
  return files.sort();
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
