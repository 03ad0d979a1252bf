import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Logger } from 'pino';

import { requireRole } from '@fleksi/domain';
import { createKafkajsClient, kafkaLag, readKafkaConfig, type KafkaAdmin } from '@fleksi/kafka-bridge';
import { projectionStatus } from '@fleksi/read-models';

import { authenticate } from '../auth/authenticate.ts';
import type { TokenVerifier } from '../auth/tokens.ts';

export interface ProjectionRouteOptions {
  readonly pool: pg.Pool;
  readonly verifier: TokenVerifier;
  /** Source of the Kafka settings (KAFKA_BROKERS, FLEKSI_KAFKA_TOPIC); process.env when omitted. */
  readonly environment?: NodeJS.ProcessEnv;
}

/** Maximum wait for the brokers' offsets, so a Kafka outage does not hold up the status page. */
const KAFKA_TIMEOUT_MS = 5_000;

type KafkaStatus =
  | { readonly enabled: false }
  | { readonly enabled: true; readonly topic: string; readonly error: string }
  | {
      readonly enabled: true;
      readonly topic: string;
      readonly relay: { checkpoint: string; eventsPublished: number; lagEvents: number; lagSeconds: number } | null;
      readonly partitions: ReadonlyArray<{ projection: string; generation: number; partition: number; storedOffset: string | null; endOffset: string; lag: string }>;
    };

/**
 * `GET /v1/system/projections` for the tenant admin: every active or building
 * projection generation with its lag behind the log, and when KAFKA_BROKERS is set,
 * the relay's lag behind the log and each consumer partition's lag. Offsets are
 * decimal strings because they are 64-bit.
 */
export default async function projectionRoutes(app: FastifyInstance, options: ProjectionRouteOptions): Promise<void> {
  const environment = options.environment ?? process.env;
  let admin: Promise<KafkaAdmin> | undefined;

  const connectAdmin = (brokers: readonly string[], clientId: string): Promise<KafkaAdmin> => {
    admin ??= createKafkajsClient({ brokers, clientId: `${clientId}-status`, logger: app.log as unknown as Logger })
      .admin()
      .catch((error: unknown) => {
        admin = undefined;
        throw error;
      });
    return admin;
  };

  app.addHook('onClose', async () => {
    const connected = admin;
    admin = undefined;
    await connected?.then((client) => client.disconnect()).catch((error: unknown) => app.log.warn({ err: error }, 'closing the Kafka admin client failed'));
  });

  async function kafkaStatus(): Promise<KafkaStatus> {
    let config: ReturnType<typeof readKafkaConfig>;
    try {
      config = readKafkaConfig(environment);
    } catch (error) {
      return { enabled: true, topic: environment['FLEKSI_KAFKA_TOPIC'] ?? '', error: (error as Error).message };
    }
    if (config.brokers.length === 0) {
      return { enabled: false };
    }
    try {
      const report = await withTimeout(
        connectAdmin(config.brokers, config.clientId).then((client) => kafkaLag(options.pool, client, config.topic)),
        KAFKA_TIMEOUT_MS,
      );
      return {
        enabled: true,
        topic: config.topic,
        relay:
          report.relay === undefined
            ? null
            : { checkpoint: report.relay.checkpoint, eventsPublished: report.relay.eventsPublished, lagEvents: report.relay.lagEvents, lagSeconds: report.relay.lagSeconds },
        partitions: report.partitions.map((partition) => ({
          projection: partition.projection,
          generation: partition.generation,
          partition: partition.partition,
          storedOffset: partition.storedOffset === null ? null : partition.storedOffset.toString(),
          endOffset: partition.endOffset.toString(),
          lag: partition.lag.toString(),
        })),
      };
    } catch (error) {
      app.log.warn({ err: error, topic: config.topic }, 'reading Kafka lag for the status page failed');
      return { enabled: true, topic: config.topic, error: (error as Error).message };
    }
  }

  app.get(
    '/v1/system/projections',
    { schema: { summary: 'Projection generations with their lag behind the log, and Kafka relay and consumer lag when Kafka is configured', tags: ['system'], security: [{ bearer: [] }] } },
    async (request) => {
      const principal = await authenticate(request, options.verifier);
      requireRole(principal, ['tenant_admin']);
      const [projections, kafka] = await Promise.all([projectionStatus(options.pool), kafkaStatus()]);
      return { checkedAt: new Date().toISOString(), projections, kafka };
    },
  );
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Kafka did not respond within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
