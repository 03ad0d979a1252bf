import { z } from 'zod';

import { defineEvent } from '../event-registry.ts';
import { Nip } from '../domain/nip.ts';
import { LocalDate, plainText, Slug, TimeOfDay } from '../domain/primitives.ts';

/**
 * A shift of a unit that works around the clock (RSUD, fire brigade, transport). An
 * `end` at or before `start` means the shift ends the next day; its attendance belongs
 * to the day it starts.
 */
export const ShiftDefinition = z.object({
  shiftId: Slug,
  name: plainText(120),
  start: TimeOfDay,
  end: TimeOfDay,
  breaks: z.array(z.object({ start: TimeOfDay, end: TimeOfDay })).max(4).default([]),
  /** How long before the start a check-in counts for this shift, in minutes. */
  checkInWindowMinutes: z.number().int().min(0).max(12 * 60).default(180),
});
export type ShiftDefinition = z.infer<typeof ShiftDefinition>;

export const UnitShiftDefined = defineEvent('UnitShiftDefined', 1, z.object({ unitId: Slug, shift: ShiftDefinition }));

export const UnitShiftRemoved = defineEvent('UnitShiftRemoved', 1, z.object({ unitId: Slug, shiftId: Slug }));

/** One date of a roster: a shift, or `null` for a rest day. */
export const RosterEntry = z.object({ date: LocalDate, shiftId: Slug.nullable() });
export type RosterEntry = z.infer<typeof RosterEntry>;

/** Roster entries of one employee published or changed; later entries for a date replace earlier ones. */
export const RosterPublished = defineEvent('RosterPublished', 1, z.object({ nip: Nip, unitId: Slug, entries: z.array(RosterEntry).min(1).max(62) }));

/** Dates taken off the roster: the employee follows the weekday schedule again on them. */
export const RosterCleared = defineEvent('RosterCleared', 1, z.object({ nip: Nip, dates: z.array(LocalDate).min(1).max(62) }));
