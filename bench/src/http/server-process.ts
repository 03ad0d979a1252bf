import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { CommandServerConfig, ParentMessage, ServerMessage } from './command-server.ts';

const SERVER_ENTRY = fileURLToPath(new URL('./command-server.ts', import.meta.url));
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

export interface ServerProcess {
  readonly baseUrl: string;
  readonly pid: number;
  /** Reads the server's monotonic clock, in microseconds, for CPU profile windows. */
  mark(label: string): Promise<number>;
  /** Stops the server and waits for its process to exit; kills it after 30 s. */
  stop(): Promise<void>;
}

/**
 * Forks the API server (command-server.ts) and waits until it listens on loopback.
 * With `cpuProfileDir`, the server runs under `node --cpu-prof` and writes its
 * profile there when it exits.
 */
export async function startServerProcess(config: CommandServerConfig, options: { readonly cpuProfileDir?: string } = {}): Promise<ServerProcess> {
  const profiling = options.cpuProfileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir];
  const child = fork(SERVER_ENTRY, [], {
    execArgv: ['--import', 'tsx', ...profiling],
    serialization: 'advanced',
    // The server's pino logs go to /dev/null: written and formatted as in production, then dropped.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the API server did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      const onMessage = (message: ServerMessage): void => {
        if (message.type === 'listening') {
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(message.port);
        } else if (message.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(`the API server failed to start: ${message.error}`));
        }
      };
      child.on('message', onMessage);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the API server exited (code ${String(code)}, signal ${String(signal)}) before listening`));
      });
      post(child, { type: 'start', config });
    });
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      pid: child.pid ?? -1,
      mark: (label) => requestMark(child, label),
      stop: async () => {
        post(child, { type: 'stop' });
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
}

function post(child: ChildProcess, message: ParentMessage): void {
  child.send(message);
}

function requestMark(child: ChildProcess, label: string): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: ServerMessage): void => {
      if (message.type === 'mark' && message.label === label) {
        child.off('message', onMessage);
        resolve(message.monotonicMicros);
      }
    };
    child.on('message', onMessage);
    post(child, { type: 'mark', label });
  });
}
