/** One request and its response status, as a known-defect check sees them. */
export interface Exchange {
  readonly method: string;
  /** OpenAPI path of the route, for example `/v1/activities`. */
  readonly routePath: string;
  readonly authorization: string | undefined;
  readonly body: string | undefined;
  readonly status: number;
}

interface KnownDefect {
  readonly id: string;
  readonly matches: (exchange: Exchange) => boolean;
}

/**
 * Failures this package found in code outside services/api and reported to its
 * owners. The fuzz and access suites count them instead of failing on them, so they
 * keep exploring. known-defects.int.spec.ts pins each one and fails once it is fixed,
 * and then its entry here should go.
 */
const KNOWN_DEFECTS: readonly KnownDefect[] = [
  {
    // recordPresence (services/domain) dates the rejected-attempt record from a device
    // time rejected as far outside the window. Years before 0100 or after 9999 fail the
    // event schema, so the 422 becomes a 500.
    id: 'check-in or check-out with a device time in year 0001 or 10000: 500 instead of 422',
    matches: (exchange) =>
      exchange.status === 500 && /\/v1\/commands\/check-(in|out)$/.test(exchange.routePath) && /"deviceTime":"(00\d\d-|9999-12-31T(1[6-9]|2))/.test(exchange.body ?? ''),
  },
];

/** Returns the id of the known defect an exchange shows, if any. */
export function knownDefectOf(exchange: Exchange): string | undefined {
  return KNOWN_DEFECTS.find((defect) => defect.matches(exchange))?.id;
}
