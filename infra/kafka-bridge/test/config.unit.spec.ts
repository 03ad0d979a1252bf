import { describe, expect, it } from 'vitest';

import { DEFAULT_GROUP, DEFAULT_PARTITIONS, DEFAULT_TOPIC, readKafkaConfig } from '../src/index.ts';

describe('kafka configuration', () => {
  it('defaults to the log source without Kafka', () => {
    expect(readKafkaConfig({})).toEqual({
      source: 'log',
      brokers: [],
      topic: DEFAULT_TOPIC,
      group: DEFAULT_GROUP,
      partitions: DEFAULT_PARTITIONS,
      partitionBy: 'tenant',
      clientId: 'fleksi',
      sessionTimeoutMs: 30_000,
    });
  });

  it('reads every variable', () => {
    const config = readKafkaConfig({
      FLEKSI_PROJECTION_SOURCE: 'kafka',
      KAFKA_BROKERS: '127.0.0.1:19092, 127.0.0.1:19093',
      FLEKSI_KAFKA_TOPIC: 'fleksi.events.v2',
      FLEKSI_KAFKA_GROUP: 'fleksi-staging',
      FLEKSI_KAFKA_PARTITIONS: '12',
      FLEKSI_KAFKA_PARTITION_BY: 'stream',
      FLEKSI_KAFKA_SESSION_TIMEOUT_MS: '10000',
    });

    expect(config.source).toBe('kafka');
    expect(config.brokers).toEqual(['127.0.0.1:19092', '127.0.0.1:19093']);
    expect(config.topic).toBe('fleksi.events.v2');
    expect(config.group).toBe('fleksi-staging');
    expect(config.partitions).toBe(12);
    expect(config.partitionBy).toBe('stream');
    expect(config.sessionTimeoutMs).toBe(10_000);
  });

  it('rejects invalid values with the variable name', () => {
    const cases: Array<[NodeJS.ProcessEnv, RegExp]> = [
      [{ FLEKSI_PROJECTION_SOURCE: 'kafka' }, /needs KAFKA_BROKERS/],
      [{ FLEKSI_PROJECTION_SOURCE: 'stream' }, /FLEKSI_PROJECTION_SOURCE/],
      [{ KAFKA_BROKERS: 'localhost' }, /KAFKA_BROKERS/],
      [{ FLEKSI_KAFKA_TOPIC: 'events with spaces' }, /FLEKSI_KAFKA_TOPIC/],
      [{ FLEKSI_KAFKA_PARTITIONS: '0' }, /FLEKSI_KAFKA_PARTITIONS/],
      [{ FLEKSI_KAFKA_PARTITION_BY: 'employee' }, /FLEKSI_KAFKA_PARTITION_BY/],
      [{ FLEKSI_KAFKA_SESSION_TIMEOUT_MS: '1000' }, /FLEKSI_KAFKA_SESSION_TIMEOUT_MS/],
    ];
    for (const [environment, message] of cases) {
      expect(() => readKafkaConfig(environment), JSON.stringify(environment)).toThrow(message);
    }
  });
});
