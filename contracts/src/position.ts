import { z } from 'zod';

/**
 * A point in the global event log.
 *
 * The pair mirrors KurrentDB's `$all` position. In PostgreSQL, `commit` is the
 * appending transaction's id (xid8) and `prepare` the event's sequence number, so
 * ordering by the pair is the commit-safe order the global-log reader follows.
 */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const START_OF_LOG: LogPosition = { commit: 0n, prepare: 0n };

export function compareLogPositions(left: LogPosition, right: LogPosition): number {
  if (left.commit !== right.commit) {
    return left.commit < right.commit ? -1 : 1;
  }
  if (left.prepare !== right.prepare) {
    return left.prepare < right.prepare ? -1 : 1;
  }
  return 0;
}

/** Formats a position as the token clients see, `<commit>-<prepare>`. */
export function formatLogPosition(position: LogPosition): string {
  return `${position.commit}-${position.prepare}`;
}

const POSITION_TOKEN = /^(\d{1,20})-(\d{1,20})$/;

/** Parses a `<commit>-<prepare>` token; returns undefined when it is malformed. */
export function parseLogPosition(token: string): LogPosition | undefined {
  const match = POSITION_TOKEN.exec(token);
  if (match === null) {
    return undefined;
  }
  return { commit: BigInt(match[1] ?? '0'), prepare: BigInt(match[2] ?? '0') };
}

export const LogPositionToken = z
  .string()
  .regex(POSITION_TOKEN, 'expected a log position token such as 812-10240')
  .describe('Position in the global event log, as returned by a command');
