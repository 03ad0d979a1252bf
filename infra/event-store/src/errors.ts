import type { ExpectedVersion } from './port.ts';

/** An append found the stream at another version than expected; nothing was written. */
export class WrongExpectedVersionError extends Error {
  readonly code = 'STREAM_VERSION_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion: number,
  ) {
    super(`stream ${streamId} is at version ${actualVersion}, expected ${String(expectedVersion)}; read the stream again and retry`);
  }
}

/** An event id is already stored, but not by an identical earlier append. */
export class DuplicateEventIdError extends Error {
  readonly code = 'EVENT_ID_DUPLICATE';
  constructor(readonly eventIds: readonly string[]) {
    super(`event ids ${eventIds.join(', ')} are already stored by another append; use fresh ids`);
  }
}

/** A stream belongs to one tenant; events of another tenant cannot join it. */
export class StreamTenantMismatchError extends Error {
  readonly code = 'STREAM_TENANT_MISMATCH';
  constructor(
    readonly streamId: string,
    readonly streamTenantId: string,
    readonly eventTenantId: string,
  ) {
    super(`stream ${streamId} belongs to tenant ${streamTenantId}, not ${eventTenantId}`);
  }
}

export class InvalidAppendError extends Error {
  readonly code = 'APPEND_INVALID';
}
