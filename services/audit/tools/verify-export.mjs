#!/usr/bin/env node
// Re-verifies a Fleksi audit export (JSON lines) with nothing but the recipe in
// docs/audit.md and Node's built-in SHA-256. It shares no code with Fleksi on purpose.
//
// Usage: node verify-export.mjs history.jsonl
// Exit code 0 when every hash and link checks out, 1 when something is broken.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const ZERO_HASH = '0'.repeat(64);

function eventHash(line) {
  const canonical = [
    'fleksi-event-v1',
    line.streamId,
    String(line.streamVersion),
    line.eventId,
    line.eventType,
    String(line.schemaVersion),
    line.tenantId,
    line.recordedAt,
    line.dataText,
    line.metadataText,
    line.previousHash,
  ].join('\n');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: node verify-export.mjs history.jsonl\n');
  process.exit(2);
}

const lines = readFileSync(file, 'utf8').split('\n').filter((text) => text.trim() !== '').map((text) => JSON.parse(text));
const lastOfStream = new Map();
const problems = [];

for (const line of lines) {
  if (eventHash(line) !== line.hash) {
    problems.push(`${line.streamId} v${line.streamVersion}: content does not match its hash`);
  }
  const previous = lastOfStream.get(line.streamId);
  if (previous === undefined) {
    // The export may start in the middle of a stream; only version 1 must chain to zeros.
    if (line.streamVersion === 1 && line.previousHash !== ZERO_HASH) {
      problems.push(`${line.streamId} v1: first event must chain to the zero hash`);
    }
  } else if (line.streamVersion === previous.streamVersion + 1 && line.previousHash !== previous.hash) {
    problems.push(`${line.streamId} v${line.streamVersion}: previous hash does not match v${previous.streamVersion}`);
  } else if (line.streamVersion !== previous.streamVersion + 1) {
    problems.push(`${line.streamId} v${line.streamVersion}: expected v${previous.streamVersion + 1} next`);
  }
  lastOfStream.set(line.streamId, line);
}

if (problems.length > 0) {
  process.stdout.write(`${problems.join('\n')}\n${problems.length} problem(s) in ${lines.length} event(s)\n`);
  process.exit(1);
}
process.stdout.write(`ok: ${lines.length} event(s) in ${lastOfStream.size} stream(s) verified\n`);
