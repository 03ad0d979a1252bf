import type { LogPosition, NewEvent, RecordedEvent } from '@fleksi/contracts';

/**
 * Expected state of a stream before an append. A number is the stream's current
 * version: 0 for an empty stream, n after n events.
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendOptions {
  readonly expectedVersion: ExpectedVersion;
}

export interface AppendResult {
  readonly streamId: string;
  /** The stream's version after the append: the version of its last event. */
  readonly nextExpectedVersion: number;
  /** Position of the last appended event in the global log. */
  readonly position: LogPosition;
  /** True when every event id was already stored by an earlier identical append. */
  readonly alreadyAppended: boolean;
}

export interface ReadStreamOptions {
  /** First stream version to return; 1 is the first event. */
  readonly fromVersion?: number;
  readonly maxCount?: number;
}

export interface ReadStreamResult {
  readonly events: RecordedEvent[];
  /** The stream's current version; 0 when it has no events. */
  readonly currentVersion: number;
}

export interface ReadAllOptions {
  /** Events strictly after this position are returned. */
  readonly after: LogPosition;
  readonly maxCount: number;
  /** Only this tenant's events. */
  readonly tenantId?: string;
}

export interface SubscriptionOptions {
  readonly after: LogPosition;
  readonly batchSize?: number;
  readonly tenantId?: string;
  /** Poll interval used as the safety net behind notifications, in milliseconds. */
  readonly pollIntervalMs?: number;
  /** Receives each batch in log order; the next batch waits until the promise settles. */
  readonly onEvents: (events: readonly RecordedEvent[]) => Promise<void>;
  /** Receives a failure of `onEvents` or of reading; the subscription retries the same batch after a growing pause. */
  readonly onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Resolves once the subscription has caught up with the log at least once. */
  readonly caughtUp: Promise<void>;
  /** Stops after the batch in progress; resolves when stopped. */
  stop(): Promise<void>;
}

/**
 * The event log.
 *
 * Positions order the global log; a KurrentDB implementation maps them to its `$all`
 * commit and prepare positions and stream versions to revisions plus one.
 */
export interface EventStore {
  /** Name shown by `/health`, for example "postgresql". */
  readonly name: string;
  appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadStreamResult>;
  /** Reads the global log in commit order; never returns an event of a still-running transaction. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options: SubscriptionOptions): Subscription;
  /** Returns the stored event with this id, or undefined. */
  findEvent(eventId: string): Promise<RecordedEvent | undefined>;
  /** Position of the newest event readers may already see, or undefined for an empty log. */
  headPosition(tenantId?: string): Promise<LogPosition | undefined>;
}
