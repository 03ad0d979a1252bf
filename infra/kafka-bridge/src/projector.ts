import type { EventRegistry, RecordedEvent } from '@fleksi/contracts';
import type { EventStore } from '@fleksi/event-store';
import {
  activeGeneration,
  applyBatch,
  createGeneration,
  rebuildProjection,
  type Generation,
  type Projection,
} from '@fleksi/read-models';
import type pg from 'pg';
import type { Logger } from 'pino';

import { decodeEvent } from './codec.ts';
import { DEFAULT_PARTITIONS } from './config.ts';
import { withEmployeeLocks } from './employee-locks.ts';
import { advanceOffset, initialiseWatermark, loadOffset, OffsetConflictError, refreshWatermark, type OffsetScope } from './offsets.ts';
import type { ConsumedBatch, KafkaAdmin, KafkaClient, KafkaConsumer, TopicPartitions } from './port.ts';

export interface KafkaProjectionsOptions {
  readonly pool: pg.Pool;
  /** The event log, read only to rebuild a projection whose code version changed. */
  readonly store: EventStore;
  readonly kafka: KafkaClient;
  readonly topic: string;
  /** Consumer group prefix; projection `p` consumes in group `<group>.<p>`. */
  readonly group: string;
  /** Partitions of the topic when a projector creates it before the relay does; default 6. */
  readonly partitions?: number;
  readonly projections: readonly Projection[];
  readonly logger: Logger;
  /** Upcasts events written with an older schema version, like the log reader does. */
  readonly registry?: EventRegistry;
  /** Most messages applied in one PostgreSQL transaction; default 500. */
  readonly batchSize?: number;
  /** Partitions one worker applies at the same time; default 2. */
  readonly partitionsConsumedConcurrently?: number;
  /** Default 30 000. Lower values hand a dead worker's partitions to others sooner. */
  readonly sessionTimeoutMs?: number;
  /** How often the active generation and the watermark are checked, in milliseconds; default 1000. */
  readonly watchIntervalMs?: number;
  /** Runs inside each batch's transaction just before COMMIT; fault-injection tests kill the process here. */
  readonly beforeCommit?: (client: pg.PoolClient) => Promise<void>;
}

export interface RunningKafkaProjections {
  /** Resolves once every projection's consumer has joined its group. */
  readonly ready: Promise<void>;
  /** Finishes the batches in progress, leaves the groups and stops. */
  stop(): Promise<void>;
}

/**
 * Runs every projection from the Kafka topic instead of the log: one consumer per
 * projection in group `<group>.<projection>`, writing the projection's active
 * generation. Start it in as many processes as needed; the group spreads the
 * partitions over them.
 *
 * PostgreSQL keeps the progress (`projection_kafka_offsets`), written in each batch's
 * transaction, and a worker seeks to it whenever it gets a partition, so Kafka's own
 * committed offsets are only a copy for monitoring tools.
 */
export function startKafkaProjections(options: KafkaProjectionsOptions): RunningKafkaProjections {
  const projectors = options.projections.map((projection) => new KafkaProjector(options, projection));
  const ready = Promise.all(projectors.map((projector) => projector.start())).then(() => undefined);
  return {
    ready,
    stop: async () => {
      await Promise.all(projectors.map((projector) => projector.stop()));
    },
  };
}

