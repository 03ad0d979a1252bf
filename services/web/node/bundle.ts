import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';

/** Folder of the @fleksi/web package: sources, Vite configuration and build output. */
export const WEB_PACKAGE_DIR = fileURLToPath(new URL('../', import.meta.url));

const OUTPUT_DIR = path.join(WEB_PACKAGE_DIR, 'dist');
/** Files and folders whose content decides the bundle; a change to any of them triggers a new build. */
const INPUTS = ['index.html', 'vite.config.ts', 'package.json', 'src', 'public'];
const COMPRESSIBLE = /\.(?:js|css|html|svg|json|txt)$/;
const BUILD_TIMEOUT_MS = 180_000;
/** Bundles of older sources are removed once this old, so a process still serving one keeps it for a while. */
const STALE_BUNDLE_AGE_MS = 10 * 60_000;

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export interface BundleLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface WebBundle {
  /** Absolute folder holding index.html and assets/. */
  readonly directory: string;
  /** Hash of the sources the bundle was built from. */
  readonly sourceHash: string;
  readonly builtNow: boolean;
}

/**
 * Returns the built app for the current sources, building it with Vite first when no
 * bundle of these sources exists. Each bundle lives in `dist/<source hash>/`. A build
 * goes to a temporary folder that is renamed into place, so processes that start
 * together (tests, a server and the CLI) never serve a half-written bundle. The first
 * rename wins and the others use its bundle.
 */
export async function ensureWebBundle(logger?: BundleLogger): Promise<WebBundle> {
  const sourceHash = await hashSources();
  const directory = path.join(OUTPUT_DIR, sourceHash);
  if (existsSync(path.join(directory, 'index.html'))) {
    return { directory, sourceHash, builtNow: false };
  }

  const temporary = path.join(OUTPUT_DIR, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const startedAt = Date.now();
  logger?.info({ sourceHash }, 'building the web app with Vite');
  try {
    await runViteBuild(temporary);
    await precompress(temporary);
    await writeFile(path.join(temporary, 'source-hash.txt'), `${sourceHash}\n`);
    await rename(temporary, directory).catch(async (error: NodeJS.ErrnoException) => {
      // Another process renamed its bundle of the same sources into place first.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') {
        throw error;
      }
      await rm(temporary, { recursive: true, force: true });
    });
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  logger?.info({ sourceHash, directory, milliseconds: Date.now() - startedAt }, 'web app built');
  await removeStaleBundles(sourceHash).catch((error: unknown) => logger?.warn({ err: error }, 'removing old web bundles failed'));
  return { directory, sourceHash, builtNow: true };
}

/** SHA-256 over the relative path and content of every input file, truncated to 16 hex digits. */
export async function hashSources(): Promise<string> {
  const files: string[] = [];
  for (const input of INPUTS) {
    files.push(...(await listFiles(path.join(WEB_PACKAGE_DIR, input))));
  }
  files.sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.relative(WEB_PACKAGE_DIR, file)).update('\0').update(await readFile(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

async function listFiles(entry: string): Promise<string[]> {
  const info = await stat(entry).catch(() => undefined);
  if (info === undefined) {
    return [];
  }
  if (info.isFile()) {
    return [entry];
  }
  const files: string[] = [];
  for (const child of await readdir(entry)) {
    files.push(...(await listFiles(path.join(entry, child))));
  }
  return files;
}

/** Runs `vite build` in a child process, so the bundler never loads into the server's heap. */
async function runViteBuild(outDir: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const viteBin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: WEB_PACKAGE_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), BUILD_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve();
      } else {
        const reason = signal === null ? `exit code ${code}` : `signal ${signal} (timed out after ${BUILD_TIMEOUT_MS / 1000} s?)`;
        reject(new Error(`vite build of services/web failed with ${reason}:\n${output.join('').slice(-4_000)}`));
      }
    });
  });
}

/** Writes .gz and .br beside each text asset, which @fastify/static serves to browsers that accept them. */
async function precompress(directory: string): Promise<void> {
  for (const file of await listFiles(directory)) {
    if (!COMPRESSIBLE.test(file)) {
      continue;
    }
    const content = await readFile(file);
    await writeFile(`${file}.gz`, await gzipAsync(content, { level: 9 }));
    await writeFile(`${file}.br`, await brotliAsync(content, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
}

async function removeStaleBundles(current: string): Promise<void> {
  const now = Date.now();
  for (const entry of await readdir(OUTPUT_DIR)) {
    if (entry === current) {
      continue;
    }
    const folder = path.join(OUTPUT_DIR, entry);
    const info = await stat(folder).catch(() => undefined);
    if (info?.isDirectory() === true && now - info.mtimeMs > STALE_BUNDLE_AGE_MS) {
      await rm(folder, { recursive: true, force: true });
    }
  }
}
