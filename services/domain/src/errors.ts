import type { ErrorCode } from '@fleksi/contracts';

/**
 * A command rejected by a business rule. `code` is a key of the error catalogue in
 * `@fleksi/contracts`, which gives the HTTP status and the localised message.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number | undefined> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'DomainError';
  }
}

/** Throws a DomainError unless `condition` holds. */
export function ensure(condition: boolean, code: ErrorCode, params: Record<string, string | number | undefined> = {}): asserts condition {
  if (!condition) {
    throw new DomainError(code, params);
  }
}
