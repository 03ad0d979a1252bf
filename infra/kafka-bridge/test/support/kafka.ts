import { randomBytes } from 'node:crypto';

import { compareLogPositions, type LogPosition } from '@fleksi/contracts';
import { activeGeneration, listGenerations } from '@fleksi/read-models';
import type pg from 'pg';
import { pino, type Logger } from 'pino';

/**
 * Brokers of the run's Kafka. `npm test` starts one and sets KAFKA_BROKERS; a suite
 * run alone needs it set by hand (infra/kafka/kafka.sh start). Missing, the tests
 * fail instead of being skipped.
 */
export function kafkaBrokers(): string[] {
  const value = process.env['KAFKA_BROKERS'] ?? '';
  const brokers = value.split(',').map((broker) => broker.trim()).filter((broker) => broker !== '');
  if (brokers.length === 0) {
    throw new Error('KAFKA_BROKERS is not set: run the tests with `npm test`, or start a broker with infra/kafka/kafka.sh start and export the line it prints');
  }
  return brokers;
}

/** A topic name no other test file uses. */
export function uniqueTopic(label: string): string {
  return `fleksi.test.${label}.${randomBytes(4).toString('hex')}`;
}

export function testLogger(): Logger {
  return pino({ level: process.env['FLEKSI_LOG_LEVEL'] ?? 'warn' });
}

/** Waits until the active generation of `projection` has applied everything up to `position`. */
export async function waitForWatermark(pool: pg.Pool, projection: string, position: LogPosition, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const generation = await activeGeneration(pool, projection);
    if (generation !== undefined && compareLogPositions(generation.position, position) >= 0) {
      return;
    }
    if (Date.now() > deadline) {
      const all = await listGenerations(pool, projection);
      throw new Error(
        `${projection} did not reach ${position.commit}-${position.prepare} within ${timeoutMs} ms; generations: ${JSON.stringify(all.map((g) => ({ generation: g.generation, status: g.status, position: `${g.position.commit}-${g.position.prepare}` })))}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
