import { z } from 'zod';

import { defineEvent } from '../event-registry.ts';
import { Nip } from '../domain/nip.ts';
import { Instant, LocalDate, plainText } from '../domain/primitives.ts';

export const ActivityContent = z.object({
  description: plainText(2_000),
  outputQuantity: z.number().min(0).max(1_000_000),
  outputUnit: plainText(50),
  /** Time spent, in minutes. */
  minutes: z.number().int().min(1).max(24 * 60),
  /** Reference to the SKP work result (RHK) the activity serves. */
  skpReference: plainText(200).nullable(),
  evidenceLinks: z.array(z.url({ protocol: /^https?$/ }).max(2_000)).max(10),
});
export type ActivityContent = z.infer<typeof ActivityContent>;

export const ActivitySubmitted = defineEvent(
  'ActivitySubmitted',
  1,
  ActivityContent.extend({
    activityId: z.string().min(1).max(100),
    nip: Nip,
    date: LocalDate,
    submittedAt: Instant,
    /** Submitted after the tenant's report deadline for its date. */
    late: z.boolean(),
  }),
);

export const ActivityRevised = defineEvent(
  'ActivityRevised',
  1,
  ActivityContent.extend({
    activityId: z.string().min(1).max(100),
    nip: Nip,
    date: LocalDate,
    revisedAt: Instant,
    late: z.boolean(),
  }),
);

export const ActivityWithdrawn = defineEvent(
  'ActivityWithdrawn',
  1,
  z.object({ activityId: z.string().min(1).max(100), nip: Nip, date: LocalDate }),
);

export const ReviewDecision = z.enum(['approved', 'rejected', 'revision_requested']);
export type ReviewDecision = z.infer<typeof ReviewDecision>;

export const ActivityReviewed = defineEvent(
  'ActivityReviewed',
  1,
  z.object({
    activityId: z.string().min(1).max(100),
    nip: Nip,
    date: LocalDate,
    decision: ReviewDecision,
    note: plainText(1_000).nullable(),
    reviewerNip: Nip,
  }),
);
