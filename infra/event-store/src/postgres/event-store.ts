import type { EventRegistry, LogPosition, NewEvent, RecordedEvent } from '@fleksi/contracts';
import type pg from 'pg';

import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  Subscription,
  SubscriptionOptions,
} from '../port.ts';
import { appendToStream } from './append.ts';
import { DebouncedNotifier } from './notifier.ts';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from './rows.ts';
import { subscribeToAll } from './subscription.ts';

/*
 * Only transactions older than every transaction still running are read
 * (`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`), and the log is
 * ordered by (transaction_id, global_position). Every event that can still appear
 * therefore sorts after everything already returned. A plain `global_position > n`
 * reader cannot promise that, because sequence numbers are taken before commit and a
 * slow transaction can commit a lower number after a reader has moved past it.
 */
const READ_ALL = `
  SELECT ${EVENT_COLUMNS} FROM events
  WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
    AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY events.transaction_id, events.global_position
  LIMIT $3`;

const READ_ALL_FOR_TENANT = `
  SELECT ${EVENT_COLUMNS} FROM events
  WHERE tenant_id = $4
    AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
    AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY events.transaction_id, events.global_position
  LIMIT $3`;

export interface PostgresEventStoreOptions {
  /** When given, every read event is upcast to its current schema version. */
  readonly registry?: EventRegistry;
  /** Maximum delay between an append and the NOTIFY that wakes subscribers, in milliseconds; default 20. */
  readonly notifyDelayMs?: number;
}

export class PostgresEventStore implements EventStore {
  readonly name = 'postgresql';
  private readonly notifier: DebouncedNotifier;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresEventStoreOptions = {},
  ) {
    this.notifier = new DebouncedNotifier(pool, options.notifyDelayMs ?? 20);
  }

  async appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const result = await appendToStream(this.pool, streamId, events, options.expectedVersion);
    this.notifier.poke();
    return result;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    const fromVersion = options.fromVersion ?? 1;
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const result = await this.pool.query<EventRow>({
      name: 'fleksi_read_stream',
      text: `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version LIMIT $3`,
      values: [streamId, fromVersion, maxCount],
    });
    const events = result.rows.map((row) => this.upcast(toRecordedEvent(row)));

    // A whole stream read from its start tells its version by its last event; only a
    // partial or empty read needs the stream head.
    const last = events[events.length - 1];
    if (last !== undefined && events.length < maxCount) {
      return { events, currentVersion: last.streamVersion };
    }
    if (last === undefined && fromVersion === 1) {
      return { events, currentVersion: 0 };
    }
    const head = await this.pool.query<{ version: string }>('SELECT version FROM event_streams WHERE stream_id = $1', [streamId]);
    return { events, currentVersion: Number(head.rows[0]?.version ?? 0) };
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const parameters: unknown[] = [options.after.commit.toString(), options.after.prepare.toString(), options.maxCount];
    if (options.tenantId !== undefined) {
      parameters.push(options.tenantId);
    }
    const result = await this.pool.query<EventRow>(options.tenantId === undefined ? READ_ALL : READ_ALL_FOR_TENANT, parameters);
    return result.rows.map((row) => this.upcast(toRecordedEvent(row)));
  }

  subscribeToAll(options: SubscriptionOptions): Subscription {
    return subscribeToAll(this.pool, (readOptions) => this.readAll(readOptions), options);
  }

  async findEvent(eventId: string): Promise<RecordedEvent | undefined> {
    const result = await this.pool.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE event_id = $1::uuid`, [eventId]);
    const row = result.rows[0];
    return row === undefined ? undefined : this.upcast(toRecordedEvent(row));
  }

  async headPosition(tenantId?: string): Promise<LogPosition | undefined> {
    const tenantFilter = tenantId === undefined ? '' : 'AND tenant_id = $1';
    const result = await this.pool.query<{ commit_position: string; global_position: string }>(
      `SELECT transaction_id::text AS commit_position, global_position FROM events
       WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot()) ${tenantFilter}
       ORDER BY events.transaction_id DESC, events.global_position DESC LIMIT 1`,
      tenantId === undefined ? [] : [tenantId],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : { commit: BigInt(row.commit_position), prepare: BigInt(row.global_position) };
  }

  private upcast(event: RecordedEvent): RecordedEvent {
    const registry = this.options.registry;
    return registry === undefined || !registry.has(event.type) ? event : registry.upcast(event);
  }
}
