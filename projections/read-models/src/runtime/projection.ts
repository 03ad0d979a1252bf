import type { RecordedEvent } from '@fleksi/contracts';
import type pg from 'pg';

/** What a projection's `apply` works with: a client inside the batch's transaction and its generation's schema. */
export interface ProjectionContext {
  readonly client: pg.PoolClient;
  /** Quoted schema name of the generation being written, for example "rm_workdays_3". */
  readonly schema: string;
  /**
   * True when no reader uses this generation yet and more of the log follows this
   * batch. The projection may then postpone work it can redo from what it stored, if
   * it stores what it postponed in this transaction. The next batch applied without
   * this flag must finish all of it, because that batch may move the checkpoint to the
   * head and let readers in.
   */
  readonly catchingUp: boolean;
}

/**
 * A read model built from the event log.
 *
 * `apply` receives each batch inside one transaction that also stores the new
 * checkpoint, so a crash never leaves half a batch. The runtime drops events whose
 * stream version was already applied, so a redelivered event is never counted twice,
 * whatever the source (the log or Kafka).
 */
export interface Projection {
  /** Lower-case identifier, used in schema names and on the command line. */
  readonly name: string;
  /** Code version; raising it makes the runtime rebuild the read model beside the live one. */
  readonly version: number;
  readonly eventTypes: ReadonlySet<string>;
  /** Creates the projection's tables in a new, empty schema. */
  setup(client: pg.PoolClient, schema: string): Promise<void>;
  apply(context: ProjectionContext, events: readonly RecordedEvent[]): Promise<void>;
}

export function schemaName(projection: string, generation: number): string {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(projection)) {
    throw new Error(`projection name ${JSON.stringify(projection)} must be a lower-case identifier`);
  }
  return `rm_${projection}_${generation}`;
}

export function quoteIdentifier(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
