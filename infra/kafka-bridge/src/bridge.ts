import type { EventRegistry } from '@fleksi/contracts';
import type { EventStore } from '@fleksi/event-store';
import type { Projection } from '@fleksi/read-models';
import type pg from 'pg';
import type { Logger } from 'pino';

import type { KafkaBridgeConfig } from './config.ts';
import { createKafkajsClient } from './kafkajs.ts';
import type { KafkaClient } from './port.ts';
import { startKafkaProjections, type RunningKafkaProjections } from './projector.ts';
import { startRelay, type RunningRelay } from './relay.ts';

export interface KafkaBridgeOptions {
  readonly config: KafkaBridgeConfig;
  readonly pool: pg.Pool;
  readonly store: EventStore;
  readonly logger: Logger;
  readonly projections: readonly Projection[];
  readonly registry?: EventRegistry;
  /** Run the relay in this process; default true. Only one relay per topic is active, others stand by. */
  readonly relay?: boolean;
  /** Run the Kafka-fed projectors in this process; default true. */
  readonly projectors?: boolean;
}

export interface RunningKafkaBridge {
  readonly kafka: KafkaClient;
  readonly relay: RunningRelay | undefined;
  readonly projections: RunningKafkaProjections | undefined;
  /** Stops the projectors, then the relay. */
  stop(): Promise<void>;
}

/** Starts the relay and the Kafka-fed projectors that `config` and the flags ask for. */
export function startKafkaBridge(options: KafkaBridgeOptions): RunningKafkaBridge {
  const { config, pool, store, logger } = options;
  if (config.brokers.length === 0) {
    throw new Error('the Kafka bridge needs KAFKA_BROKERS, for example KAFKA_BROKERS=127.0.0.1:19092');
  }
  // The workdays projection still derives some employee-days from the order between
  // streams (docs/kafka.md, "Ordering"), which only tenant partitioning keeps.
  if (config.partitionBy === 'stream' && options.projectors !== false) {
    throw new Error('FLEKSI_KAFKA_PARTITION_BY=stream is for relays feeding other consumers; Fleksi projectors need "tenant" partitioning');
  }
  const kafka = createKafkajsClient({ brokers: config.brokers, clientId: config.clientId, logger });

  const relay = options.relay === false ? undefined : startRelay({ pool, store, kafka, topic: config.topic, partitions: config.partitions, partitionBy: config.partitionBy, logger });
  const projections =
    options.projectors === false
      ? undefined
      : startKafkaProjections({
          pool,
          store,
          kafka,
          topic: config.topic,
          group: config.group,
          partitions: config.partitions,
          projections: options.projections,
          logger,
          sessionTimeoutMs: config.sessionTimeoutMs,
          ...(options.registry === undefined ? {} : { registry: options.registry }),
        });
  projections?.ready.catch((error: unknown) => {
    logger.error({ err: error, topic: config.topic }, 'kafka projectors failed to start');
  });

  return {
    kafka,
    relay,
    projections,
    stop: async () => {
      await projections?.stop();
      await relay?.stop();
    },
  };
}
