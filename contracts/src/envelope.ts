import { z } from 'zod';

import type { LogPosition } from './position.ts';

export const Role = z.enum([
  'employee',
  'supervisor',
  'unit_admin',
  'tenant_admin',
  'auditor',
  'evaluator',
  'system',
]);
export type Role = z.infer<typeof Role>;

export const Actor = z.object({
  subject: z.string().min(1).max(200),
  role: Role,
});
export type Actor = z.infer<typeof Actor>;

export const EventMetadata = z.object({
  tenantId: z.string().min(1).max(64),
  actor: Actor,
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200),
  /** The command type that produced the event, for audit trails. */
  command: z.string().max(100).optional(),
  /** Server receipt time of the command (ISO 8601, UTC). */
  receivedAt: z.string().datetime({ offset: true }).optional(),
  source: z.enum(['mobile', 'web', 'fingerprint', 'admin', 'system', 'import']).optional(),
  /** The client's Idempotency-Key, when it sent one. */
  idempotencyKey: z.string().max(200).optional(),
  /** SHA-256 of the command body, to tell a retry from a reused key. */
  requestHash: z.string().max(100).optional(),
});
export type EventMetadata = z.infer<typeof EventMetadata>;

/** An event as a writer hands it to the event store. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  readonly eventId: string;
  readonly type: Type;
  readonly schemaVersion: number;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

/** An event as stored, with its place in its stream and in the global log. */
export interface RecordedEvent<Type extends string = string, Data = unknown>
  extends NewEvent<Type, Data> {
  readonly streamId: string;
  /** 1 for the first event of a stream. */
  readonly streamVersion: number;
  readonly position: LogPosition;
  /** Commit-time clock of the store (ISO 8601, UTC). */
  readonly recordedAt: string;
}

/** Wire form of a recorded event, for JSON exports and HTTP. */
export const RecordedEventJson = z.object({
  eventId: z.string().uuid(),
  type: z.string(),
  schemaVersion: z.number().int().positive(),
  streamId: z.string(),
  streamVersion: z.number().int().positive(),
  position: z.string(),
  recordedAt: z.string(),
  data: z.unknown(),
  metadata: EventMetadata,
});
export type RecordedEventJson = z.infer<typeof RecordedEventJson>;
