import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { PostgresOrigin } from '@fleksi/postgres';

export interface ApiServerConfig {
  readonly databaseUrl: string;
  readonly databaseOrigin: PostgresOrigin;
  /** HMAC secret of the bearer tokens the simulator signs. */
  readonly secret: string;
  /** Port on 127.0.0.1, where 0 picks a free one. */
  readonly port: number;
  /** Terminal registry file, as FLEKSI_FINGERPRINT_DEVICES. */
  readonly devicesFile: string;
  /** Simulated time of requests that carry no `x-demo-time` header, until the first one that does. */
  readonly start: string;
  readonly logLevel: string;
}

export type ParentMessage = { readonly type: 'start'; readonly config: ApiServerConfig } | { readonly type: 'real-time' } | { readonly type: 'stop' };
export type ServerMessage =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'failed'; readonly error: string }
  | { readonly type: 'real-time' };

export interface ApiProcess {
  readonly baseUrl: string;
  /** Switches the server to the real clock, for the server left running after the simulation. */
  useRealTime(): Promise<void>;
  /** Stops the server and waits for its process to exit, killing it after 30 s. */
  stop(): Promise<void>;
}

const SERVER_ENTRY = fileURLToPath(new URL('./api-server.ts', import.meta.url));
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

/** Forks the demo's API server (api-server.ts) and waits until it listens on loopback. */
export async function startApiProcess(config: ApiServerConfig): Promise<ApiProcess> {
  const child = fork(SERVER_ENTRY, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const listening = await sendAndWait(child, { type: 'start', config }, 'listening', START_TIMEOUT_MS);
    const port = listening.type === 'listening' ? listening.port : 0;
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      useRealTime: async () => {
        await sendAndWait(child, { type: 'real-time' }, 'real-time', START_TIMEOUT_MS);
      },
      stop: async () => {
        if (child.connected) {
          child.send({ type: 'stop' } satisfies ParentMessage);
        }
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

/** Sends `message` and waits for the server's message of type `expected`. */
function sendAndWait(child: ChildProcess, message: ParentMessage, expected: ServerMessage['type'], timeoutMs: number): Promise<ServerMessage> {
  return new Promise<ServerMessage>((resolve, reject) => {
    const cleanUp = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (received: ServerMessage): void => {
      if (received.type === expected) {
        cleanUp();
        resolve(received);
      } else if (received.type === 'failed') {
        cleanUp();
        reject(new Error(`the demo API server failed: ${received.error}`));
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      cleanUp();
      reject(new Error(`the demo API server exited (code ${String(code)}, signal ${String(signal)}) before sending ${expected}`));
    };
    const timer = setTimeout(() => {
      cleanUp();
      reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for the demo API server's ${expected} message`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message);
  });
}
