import autocannon from 'autocannon';

import { LatencyRecorder } from '../stats.ts';

export interface LoadOptions {
  readonly baseUrl: string;
  readonly path: string;
  readonly connections: number;
  /** Requests per second over all connections; undefined sends as fast as responses come back. */
  readonly overallRate?: number;
  readonly durationSeconds: number;
  /** Builds the next request's headers and body; called once per request. */
  readonly nextRequest: () => { readonly headers: Record<string, string>; readonly body: string };
}

export interface LoadResult {
  readonly requests: number;
  readonly ok: number;
  readonly non2xx: number;
  /** Connection errors and timeouts together. */
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCounts: Record<string, number>;
  readonly seconds: number;
  /** Every response's time from writing the request to the end of the response, in milliseconds. */
  readonly latencies: LatencyRecorder;
  /** Autocannon's own summary, for comparison; its percentiles are whole milliseconds. */
  readonly autocannon: { readonly p50: number; readonly p90: number; readonly p99: number; readonly requestsAverage: number };
}

/**
 * Sends POST requests with autocannon for `durationSeconds` and records the latency
 * of each response.
 *
 * With `overallRate`, autocannon gives each connection an equal share of the rate
 * and resets each connection's budget once a second. A connection sends its share
 * back to back, each request after the previous response, and then waits for the
 * next second. The offered load therefore comes in bursts of up to `connections`
 * concurrent requests at the start of every second. Latency is timed from when a
 * request is written, so time a request waits in the client behind a slow one is
 * not counted; an achieved rate below the offered one shows that this happened.
 * Autocannon's coordinated-omission correction is turned off: 8.0.0 passes
 * ceil(1 / per-connection rate) as the expected interval, which is 1 ms for any
 * rate above one request per second, and so fills the histogram with samples
 * that were never measured.
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies = new LatencyRecorder();
  const statusCounts: Record<string, number> = {};
  let recording = false;

  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        pipelining: 1,
        duration: options.durationSeconds,
        ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate, ignoreCoordinatedOmission: true }),
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: options.path,
            setupRequest: (request) => {
              const next = options.nextRequest();
              return { ...request, headers: { ...next.headers, 'content-type': 'application/json' }, body: next.body };
            },
          },
        ],
      },
      (error: unknown, result: autocannon.Result) => {
        recording = false;
        if (error !== null && error !== undefined) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const ok = result['2xx'];
        resolve({
          requests: result.requests.total,
          ok,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCounts,
          seconds: result.duration,
          latencies,
          autocannon: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, requestsAverage: result.requests.average },
        });
      },
    );
    recording = true;
    // Autocannon 8 emits (client, statusCode, bytes, responseTime); the @types/autocannon 7 typings omit the client.
    const onResponse = (...args: unknown[]): void => {
      if (!recording) {
        return;
      }
      const [, statusCode, , responseTime] = args as [unknown, number, number, number];
      statusCounts[String(statusCode)] = (statusCounts[String(statusCode)] ?? 0) + 1;
      latencies.record(responseTime);
    };
    (instance as unknown as NodeJS.EventEmitter).on('response', onResponse);
  });
}
