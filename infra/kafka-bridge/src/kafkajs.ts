import { Kafka, logLevel, Partitioners, type Consumer, type ICustomPartitioner, type IHeaders, type LogEntry, type Producer } from 'kafkajs';
import type { Logger } from 'pino';

import type {
  ConsumedBatch,
  ConsumerHandlers,
  ConsumerOptions,
  KafkaAdmin,
  KafkaClient,
  KafkaConsumer,
  KafkaProducer,
  PartitionOffsets,
} from './port.ts';

export interface KafkajsClientOptions {
  /** host:port pairs of the bootstrap brokers. */
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger: Logger;
}

const DEFAULT_SESSION_TIMEOUT_MS = 30_000;

/** Creates a client of the Kafka port that uses kafkajs 2.2.4. */
export function createKafkajsClient(options: KafkajsClientOptions): KafkaClient {
  const logger = options.logger.child({ component: 'kafkajs' });
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => logKafkajsEntry(logger, entry),
    // Few retries inside kafkajs: the relay and the projectors retry whole steps
    // themselves, and a stop during a broker outage then waits seconds, not a minute.
    retry: { initialRetryTime: 200, retries: 3 },
  });

  return {
    producer: async () => {
      // Idempotence makes the broker drop a retried copy of a batch it already
      // stored; one request in flight keeps a retry from overtaking later messages.
      const producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        retry: { initialRetryTime: 200, retries: 8 },
        allowAutoTopicCreation: false,
        createPartitioner: partitionByPartitionKey,
      });
      await producer.connect();
      return new KafkajsProducer(producer);
    },
    admin: async () => {
      const admin = kafka.admin();
      await admin.connect();
      return {
        ensureTopic: async (topic, partitions) => {
          await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
          const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
          return metadata.topics[0]?.partitions.length ?? 0;
        },
        partitionOffsets: async (topic) => {
          const offsets = await admin.fetchTopicOffsets(topic);
          return offsets
            .map((entry): PartitionOffsets => ({ partition: entry.partition, low: BigInt(entry.low), high: BigInt(entry.high) }))
            .sort((left, right) => left.partition - right.partition);
        },
        disconnect: () => admin.disconnect(),
      } satisfies KafkaAdmin;
    },
    consumer: (consumerOptions) => new KafkajsConsumer(kafka, consumerOptions, logger),
  };
}

class KafkajsProducer implements KafkaProducer {
  constructor(private readonly producer: Producer) {}

  async send(topic: string, messages: Parameters<KafkaProducer['send']>[1]): Promise<void> {
    if (messages.length === 0) {
      return;
    }
    await this.producer.send({
      topic,
      acks: -1,
      messages: messages.map((message) => ({
        key: message.key,
        value: message.value,
        headers: { ...message.headers, ...(message.partitionKey === undefined ? {} : { [PARTITION_KEY_HEADER]: message.partitionKey }) },
      })),
    });
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}

/** Carries `OutgoingMessage.partitionKey` to the partitioner; consumers may ignore it. */
const PARTITION_KEY_HEADER = 'fleksi-partition-key';

/** kafkajs's default (Java-compatible murmur2) partitioner, applied to the partition key instead of the key. */
const partitionByPartitionKey: ICustomPartitioner = () => {
  const partitioner = Partitioners.DefaultPartitioner();
  return (args) => {
    const partitionKey = args.message.headers?.[PARTITION_KEY_HEADER];
    return partitioner(partitionKey === undefined ? args : { ...args, message: { ...args.message, key: partitionKey.toString() } });
  };
};

class KafkajsConsumer implements KafkaConsumer {
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly options: ConsumerOptions,
    private readonly logger: Logger,
  ) {
    const sessionTimeout = options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout,
      heartbeatInterval: Math.max(100, Math.floor(sessionTimeout / 10)),
      rebalanceTimeout: Math.max(sessionTimeout, 10_000),
      allowAutoTopicCreation: false,
      // A batch failure (a PostgreSQL outage, say) restarts the member after a pause
      // instead of leaving it dead; it fetches again from the processed offsets.
      retry: { initialRetryTime: 300, retries: 10, restartOnFailure: async () => true },
    });
  }

  async start(topic: string, handlers: ConsumerHandlers): Promise<void> {
    this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => {
      const assignment = Object.entries(event.payload.memberAssignment).map(([assignedTopic, partitions]) => ({ topic: assignedTopic, partitions }));
      handlers.onAssigned(assignment).catch((error: unknown) => {
        // Each batch checks its partition's stored offset again, so a failed seek here
        // costs one extra fetch, never a wrong one.
        this.logger.warn({ err: error, groupId: this.options.groupId }, 'loading stored offsets after assignment failed');
      });
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.logger.error({ err: event.payload.error, groupId: this.options.groupId, restart: event.payload.restart }, 'kafka consumer crashed');
    });

    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [topic], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isStale }) => {
        const consumed: ConsumedBatch = {
          topic: batch.topic,
          partition: batch.partition,
          highWatermark: BigInt(batch.highWatermark),
          messages: batch.messages.map((message) => ({
            offset: BigInt(message.offset),
            key: message.key?.toString('utf8') ?? null,
            value: message.value?.toString('utf8') ?? null,
            headers: headerStrings(message.headers),
          })),
          // kafkajs resolves the offset of the last processed message, one below the next.
          markProcessed: (nextOffset) => resolveOffset((nextOffset - 1n).toString()),
          isStale,
          heartbeat,
        };
        await handlers.onBatch(consumed);
      },
    });
  }

  seek(topic: string, partition: number, offset: bigint): void {
    this.consumer.seek({ topic, partition, offset: offset.toString() });
  }

  async commit(topic: string, partition: number, nextOffset: bigint): Promise<void> {
    await this.consumer.commitOffsets([{ topic, partition, offset: nextOffset.toString() }]);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) {
      result[name] = first.toString();
    }
  }
  return result;
}

function logKafkajsEntry(logger: Logger, entry: LogEntry): void {
  const { message, ...context } = entry.log;
  const fields = { namespace: entry.namespace, ...context };
  // kafkajs logs every error response of a request as an error, including those its
  // own retries handle ("group is rebalancing", "topic already exists"). The layers
  // above log what still fails, so these stay at debug.
  if (entry.namespace === 'Connection') {
    logger.debug(fields, message);
    return;
  }
  switch (entry.level) {
    case logLevel.ERROR:
      logger.error(fields, message);
      return;
    case logLevel.WARN:
      logger.warn(fields, message);
      return;
    case logLevel.INFO:
      logger.info(fields, message);
      return;
    default:
      logger.debug(fields, message);
  }
}
