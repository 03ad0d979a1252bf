import type { PartitionBy } from './codec.ts';

export type ProjectionSource = 'log' | 'kafka';

export const DEFAULT_TOPIC = 'fleksi.events.v1';
export const DEFAULT_GROUP = 'fleksi-projections';
export const DEFAULT_PARTITIONS = 6;

/** Kafka settings read from the environment once, at start-up. */
export interface KafkaBridgeConfig {
  /** Source the projectors read events from (FLEKSI_PROJECTION_SOURCE, default `log`). */
  readonly source: ProjectionSource;
  /** Bootstrap brokers, host:port (KAFKA_BROKERS, comma-separated); empty when unset. */
  readonly brokers: readonly string[];
  /** Topic the relay writes and projectors read (FLEKSI_KAFKA_TOPIC). */
  readonly topic: string;
  /** Consumer group prefix; each projection gets the group `<group>.<projection>` (FLEKSI_KAFKA_GROUP). */
  readonly group: string;
  /** Partitions of the topic when the relay creates it (FLEKSI_KAFKA_PARTITIONS). */
  readonly partitions: number;
  /** What decides an event's partition (FLEKSI_KAFKA_PARTITION_BY, default `tenant`). */
  readonly partitionBy: PartitionBy;
  /** Client id shown in broker logs (FLEKSI_KAFKA_CLIENT_ID). */
  readonly clientId: string;
  /** Milliseconds without heartbeat before a worker's partitions move to others (FLEKSI_KAFKA_SESSION_TIMEOUT_MS, default 30000). */
  readonly sessionTimeoutMs: number;
}

const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;

export function readKafkaConfig(environment: NodeJS.ProcessEnv): KafkaBridgeConfig {
  const sourceValue = environment['FLEKSI_PROJECTION_SOURCE'] ?? 'log';
  if (sourceValue !== 'log' && sourceValue !== 'kafka') {
    throw new Error(`FLEKSI_PROJECTION_SOURCE must be "log" or "kafka", got ${JSON.stringify(sourceValue)}`);
  }

  const brokers = (environment['KAFKA_BROKERS'] ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  for (const broker of brokers) {
    if (!BROKER.test(broker)) {
      throw new Error(`KAFKA_BROKERS must list host:port pairs separated by commas, got ${JSON.stringify(broker)}`);
    }
  }
  if (sourceValue === 'kafka' && brokers.length === 0) {
    throw new Error('FLEKSI_PROJECTION_SOURCE=kafka needs KAFKA_BROKERS, for example KAFKA_BROKERS=127.0.0.1:19092');
  }

  const topic = environment['FLEKSI_KAFKA_TOPIC'] || DEFAULT_TOPIC;
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(topic)) {
    throw new Error(`FLEKSI_KAFKA_TOPIC must be 1 to 249 letters, digits, ".", "_" or "-", got ${JSON.stringify(topic)}`);
  }
  const group = environment['FLEKSI_KAFKA_GROUP'] || DEFAULT_GROUP;

  const partitionsValue = environment['FLEKSI_KAFKA_PARTITIONS'] || String(DEFAULT_PARTITIONS);
  const partitions = Number(partitionsValue);
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1_000) {
    throw new Error(`FLEKSI_KAFKA_PARTITIONS must be a whole number from 1 to 1000, got ${JSON.stringify(partitionsValue)}`);
  }

  const partitionBy = environment['FLEKSI_KAFKA_PARTITION_BY'] || 'tenant';
  if (partitionBy !== 'tenant' && partitionBy !== 'stream') {
    throw new Error(`FLEKSI_KAFKA_PARTITION_BY must be "tenant" or "stream", got ${JSON.stringify(partitionBy)}`);
  }

  const sessionValue = environment['FLEKSI_KAFKA_SESSION_TIMEOUT_MS'] || '30000';
  const sessionTimeoutMs = Number(sessionValue);
  // The broker accepts 6 to 300 seconds by default (group.min/max.session.timeout.ms).
  if (!Number.isInteger(sessionTimeoutMs) || sessionTimeoutMs < 6_000 || sessionTimeoutMs > 300_000) {
    throw new Error(`FLEKSI_KAFKA_SESSION_TIMEOUT_MS must be a whole number from 6000 to 300000, got ${JSON.stringify(sessionValue)}`);
  }

  return {
    source: sourceValue,
    brokers,
    topic,
    group,
    partitions,
    partitionBy,
    clientId: environment['FLEKSI_KAFKA_CLIENT_ID'] || 'fleksi',
    sessionTimeoutMs,
  };
}
