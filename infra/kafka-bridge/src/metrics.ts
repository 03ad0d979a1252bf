import type pg from 'pg';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';

import { kafkaLag, type KafkaLagReport } from './lag.ts';
import type { KafkaAdmin, KafkaClient } from './port.ts';

export interface KafkaMetricsOptions {
  /** The registry `/metrics` serves; with fastify-metrics, `app.metrics.client.register`. */
  readonly registry: Registry;
  readonly pool: pg.Pool;
  readonly kafka: KafkaClient;
  readonly topic: string;
  readonly logger: Logger;
  /** Scrapes within this many milliseconds share one lag report; default 5000. */
  readonly cacheMs?: number;
}

export interface KafkaMetrics {
  /** Disconnects the admin client the gauges use. */
  close(): Promise<void>;
}

/**
 * Registers gauges for relay lag and consumer lag. Each scrape reads them from
 * PostgreSQL and the broker, at most once per `cacheMs`.
 */
export function registerKafkaMetrics(options: KafkaMetricsOptions): KafkaMetrics {
  const { registry, pool, kafka, topic, logger } = options;
  const cacheMs = options.cacheMs ?? 5_000;
  let admin: Promise<KafkaAdmin> | undefined;
  let cached: { at: number; report: Promise<KafkaLagReport> } | undefined;

  const report = async (): Promise<KafkaLagReport | undefined> => {
    if (cached === undefined || Date.now() - cached.at > cacheMs) {
      admin ??= kafka.admin();
      const pending = admin.then((client) => kafkaLag(pool, client, topic));
      cached = { at: Date.now(), report: pending };
    }
    try {
      return await cached.report;
    } catch (error) {
      logger.warn({ err: error, topic }, 'reading kafka lag for metrics failed');
      cached = undefined;
      admin = undefined;
      return undefined;
    }
  };

  new Gauge({
    name: 'fleksi_kafka_relay_lag_events',
    help: 'Events in the log that the relay has not yet published to Kafka',
    labelNames: ['topic'],
    registers: [registry],
    async collect() {
      const relay = (await report())?.relay;
      this.reset();
      if (relay !== undefined) {
        this.set({ topic }, relay.lagEvents);
      }
    },
  });
  new Gauge({
    name: 'fleksi_kafka_relay_lag_seconds',
    help: 'Age in seconds of the oldest event the relay has not yet published to Kafka',
    labelNames: ['topic'],
    registers: [registry],
    async collect() {
      const relay = (await report())?.relay;
      this.reset();
      if (relay !== undefined) {
        this.set({ topic }, relay.lagSeconds);
      }
    },
  });
  new Gauge({
    name: 'fleksi_kafka_consumer_lag_messages',
    help: 'Messages of a partition that a projection generation has not yet applied',
    labelNames: ['topic', 'projection', 'generation', 'partition'],
    registers: [registry],
    async collect() {
      const partitions = (await report())?.partitions ?? [];
      this.reset();
      for (const entry of partitions) {
        this.set({ topic, projection: entry.projection, generation: String(entry.generation), partition: String(entry.partition) }, Number(entry.lag));
      }
    },
  });

  return {
    close: async () => {
      const client = await admin?.catch(() => undefined);
      await client?.disconnect();
    },
  };
}
