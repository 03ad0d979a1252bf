import { Command, InvalidArgumentError } from 'commander';

import { createKafkajsClient, kafkaLag, readKafkaConfig, type KafkaLagReport } from '@fleksi/kafka-bridge';
import { ALL_PROJECTIONS, projectionStatus, rebuildProjection } from '@fleksi/read-models';
import type pg from 'pg';
import { pino } from 'pino';

import { openDatabase } from './database.ts';

/** `fleksi projections status|rebuild`. */
export function projectionsCommand(write: (text: string) => void): Command {
  const command = new Command('projections').description('inspect and rebuild read models');

  command
    .command('status')
    .description('show each projection: generation, state, position, and lag in events and seconds')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      const database = await openDatabase();
      try {
        const statuses = await projectionStatus(database.pool);
        const kafka = await readKafkaLag(database.pool);
        if (options.json === true) {
          const report = kafka === undefined ? statuses : { projections: statuses, kafka };
          write(`${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`);
          return;
        }
        const rows = statuses.map((status) => [
          status.projection,
          String(status.generation),
          `v${status.codeVersion}`,
          status.status,
          status.position,
          String(status.eventsApplied),
          String(status.lagEvents),
          `${status.lagSeconds}s`,
          status.lastError ?? '',
        ]);
        write(formatTable(['projection', 'generation', 'code', 'state', 'position', 'applied', 'lag events', 'lag', 'last error'], rows));
        if (kafka !== undefined) {
          write(`\nrelay to ${kafka.relay?.topic ?? 'the topic'}: ${kafka.relay === undefined ? 'not started' : `${kafka.relay.eventsPublished} published, ${kafka.relay.lagEvents} behind (${kafka.relay.lagSeconds}s)`}\n`);
          write(
            formatTable(
              ['projection', 'generation', 'partition', 'next offset', 'end offset', 'lag'],
              kafka.partitions.map((partition) => [
                partition.projection,
                String(partition.generation),
                String(partition.partition),
                partition.storedOffset === null ? '–' : String(partition.storedOffset),
                String(partition.endOffset),
                String(partition.lag),
              ]),
            ),
          );
        }
      } finally {
        await database.close();
      }
    });

  command
    .command('rebuild')
    .description('build a new generation beside the live read model and switch readers to it once it has caught up')
    .argument('<name>', `projection to rebuild: ${ALL_PROJECTIONS.map((projection) => projection.name).join(', ')}`)
    .option('--batch-size <events>', 'events per transaction', parseBatchSize, 1_000)
    .action(async (name: string, options: { batchSize: number }) => {
      const projection = ALL_PROJECTIONS.find((candidate) => candidate.name === name);
      if (projection === undefined) {
        throw new Error(`unknown projection ${name}; expected one of ${ALL_PROJECTIONS.map((candidate) => candidate.name).join(', ')}`);
      }
      const database = await openDatabase();
      const startedAt = Date.now();
      let lastReport = 0;
      try {
        const generation = await rebuildProjection(database.pool, database.store, projection, {
          batchSize: options.batchSize,
          onProgress: (progress) => {
            if (progress.phase === 'switched' || Date.now() - lastReport > 2_000) {
              lastReport = Date.now();
              write(`${progress.phase} generation ${progress.generation}: ${progress.eventsApplied} events applied\n`);
            }
          },
        });
        write(`${projection.name} generation ${generation.generation} is live after ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`);
      } finally {
        await database.close();
      }
    });

  return command;
}

/** With FLEKSI_PROJECTION_SOURCE=kafka, the relay and consumer lag from the broker; otherwise undefined. */
async function readKafkaLag(pool: pg.Pool): Promise<KafkaLagReport | undefined> {
  const config = readKafkaConfig(process.env);
  if (config.source !== 'kafka') {
    return undefined;
  }
  const logger = pino({ level: process.env['FLEKSI_LOG_LEVEL'] ?? 'warn' }, pino.destination(2));
  const admin = await createKafkajsClient({ brokers: config.brokers, clientId: `${config.clientId}-cli`, logger }).admin();
  try {
    return await kafkaLag(pool, admin, config.topic);
  } finally {
    await admin.disconnect();
  }
}

function parseBatchSize(value: string): number {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 100_000) {
    throw new InvalidArgumentError(`--batch-size must be a whole number from 1 to 100000, got ${value}`);
  }
  return size;
}

function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((header, index) => Math.max(header.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}
