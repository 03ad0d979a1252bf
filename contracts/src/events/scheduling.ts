import { z } from 'zod';

import { defineEvent } from '../event-registry.ts';
import { Nip } from '../domain/nip.ts';
import { LocalDate, plainText, Slug } from '../domain/primitives.ts';

export const WFADayAssigned = defineEvent(
  'WFADayAssigned',
  1,
  z.object({
    nip: Nip,
    date: LocalDate,
    unitId: Slug,
    /** Groups the days of one assignment command, for example a unit's recurring form. */
    assignmentId: z.string().min(1).max(100),
    scope: z.enum(['employee', 'unit']),
  }),
);

export const WFADayRevoked = defineEvent(
  'WFADayRevoked',
  1,
  z.object({ nip: Nip, date: LocalDate, reason: plainText(500).nullable() }),
);

export const WorkdayClosed = defineEvent('WorkdayClosed', 1, z.object({ date: LocalDate }));