/** Runs one projection from Kafka and follows its active generation. */
class KafkaProjector {
  private readonly logger: Logger;
  private readonly projection: Projection;
  private generation: Generation | undefined;
  private consumer: KafkaConsumer | undefined;
  private admin: KafkaAdmin | undefined;
  /** Next offset to apply per partition, as stored in PostgreSQL. */
  private readonly expected = new Map<number, bigint>();
  private timer: NodeJS.Timeout | undefined;
  private watching: Promise<void> = Promise.resolve();
  private rebuilding: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  private starting: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: KafkaProjectionsOptions,
    projection: Projection,
  ) {
    this.projection = withEmployeeLocks(projection);
    this.logger = options.logger.child({ projection: projection.name, topic: options.topic });
  }

  /** Starts consuming, retrying until Kafka and PostgreSQL are reachable or `stop` is called. */
  start(): Promise<void> {
    this.starting = this.startWithRetries();
    return this.starting;
  }

  private async startWithRetries(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt += 1) {
      try {
        this.admin ??= await this.options.kafka.admin();
        // The relay creates the topic too. The first of them to start creates it, so a
        // consumer never subscribes to a topic that does not exist yet.
        await this.admin.ensureTopic(this.options.topic, this.options.partitions ?? DEFAULT_PARTITIONS);
        await this.follow(await this.ensureActiveGeneration());
        break;
      } catch (error) {
        this.logger.error({ err: error, attempt }, 'kafka projector could not start; retrying');
        await this.consumer?.stop().catch(() => undefined);
        this.consumer = undefined;
        await this.pause(Math.min(30_000, 1_000 * attempt));
      }
    }
    if (this.stopped) {
      return;
    }
    this.timer = setInterval(() => {
      this.watching = this.watching.then(() => this.watch()).catch((error: unknown) => {
        this.logger.error({ err: error }, 'kafka projector check failed');
      });
    }, this.options.watchIntervalMs ?? 1_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    // A start still retrying checks `stopped` after its current attempt and gives up.
    await this.starting;
    clearInterval(this.timer);
    await this.watching;
    await this.consumer?.stop();
    this.consumer = undefined;
    await this.admin?.disconnect().catch((error: unknown) => this.logger.warn({ err: error }, 'admin disconnect failed'));
    this.logger.info('kafka projector stopped');
  }

  private pause(milliseconds: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) {
        resolve();
        return;
      }
      const timer = setTimeout(resolve, milliseconds);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private get scope(): OffsetScope {
    if (this.generation === undefined) {
      throw new Error(`kafka projector of ${this.projection.name} has no generation yet`);
    }
    return { projection: this.projection.name, generation: this.generation.generation, topic: this.options.topic };
  }

  /** Returns the active generation, creating the first one when there is none. */
  private async ensureActiveGeneration(): Promise<Generation> {
    const { pool } = this.options;
    const client = await pool.connect();
    try {
      // Workers starting together must not each create a "first" generation.
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [`fleksi-kafka-projection-start:${this.projection.name}`]);
      const active = (await activeGeneration(pool, this.projection.name)) ?? (await createGeneration(pool, this.projection));
      if (active.codeVersion !== this.projection.version) {
        this.rebuildFromLog();
      }
      return active;
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`fleksi-kafka-projection-start:${this.projection.name}`]).catch(() => undefined);
      client.release();
    }
  }

  /**
   * Builds a new code version from the log beside the live generation, as the
   * log-fed manager does. The watch moves the consumer to it once it is active.
   */
  private rebuildFromLog(): void {
    if (this.rebuilding !== undefined) {
      return;
    }
    this.logger.info({ version: this.projection.version }, 'code version changed; rebuilding from the log beside the live read model');
    this.rebuilding = rebuildProjection(this.options.pool, this.options.store, this.projection)
      .then((generation) => this.logger.info({ generation: generation.generation }, 'rebuilt read model is now live'))
      .catch((error: unknown) => this.logger.error({ err: error }, 'rebuild from the log failed'))
      .finally(() => {
        this.rebuilding = undefined;
      });
  }

  /** Starts consuming into `generation`, stopping the consumer of the previous one. */
  private async follow(generation: Generation): Promise<void> {
    await this.consumer?.stop();
    this.consumer = undefined;
    this.generation = generation;
    this.expected.clear();
    await initialiseWatermark(this.options.pool, this.scope, generation.position);

    const consumer = this.options.kafka.consumer({
      groupId: `${this.options.group}.${this.projection.name}`,
      ...(this.options.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: this.options.sessionTimeoutMs }),
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 2,
    });
    this.consumer = consumer;
    await consumer.start(this.options.topic, {
      onAssigned: (assignment) => this.onAssigned(consumer, assignment),
      onBatch: (batch) => this.onBatch(consumer, batch),
    });
    this.logger.info({ generation: generation.generation, group: `${this.options.group}.${this.projection.name}` }, 'kafka projector started');
  }

  private async watch(): Promise<void> {
    if (this.stopped || this.generation === undefined) {
      return;
    }
    const active = await activeGeneration(this.options.pool, this.projection.name);
    if (active !== undefined && active.generation !== this.generation.generation) {
      this.logger.info({ from: this.generation.generation, to: active.generation }, 'active generation changed; following it');
      await this.follow(active);
      return;
    }
    await refreshWatermark(this.options.pool, this.scope);
  }

  /** Seeks every newly assigned partition to the offset stored in PostgreSQL. */
  private async onAssigned(consumer: KafkaConsumer, assignment: readonly TopicPartitions[]): Promise<void> {
    this.expected.clear();
    const partitions = assignment.find((entry) => entry.topic === this.options.topic)?.partitions ?? [];
    for (const partition of partitions) {
      const offset = await this.storedOffset(partition);
      consumer.seek(this.options.topic, partition, offset);
    }
    this.logger.info({ partitions }, 'partitions assigned');
  }

  /**
   * Returns the stored next offset of a partition. A generation that has never read
   * the partition starts at its oldest message: events a rebuild already took from
   * the log are dropped by stream version.
   */
  private async storedOffset(partition: number): Promise<bigint> {
    const low = await this.lowOffset(partition);
    const offset = await loadOffset(this.options.pool, this.scope, partition, low);
    this.expected.set(partition, offset);
    return offset;
  }

  private async lowOffset(partition: number): Promise<bigint> {
    const offsets = await this.admin?.partitionOffsets(this.options.topic);
    return offsets?.find((entry) => entry.partition === partition)?.low ?? 0n;
  }

  private async onBatch(consumer: KafkaConsumer, batch: ConsumedBatch): Promise<void> {
    const { topic, partition } = batch;
    let expected = this.expected.get(partition) ?? (await this.storedOffset(partition));
    const pending = batch.messages.filter((message) => message.offset >= expected);
    const first = pending[0];
    if (first === undefined) {
      // Everything fetched was applied before; fetch from the stored offset instead.
      consumer.seek(topic, partition, expected);
      return;
    }
    if (first.offset > expected) {
      await this.handleGap(consumer, partition, expected, first.offset);
      return;
    }

    const batchSize = this.options.batchSize ?? 500;
    for (let start = 0; start < pending.length; start += batchSize) {
      if (batch.isStale() || this.stopped) {
        return;
      }
      const chunk = pending.slice(start, start + batchSize);
      const last = chunk[chunk.length - 1];
      if (last === undefined) {
        return;
      }
      const next = last.offset + 1n;
      const events = chunk.map((message) => this.upcast(decodeEvent(message, partition)));
      const lastEvent = events[events.length - 1];
      if (lastEvent === undefined) {
        return;
      }

      try {
        await this.applyChunk(events, lastEvent, partition, expected, next);
      } catch (error) {
        if (error instanceof OffsetConflictError) {
          const stored = await this.storedOffset(partition);
          this.logger.warn({ partition, expected: String(expected), stored: String(stored) }, 'partition moved on elsewhere; seeking to its stored offset');
          consumer.seek(topic, partition, stored);
          return;
        }
        throw error;
      }

      expected = next;
      this.expected.set(partition, next);
      batch.markProcessed(next);
      await consumer.commit(topic, partition, next).catch((error: unknown) => {
        // Only monitoring tools read Kafka's committed offsets.
        this.logger.warn({ err: error, partition }, 'committing the offset to kafka failed');
      });
      await batch.heartbeat();
    }
  }

  private async applyChunk(events: readonly RecordedEvent[], lastEvent: RecordedEvent, partition: number, expected: bigint, next: bigint): Promise<void> {
    const generation = this.generation;
    if (generation === undefined) {
      return;
    }
    const scope = this.scope;
    await applyBatch(
      this.options.pool,
      this.projection,
      generation,
      events,
      // advanceOffset replaces this position with the generation's watermark.
      { position: lastEvent.position, recordedAt: lastEvent.recordedAt },
      {
        beforeCommit: async (client) => {
          await advanceOffset(client, scope, partition, expected, next);
          await this.options.beforeCommit?.(client);
        },
      },
    );
  }

  /** Seeks back to the stored offset when a batch starts after it, unless retention deleted the messages in between. */
  private async handleGap(consumer: KafkaConsumer, partition: number, expected: bigint, firstOffset: bigint): Promise<void> {
    const low = await this.lowOffset(partition);
    if (expected < low) {
      throw new Error(
        `${this.options.topic}/${partition} no longer stores offsets ${expected} to ${low - 1n}, which ${this.projection.name} generation ${this.generation?.generation} has not applied: ` +
          'raise the topic retention, then rebuild the projection from the log (npx fleksi projections rebuild)',
      );
    }
    this.logger.info({ partition, expected: String(expected), fetched: String(firstOffset) }, 'fetch started past the stored offset; seeking back');
    consumer.seek(this.options.topic, partition, expected);
  }

  private upcast(event: RecordedEvent): RecordedEvent {
    const registry = this.options.registry;
    return registry === undefined || !registry.has(event.type) ? event : registry.upcast(event);
  }
}
