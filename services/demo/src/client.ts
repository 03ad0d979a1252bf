import http from 'node:http';

import { signDevelopmentToken } from '@fleksi/api';
import type { Role } from '@fleksi/contracts';

export interface CommandOutcome {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * Talks to the API over HTTP on loopback as the people of the regency would: one
 * token per person, a bounded number of requests in flight, and a retry with the
 * same Idempotency-Key when the server is busy.
 */
export class DemoClient {
  private readonly tokens = new Map<string, Promise<string>>();
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  readonly statusCounts = new Map<number, number>();
  private readonly agent: http.Agent;

  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
    private readonly tenantId: string,
    private readonly concurrency: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  }

  token(subject: string, roles: readonly Role[], claims: { nip?: string; unit?: string } = {}): Promise<string> {
    const key = `${subject}|${roles.join(',')}|${claims.unit ?? ''}`;
    let token = this.tokens.get(key);
    if (token === undefined) {
      token = signDevelopmentToken(this.secret, { tenant: this.tenantId, subject, roles, ...claims }, 48 * 3600);
      this.tokens.set(key, token);
    }
    return token;
  }

  async command(name: string, token: string, body: unknown, options: { idempotencyKey?: string; simulatedTime?: string } = {}): Promise<CommandOutcome> {
    return this.request('POST', `/v1/commands/${name}`, token, body, options);
  }

  async get(path: string, token: string, options: { simulatedTime?: string; accept?: string } = {}): Promise<CommandOutcome & { text: string }> {
    await this.acquire();
    try {
      const response = await this.send('GET', path, {
        authorization: `Bearer ${token}`,
        ...(options.accept === undefined ? {} : { accept: options.accept }),
        ...(options.simulatedTime === undefined ? {} : { 'x-demo-time': options.simulatedTime }),
      });
      this.count(response.status);
      return { status: response.status, body: parseJson(response), text: response.text };
    } finally {
      this.release();
    }
  }

  async postCsv(path: string, token: string, csv: string, simulatedTime: string): Promise<CommandOutcome> {
    await this.acquire();
    try {
      const response = await this.send('POST', path, { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'x-demo-time': simulatedTime }, csv);
      this.count(response.status);
      return { status: response.status, body: parseJson(response) };
    } finally {
      this.release();
    }
  }

  /** Stops keeping idle connections open, so the process can exit. */
  close(): void {
    this.agent.destroy();
  }

  private async request(method: string, path: string, token: string, body: unknown, options: { idempotencyKey?: string; simulatedTime?: string }): Promise<CommandOutcome> {
    const headers = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(options.idempotencyKey === undefined ? {} : { 'idempotency-key': options.idempotencyKey }),
      ...(options.simulatedTime === undefined ? {} : { 'x-demo-time': options.simulatedTime }),
    };
    const payload = JSON.stringify(body);
    for (let attempt = 1; ; attempt += 1) {
      await this.acquire();
      let response: RawResponse;
      try {
        response = await this.send(method, path, headers, payload);
      } finally {
        this.release();
      }
      if ((response.status === 503 || response.status === 429) && attempt < 8) {
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        continue;
      }
      this.count(response.status);
      return { status: response.status, body: parseJson(response) };
    }
  }

  /**
   * Sends one request over the client's keep-alive connections. node:http costs the
   * simulator less CPU per request than fetch, which matters when it shares the
   * machine with the server and PostgreSQL.
   */
  private send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        `${this.baseUrl}${path}`,
        { method, agent: this.agent, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'] ?? '', text: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  private count(status: number): void {
    this.statusCounts.set(status, (this.statusCounts.get(status) ?? 0) + 1);
  }

  private async acquire(): Promise<void> {
    if (this.inFlight < this.concurrency) {
      this.inFlight += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight += 1;
  }

  private release(): void {
    this.inFlight -= 1;
    this.waiting.shift()?.();
  }
}

interface RawResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

function parseJson(response: RawResponse): Record<string, unknown> {
  if (!response.contentType.includes('json')) {
    return {};
  }
  try {
    return JSON.parse(response.text) as Record<string, unknown>;
  } catch {
    return {};
  }
}
