import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Returns the HS256 secret: FLEKSI_JWT_SECRET when set, else one generated on first
 * use and kept in `<dataDir>/jwt-secret`, so `npx fleksi token` and the server of
 * one checkout agree without any set-up.
 */
export async function loadJwtSecret(environment: NodeJS.ProcessEnv): Promise<string> {
  const configured = environment['FLEKSI_JWT_SECRET'];
  if (configured !== undefined && configured !== '') {
    return configured;
  }

  const dataDir = path.resolve(environment['FLEKSI_DATA_DIR'] ?? '.fleksi');
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) {
    return (await readFile(file, 'utf8')).trim();
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    // Another process created it first; use theirs.
    if (error.code !== 'EEXIST') {
      throw error;
    }
  });
  return (await readFile(file, 'utf8')).trim();
}
