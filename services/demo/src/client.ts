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

  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
    private readonly tenantId: string,
    private readonly concurrency: number,
  ) {}

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
      const response = await fetch(`${this.baseUrl}${path}`, {
        headers: { authorization: `Bearer ${token}`, ...(options.simulatedTime === undefined ? {} : { 'x-demo-time': options.simulatedTime }) },
      });
      const text = await response.text();
      this.count(response.status);
      const json = response.headers.get('content-type')?.includes('json') === true ? (JSON.parse(text) as Record<string, unknown>) : {};
      return { status: response.status, body: json, text };
    } finally {
      this.release();
    }
  }

  async postCsv(path: string, token: string, csv: string, simulatedTime: string): Promise<CommandOutcome> {
    await this.acquire();
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'x-demo-time': simulatedTime },
        body: csv,
      });
      this.count(response.status);
      return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
    } finally {
      this.release();
    }
  }

  private async request(method: string, path: string, token: string, body: unknown, options: { idempotencyKey?: string; simulatedTime?: string }): Promise<CommandOutcome> {
    for (let attempt = 1; ; attempt += 1) {
      await this.acquire();
      let status: number;
      let parsed: Record<string, unknown>;
      try {
        const response = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            ...(options.idempotencyKey === undefined ? {} : { 'idempotency-key': options.idempotencyKey }),
            ...(options.simulatedTime === undefined ? {} : { 'x-demo-time': options.simulatedTime }),
          },
          body: JSON.stringify(body),
        });
        status = response.status;
        parsed = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      } finally {
        this.release();
      }
      if ((status === 503 || status === 429) && attempt < 8) {
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        continue;
      }
      this.count(status);
      return { status, body: parsed };
    }
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
