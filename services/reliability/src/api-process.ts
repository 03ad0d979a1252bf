import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** Root of the monorepo, where `services/api/src/main.ts` is started from. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ApiProcessOptions {
  readonly databaseUrl: string;
  readonly port: number;
  readonly jwtSecret: string;
  /** Extra environment variables, for example FLEKSI_RATE_LIMIT_PER_MINUTE. */
  readonly environment?: Record<string, string>;
}

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * A real API process, `node --import tsx services/api/src/main.ts`, listening on
 * 127.0.0.1. Every line it prints on stdout and stderr is kept in `logLines`, so a
 * test can check what an operator would see.
 */
export class ApiProcess {
  readonly logLines: string[] = [];
  readonly baseUrl: string;
  private child: ChildProcess | undefined;
  private exit: Promise<ExitStatus> | undefined;
  private starts = 0;

  constructor(private readonly options: ApiProcessOptions) {
    this.baseUrl = `http://127.0.0.1:${options.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get startCount(): number {
    return this.starts;
  }

  /** Whether the last started process is still running. */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process. `waitUntilHealthy` resolves once it serves. */
  start(): void {
    if (this.running) {
      throw new Error(`API process ${this.child?.pid} is still running; kill or stop it before starting another`);
    }
    const environment: NodeJS.ProcessEnv = {};
    // Inherit PATH and the like, but none of the developer's FLEKSI_* or DATABASE_URL settings.
    for (const [name, value] of Object.entries(process.env)) {
      if (!name.startsWith('FLEKSI_') && name !== 'DATABASE_URL' && name !== 'PORT' && name !== 'HOST') {
        environment[name] = value;
      }
    }
    Object.assign(environment, {
      DATABASE_URL: this.options.databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(this.options.port),
      FLEKSI_JWT_SECRET: this.options.jwtSecret,
      FLEKSI_BOOTSTRAP_TENANT: '',
      FLEKSI_LOG_LEVEL: 'info',
      ...this.options.environment,
    });

    const child = spawn(process.execPath, ['--import', 'tsx', 'services/api/src/main.ts'], {
      cwd: REPOSITORY_ROOT,
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.starts += 1;
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream !== null) {
        createInterface({ input: stream }).on('line', (line) => this.logLines.push(line));
      }
    }
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Polls `GET /health` until it returns 200, and throws with the process's last log lines if it does not. */
  async waitUntilHealthy(timeoutMs = 60_000): Promise<number> {
    const startedAt = Date.now();
    const deadline = startedAt + timeoutMs;
    for (;;) {
      if (!this.running) {
        throw new Error(`API process exited before it served /health:\n${this.logLines.slice(-20).join('\n')}`);
      }
      try {
        const response = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
        await response.arrayBuffer();
        if (response.ok) {
          return Date.now() - startedAt;
        }
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        throw new Error(`API process did not serve /health within ${timeoutMs} ms:\n${this.logLines.slice(-20).join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends SIGKILL and waits until the process is gone. */
  async kill(): Promise<ExitStatus> {
    return this.signal('SIGKILL');
  }

  /** Sends SIGTERM (orderly stop) and waits, then sends SIGKILL if it still runs after `timeoutMs`. */
  async stop(timeoutMs = 20_000): Promise<ExitStatus> {
    if (!this.running || this.exit === undefined) {
      return (await this.exit) ?? { code: null, signal: null };
    }
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    try {
      return await this.signal('SIGTERM');
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves when the current process exits, however it was ended. */
  async exited(): Promise<ExitStatus> {
    return (await this.exit) ?? { code: null, signal: null };
  }

  private async signal(signal: NodeJS.Signals): Promise<ExitStatus> {
    if (this.child === undefined || this.exit === undefined) {
      return { code: null, signal: null };
    }
    if (this.running) {
      this.child.kill(signal);
    }
    return this.exit;
  }
}
