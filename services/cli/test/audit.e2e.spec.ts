import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

import { PostgresEventStore } from '@fleksi/event-store';
import { createTestDatabase, type TestDatabase } from '@fleksi/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/fleksi.mjs', import.meta.url));
let database: TestDatabase;

function fleksi(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, DATABASE_URL: database.url } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  const store = new PostgresEventStore(database.pool);
  const metadata = { tenantId: 'demo', actor: { subject: 'tester', role: 'system' as const }, correlationId: 'c', causationId: 'c' };
  for (const stream of ['attendance-demo-a', 'attendance-demo-b']) {
    await store.appendToStream(
      stream,
      [1, 2, 3].map((index) => ({ eventId: randomUUID(), type: 'CheckedIn', schemaVersion: 1, data: { index }, metadata })),
      { expectedVersion: 'no_stream' },
    );
  }
});

afterAll(async () => {
  await database.drop();
});

describe('fleksi audit', () => {
  it('verifies an intact log and records a checkpoint', async () => {
    const checkpoint = await fleksi(['audit', 'checkpoint']);
    const verify = await fleksi(['audit', 'verify']);

    expect(checkpoint.code).toBe(0);
    expect(checkpoint.stdout).toMatch(/checkpoint 1: 6 events up to \d+-\d+, root [0-9a-f]{64}/);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('ok: the log matches its hashes');
  });

  it('exits 1 and names the stream when an event was edited', async () => {
    const client = await database.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(`UPDATE events SET data = '{"index": 99}' WHERE stream_id = 'attendance-demo-b' AND stream_version = 2`);
      await client.query('COMMIT');
    } finally {
      client.release();
    }

    const verify = await fleksi(['audit', 'verify']);

    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('BROKEN content: attendance-demo-b v2');
  });

  it('catches a rewrite that recomputed the hashes through the checkpoint', async () => {
    const client = await database.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      // The last event of a stream, rewritten with a fresh hash: its chain stays whole.
      await client.query(`UPDATE events SET data = '{"index": 7}' WHERE stream_id = 'attendance-demo-a' AND stream_version = 3`);
      await client.query(`UPDATE events SET hash = fleksi_event_hash(stream_id, stream_version, event_id, event_type, schema_version, tenant_id, recorded_at, data, metadata, previous_hash)
                          WHERE stream_id = 'attendance-demo-a' AND stream_version = 3`);
      await client.query('COMMIT');
    } finally {
      client.release();
    }

    const verify = await fleksi(['audit', 'verify', '--tenant', 'demo']);

    expect(verify.code).toBe(1);
    expect(verify.stdout).not.toContain('attendance-demo-a v3');
    expect(verify.stdout).toContain('BROKEN checkpoint');
  });

  it('rejects a malformed position', async () => {
    const verify = await fleksi(['audit', 'verify', '--until', 'latest']);

    expect(verify.code).not.toBe(0);
    expect(verify.stderr).toContain('--until must be a log position');
  });
});
