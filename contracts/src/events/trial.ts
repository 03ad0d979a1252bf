import { z } from 'zod';

import { defineEvent } from '../event-registry.ts';
import { LocalDate, plainText, Slug, Weekday } from '../domain/primitives.ts';

/** The metrics of the WFA trial evaluation, one value per employee-workday. */
export const TrialMetric = z.enum([
  'present',
  'onTime',
  'minutesLate',
  'leftEarly',
  'reportCompliant',
  'activities',
  'approvedActivities',
  'reportedMinutes',
  'lateSubmissions',
]);
export type TrialMetric = z.infer<typeof TrialMetric>;

/**
 * How far a metric may worsen under WFA and still count as "no worse", in the
 * metric's unit: percentage points for the yes/no metrics, minutes, or counts.
 */
export const EquivalenceMargins = z.partialRecord(TrialMetric, z.number().positive().max(10_000));
export type EquivalenceMargins = z.infer<typeof EquivalenceMargins>;

export const TrialDefinition = z
  .object({
    trialId: Slug,
    name: plainText(200),
    startDate: LocalDate,
    endDate: LocalDate,
    wfaWeekdays: z.array(Weekday).min(1).max(5),
    participatingUnits: z.array(Slug).min(1).max(500),
    /** Units that keep working from the office, for the participating-versus-comparison estimate. */
    comparisonUnits: z.array(Slug).max(500),
    baselineStart: LocalDate,
    baselineEnd: LocalDate,
    margins: EquivalenceMargins,
  })
  .refine((trial) => trial.startDate <= trial.endDate, { message: 'the trial must end after it starts', path: ['endDate'] })
  .refine((trial) => trial.baselineStart <= trial.baselineEnd && trial.baselineEnd < trial.startDate, {
    message: 'the baseline must end before the trial starts',
    path: ['baselineEnd'],
  })
  .refine((trial) => !trial.comparisonUnits.some((unit) => trial.participatingUnits.includes(unit)), {
    message: 'a unit cannot both participate and compare',
    path: ['comparisonUnits'],
  });
export type TrialDefinition = z.infer<typeof TrialDefinition>;

/** A trial was defined, or its definition replaced; the stream keeps every version. */
export const TrialDefined = defineEvent('TrialDefined', 1, z.object({ definition: TrialDefinition, revision: z.number().int().min(1) }));
