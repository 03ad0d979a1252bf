/**
 * The small part of Kafka that Fleksi uses, so the relay and the projectors do not
 * depend on one client library. `kafkajs.ts` implements it with kafkajs 2.2.4.
 *
 * Offsets are bigints because Kafka offsets are 64-bit.
 */

export interface OutgoingMessage {
  readonly key: string;
  /**
   * Decides the partition (murmur2 hash, as Kafka's Java client does), so messages
   * with equal partition keys keep their order; the key when absent.
   */
  readonly partitionKey?: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface KafkaProducer {
  /**
   * Sends the messages in order and resolves once every in-sync replica stored them
   * (acks = all). Rejects when they could not be stored; some may still have been.
   */
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface PartitionOffsets {
  readonly partition: number;
  /** Offset of the oldest message still stored. */
  readonly low: bigint;
  /** End offset: the offset the next message written to the partition gets. */
  readonly high: bigint;
}

export interface KafkaAdmin {
  /**
   * Creates the topic with this many partitions when it does not exist; returns the
   * partition count it has.
   */
  ensureTopic(topic: string, partitions: number): Promise<number>;
  /** Offsets of every partition of the topic, ordered by partition. */
  partitionOffsets(topic: string): Promise<PartitionOffsets[]>;
  disconnect(): Promise<void>;
}

export interface ConsumedMessage {
  readonly offset: bigint;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** Messages of one partition, in offset order. */
export interface ConsumedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly ConsumedMessage[];
  /** End offset of the partition when the batch was fetched. */
  readonly highWatermark: bigint;
  /** Marks messages before `nextOffset` as processed, so the next fetch starts there. */
  markProcessed(nextOffset: bigint): void;
  /** True when a seek or a lost assignment made the rest of this batch obsolete. */
  isStale(): boolean;
  /** Tells the group coordinator this member is alive during long batches. */
  heartbeat(): Promise<void>;
}

export interface TopicPartitions {
  readonly topic: string;
  readonly partitions: readonly number[];
}

export interface ConsumerHandlers {
  /** Called after each rebalance with this member's partitions, before their batches arrive when possible. */
  onAssigned(assignment: readonly TopicPartitions[]): Promise<void>;
  /** Processes one batch; a rejection makes the consumer restart and fetch again from the processed offsets. */
  onBatch(batch: ConsumedBatch): Promise<void>;
}

/** A member of a consumer group that receives batches per partition. */
export interface KafkaConsumer {
  /** Joins the group and starts fetching; resolves once the member runs. */
  start(topic: string, handlers: ConsumerHandlers): Promise<void>;
  /** Makes the next fetch of the partition start at `offset`. */
  seek(topic: string, partition: number, offset: bigint): void;
  /** Stores `nextOffset` as the group's committed offset for the partition. */
  commit(topic: string, partition: number, nextOffset: bigint): Promise<void>;
  /** Finishes the batch in progress, leaves the group and disconnects. */
  stop(): Promise<void>;
}

export interface ConsumerOptions {
  readonly groupId: string;
  /** Time without heartbeat after which the group hands this member's partitions to others, in milliseconds. */
  readonly sessionTimeoutMs?: number;
  /** Batches of different partitions this member processes at the same time. */
  readonly partitionsConsumedConcurrently?: number;
}

export interface KafkaClient {
  /** Connects an idempotent producer. */
  producer(): Promise<KafkaProducer>;
  consumer(options: ConsumerOptions): KafkaConsumer;
  /** Connects an admin client. */
  admin(): Promise<KafkaAdmin>;
}
