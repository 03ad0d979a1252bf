/**
 * Times the estimators at the full evaluation size: 3000 employees × 130 workdays
 * (390,000 rows) with 2000 resamples, three runs each after generating the data once.
 *
 * Usage, from projections/trial-evaluation: npx tsx test/full-size-timing.ts
 */
import { differenceInDifferences, pairedDifference } from '../src/index.ts';
import { buildCalendar, naiveTrialRows, simulateCompliance, STUDY_CALENDAR, STUDY_EFFECTS, weekdayMatchedRows } from './synthetic-workforce.ts';

const days = simulateCompliance({
  employees: 3000,
  calendar: buildCalendar({ ...STUDY_CALENDAR, firstDay: '2025-10-16' }),
  effects: STUDY_EFFECTS,
  seed: 2026,
  noise: true,
});
const matchedRows = weekdayMatchedRows(days);
const trialRows = naiveTrialRows(days);

for (let run = 1; run <= 3; run++) {
  let started = performance.now();
  differenceInDifferences(matchedRows, { bootstrapSamples: 2000, seed: 1 });
  const didSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  pairedDifference(trialRows, { bootstrapSamples: 2000, seed: 1 });
  const pairedSeconds = (performance.now() - started) / 1000;

  console.log(JSON.stringify({ run, rows: matchedRows.length, didSeconds, pairedRows: trialRows.length, pairedSeconds }));
}
