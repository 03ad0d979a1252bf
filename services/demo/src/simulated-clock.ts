import { AsyncLocalStorage } from 'node:async_hooks';

import type { FastifyInstance } from 'fastify';

/**
 * The demo's clock. The simulator replays months in minutes, so each request carries
 * the simulated time it happens at (header `x-demo-time`), and the server's clock
 * returns that time while the request runs. Outside requests it returns the latest
 * time a request carried. Only the demo's own server installs the hook; `npm start`
 * always uses the real clock.
 */
export class SimulatedClock {
  private readonly storage = new AsyncLocalStorage<string>();
  private current: string;
  private real = false;

  constructor(start: string) {
    this.current = start;
  }

  /** The server's clock; stable, so it can be handed over once. */
  readonly now = (): string => this.storage.getStore() ?? (this.real ? new Date().toISOString() : this.current);

  /** Switches to real time, for the server left running after the simulation. */
  useRealTime(): void {
    this.real = true;
  }

  install(app: FastifyInstance): void {
    app.addHook('onRequest', (request, _reply, done) => {
      const header = request.headers['x-demo-time'];
      if (typeof header === 'string' && !Number.isNaN(Date.parse(header))) {
        const instant = new Date(header).toISOString();
        if (instant > this.current) {
          this.current = instant;
        }
        this.storage.run(instant, done);
        return;
      }
      done();
    });
  }
}
