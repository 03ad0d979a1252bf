import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Logger } from 'pino';

import { ensureDatabase, findFreePort, startEmbeddedPostgres, type RunningPostgres } from '@fleksi/postgres';

/**
 * An embedded PostgreSQL cluster that one test owns, in a temporary folder on a free
 * loopback port, so the test can kill it and start it again on the same data.
 */
export class DedicatedPostgres {
  private running: RunningPostgres | undefined;

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly logger: Logger,
  ) {}

  static async start(logger: Logger): Promise<DedicatedPostgres> {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'fleksi-reliability-pg-'));
    // As root the cluster runs as the `postgres` user, which must be able to enter the folder.
    await chmod(dataDir, 0o711);
    const cluster = new DedicatedPostgres(dataDir, await findFreePort(), logger);
    await cluster.startAgain();
    return cluster;
  }

  /** Starts the cluster on its folder and port. After an abrupt kill, PostgreSQL runs crash recovery first. */
  async startAgain(): Promise<void> {
    this.running = await startEmbeddedPostgres({ dataDir: this.dataDir, port: this.port, logger: this.logger, startTimeoutMs: 60_000 });
  }

  /** Creates `database` when missing and returns its connection string. */
  async database(name: string): Promise<string> {
    if (this.running === undefined) {
      throw new Error('the dedicated PostgreSQL is not running');
    }
    return ensureDatabase(this.running.url, name);
  }

  private get pidFile(): string {
    return path.join(this.dataDir, 'postgres', 'postmaster.pid');
  }

  /** Returns the postmaster's process id from its lock file, or undefined when it is not running. */
  async postmasterPid(): Promise<number | undefined> {
    if (!existsSync(this.pidFile)) {
      return undefined;
    }
    const pid = Number((await readFile(this.pidFile, 'utf8')).split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  }

  /**
   * Kills the postmaster and every backend with SIGKILL at once, as a crash of the
   * database host would, and waits until they are gone. Returns how many processes died.
   */
  async killAbruptly(): Promise<number> {
    const postmaster = await this.postmasterPid();
    if (postmaster === undefined) {
      throw new Error(`no running postmaster in ${this.dataDir}`);
    }
    const processes = [postmaster, ...(await childrenOf(postmaster))];
    for (const pid of processes) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await waitUntilGone(processes, 10_000);
    this.running = undefined;
    return processes.length;
  }

  /** Stops the cluster with SIGINT, PostgreSQL's "fast" shutdown that ends every session. */
  async stopFast(): Promise<void> {
    const postmaster = await this.postmasterPid();
    if (postmaster === undefined) {
      throw new Error(`no running postmaster in ${this.dataDir}`);
    }
    process.kill(postmaster, 'SIGINT');
    await waitUntilGone([postmaster], 30_000);
    this.running = undefined;
  }

  /** Stops the cluster if it runs and deletes its folder. */
  async destroy(): Promise<void> {
    const postmaster = await this.postmasterPid();
    if (postmaster !== undefined) {
      process.kill(postmaster, 'SIGINT');
      await waitUntilGone([postmaster], 30_000).catch(async () => {
        await this.killAbruptly();
      });
    }
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** Returns whether a process runs. A zombie (ended, not yet reaped by its parent) counts as gone. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Process ids whose parent is `parent`, read from /proc (Linux). */
async function childrenOf(parent: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // The command name in brackets may hold spaces; the parent id is the second field after it.
      const parentId = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parentId === parent) {
        children.push(Number(entry));
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

async function waitUntilGone(pids: readonly number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive)) {
    if (Date.now() > deadline) {
      throw new Error(`processes ${pids.filter(isAlive).join(', ')} still run ${timeoutMs} ms after the signal`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
