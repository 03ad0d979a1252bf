// A projector process for the crash test: follows the log into one generation and,
// when CRASH_AT_BATCH is set, kills itself with SIGKILL inside that batch's
// transaction, after the read-model writes and before COMMIT.
import { createFleksiEventRegistry } from '@fleksi/contracts';
import { PostgresEventStore } from '@fleksi/event-store';
import { createPool } from '@fleksi/postgres';
import { pino } from 'pino';

import { listGenerations, runProjector, workdaysProjection } from '../src/index.ts';

const url = process.env['PROJECTOR_DATABASE_URL'] ?? '';
const generationNumber = Number(process.env['PROJECTOR_GENERATION']);
const crashAtBatch = Number(process.env['CRASH_AT_BATCH'] ?? '0');

const pool = createPool(url, { max: 4 });
const store = new PostgresEventStore(pool, { registry: createFleksiEventRegistry() });
const generation = (await listGenerations(pool, workdaysProjection.name)).find((candidate) => candidate.generation === generationNumber);
if (generation === undefined) {
  throw new Error(`generation ${generationNumber} not found`);
}

let batches = 0;
const projector = runProjector({
  pool,
  store,
  projection: workdaysProjection,
  generation,
  logger: pino({ level: 'silent' }),
  batchSize: 25,
  pollIntervalMs: 50,
  beforeCommit: async () => {
    batches += 1;
    if (batches === crashAtBatch) {
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => undefined);
    }
  },
});
await projector.caughtUp;
await projector.stop();
await pool.end();
process.stdout.write(`caught up after ${batches} batches\n`);
