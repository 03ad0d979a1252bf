import { z } from 'zod';

import { defineEvent } from '../event-registry.ts';

/** An auditor looked at the records: audit queries are themselves part of the log. */
export const AuditQueried = defineEvent(
  'AuditQueried',
  1,
  z.object({
    query: z.enum(['history', 'as-of', 'verify', 'export', 'checkpoints']),
    /** The query's parameters as given, for example the NIP and the date range. */
    parameters: z.record(z.string(), z.string().max(200)),
    /** Where it came from: the HTTP API or the command line. */
    channel: z.enum(['api', 'cli']),
  }),
);
