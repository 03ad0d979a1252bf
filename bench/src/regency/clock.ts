import { AsyncLocalStorage } from 'node:async_hooks';

import type { FastifyInstance } from 'fastify';

/** Request header that carries the simulated time of a benchmark request. */
export const BENCH_TIME_HEADER = 'x-bench-time';

/**
 * Server clock of the benchmark servers. A request that carries `x-bench-time`
 * runs with that instant as the server's "now", so the load generator can spread
 * check-ins over simulated days and every one of them is a valid first check-in of
 * its employee and day. Requests without the header get `fallback`.
 */
export class BenchClock {
  private readonly storage = new AsyncLocalStorage<string>();

  constructor(private fallback: string) {}

  /** The clock handed to buildApp. */
  readonly now = (): string => this.storage.getStore() ?? this.fallback;

  set(instant: string): void {
    this.fallback = instant;
  }

  /** Installs the hook; pass it as buildApp's `beforeRoutes`. */
  install(app: FastifyInstance): void {
    app.addHook('onRequest', (request, _reply, done) => {
      const header = request.headers[BENCH_TIME_HEADER];
      const instant = typeof header === 'string' ? Date.parse(header) : Number.NaN;
      if (Number.isNaN(instant)) {
        done();
        return;
      }
      this.storage.run(new Date(instant).toISOString(), done);
    });
  }
}
