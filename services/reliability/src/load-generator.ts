import { jsonOf, NoResponseError, type HttpResponse, type Transport } from './transport.ts';

/** One command the load generator sends until it gets a final response. */
export interface PlannedCommand {
  /** The Idempotency-Key. Every retry of the command sends the same key and body. */
  readonly key: string;
  /** Route name under /v1/commands/. */
  readonly name: string;
  readonly token: string;
  readonly body: unknown;
  /** Event type the command should append once when acknowledged, as the suites check in the log. */
  readonly eventType: string;
}

/** Commands of one employee and day, sent in order: a check-out needs its check-in first. */
export type CommandChain = readonly PlannedCommand[];

export interface Acknowledgement {
  readonly key: string;
  readonly name: string;
  readonly eventType: string;
  readonly status: number;
  /** True when the API returned the result of an earlier attempt with the same key. */
  readonly replayed: boolean;
  readonly attempts: number;
  readonly streamId: string;
  readonly position: string;
}

export interface AttemptRecord {
  readonly key: string;
  /** `performance.now()` when the request was sent. */
  readonly startedAt: number;
  readonly durationMs: number;
  readonly status: number | 'no response';
  readonly contentType: string | undefined;
  readonly code: string | undefined;
  readonly retryAfter: string | undefined;
  readonly text: string;
}

export interface Rejection {
  readonly key: string;
  readonly name: string;
  readonly status: number;
  readonly text: string;
}

/** Everything the load generator sent and what came back. */
export class Ledger {
  readonly acknowledged = new Map<string, Acknowledgement>();
  readonly rejected: Rejection[] = [];
  readonly attempts: AttemptRecord[] = [];
  readonly abandoned: string[] = [];

  get retries(): number {
    return this.attempts.length - this.acknowledged.size - this.rejected.length;
  }
}

export interface LoadOptions {
  readonly transport: Transport;
  readonly chains: readonly CommandChain[];
  /** Clients sending at the same time. */
  readonly workers: number;
  /** Source of randomness for retry pauses, so a seeded run repeats. */
  readonly random: () => number;
  /** Pause before a retry, in milliseconds, chosen at random between the two. */
  readonly retryDelayMs?: readonly [number, number];
  /** The whole load gives up after this long, in milliseconds. */
  readonly deadlineMs: number;
  readonly onAcknowledged?: (acknowledgement: Acknowledgement) => void;
  readonly onAttempt?: (attempt: AttemptRecord) => void;
  /** Ends the load early, for example once the server process has died. */
  readonly shouldStop?: () => boolean;
  /**
   * Awaited before every request. A fault injector returns a pending promise here to
   * hold new requests until its fault is in place, so a fast load cannot finish first.
   */
  readonly beforeAttempt?: () => Promise<void> | undefined;
}

/**
 * Sends every chain's commands with their Idempotency-Keys from `workers` parallel
 * clients. A request that gets no response, a 5xx or a 429 is sent again with the same
 * key and body after a short pause, as a mobile client retries. A 2xx is recorded as
 * acknowledged and any other response as rejected. Stops by itself at the deadline or
 * when `shouldStop` returns true; unfinished commands are then listed as abandoned.
 */
export async function runLoad(options: LoadOptions): Promise<Ledger> {
  const ledger = new Ledger();
  const startedAt = performance.now();
  const deadline = startedAt + options.deadlineMs;
  const [minDelay, maxDelay] = options.retryDelayMs ?? [100, 300];
  let next = 0;

  async function sendUntilFinal(command: PlannedCommand): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      if (performance.now() > deadline || options.shouldStop?.() === true) {
        ledger.abandoned.push(command.key);
        return false;
      }
      await options.beforeAttempt?.();
      const attemptStart = performance.now();
      let response: HttpResponse | undefined;
      let durationMs: number;
      try {
        response = await options.transport({
          method: 'POST',
          url: `/v1/commands/${command.name}`,
          headers: { authorization: `Bearer ${command.token}`, 'idempotency-key': command.key, 'accept-language': 'en' },
          body: command.body,
        });
        durationMs = response.durationMs;
      } catch (error) {
        if (!(error instanceof NoResponseError)) {
          throw error;
        }
        durationMs = error.durationMs;
      }

      const body = response === undefined ? undefined : (jsonOf(response) as Record<string, unknown> | undefined);
      const record: AttemptRecord = {
        key: command.key,
        startedAt: attemptStart,
        durationMs,
        status: response?.status ?? 'no response',
        contentType: response?.headers['content-type'],
        code: typeof body?.['code'] === 'string' ? body['code'] : undefined,
        retryAfter: response?.headers['retry-after'],
        text: response?.text.slice(0, 2_000) ?? '',
      };
      ledger.attempts.push(record);
      options.onAttempt?.(record);

      if (response !== undefined && response.status >= 200 && response.status < 300) {
        const acknowledgement: Acknowledgement = {
          key: command.key,
          name: command.name,
          eventType: command.eventType,
          status: response.status,
          replayed: body?.['replayed'] === true,
          attempts: attempt,
          streamId: String(body?.['streamId'] ?? ''),
          position: String(body?.['position'] ?? ''),
        };
        ledger.acknowledged.set(command.key, acknowledgement);
        options.onAcknowledged?.(acknowledgement);
        return true;
      }
      if (response !== undefined && response.status < 500 && response.status !== 429) {
        ledger.rejected.push({ key: command.key, name: command.name, status: response.status, text: response.text.slice(0, 2_000) });
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, minDelay + options.random() * (maxDelay - minDelay)));
    }
  }

  async function worker(): Promise<void> {
    for (;;) {
      const chain = options.chains[next];
      next += 1;
      if (chain === undefined) {
        return;
      }
      for (const command of chain) {
        if (!(await sendUntilFinal(command))) {
          break;
        }
      }
    }
  }

  await Promise.all(Array.from({ length: options.workers }, () => worker()));
  return ledger;
}

/** Returns a seeded pseudo-random generator (mulberry32), so a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Returns the seed of this run: RELIABILITY_SEED when set, else a fresh one. */
export function runSeed(): number {
  const configured = process.env['RELIABILITY_SEED'];
  if (configured !== undefined && configured !== '') {
    const seed = Number(configured);
    if (!Number.isInteger(seed)) {
      throw new Error(`RELIABILITY_SEED must be a whole number, got ${JSON.stringify(configured)}`);
    }
    return seed;
  }
  return Math.floor(Math.random() * 2 ** 31);
}
