/**
 * Coverage study of the weekday-matched DiD interval, larger than the unit test allows.
 *
 * Usage, from projections/trial-evaluation:
 *   npx tsx test/coverage-study.ts [replications=1000] [bootstrapSamples=1000] [balanced|study]
 *
 * Each replication simulates 200 employees with the study effects (WFA −4 points) on the
 * chosen calendar. It prints the share of 95% intervals that contain −4 points, the mean
 * and SD of the estimates, the mean bootstrap SE and the run time, as JSON.
 */
import { differenceInDifferences } from '../src/index.ts';
import {
  BALANCED_RAMADAN_CALENDAR,
  buildCalendar,
  simulateCompliance,
  STUDY_CALENDAR,
  STUDY_EFFECTS,
  weekdayMatchedRows,
} from './synthetic-workforce.ts';

const replications = Number(process.argv[2] ?? 1000);
const bootstrapSamples = Number(process.argv[3] ?? 1000);
const calendarName = process.argv[4] ?? 'balanced';
if (!(Number.isInteger(replications) && replications >= 2) || (calendarName !== 'balanced' && calendarName !== 'study')) {
  process.stderr.write('usage: npx tsx test/coverage-study.ts [replications >= 2] [bootstrapSamples >= 2] [balanced|study]\n');
  process.exit(2);
}

const calendar = buildCalendar(calendarName === 'balanced' ? BALANCED_RAMADAN_CALENDAR : STUDY_CALENDAR);
const started = performance.now();
const estimates: number[] = [];
let covered = 0;
let sumOfStandardErrors = 0;
for (let replication = 0; replication < replications; replication++) {
  const days = simulateCompliance({ employees: 200, calendar, effects: STUDY_EFFECTS, seed: 50_000 + replication, noise: true });
  const result = differenceInDifferences(weekdayMatchedRows(days), { bootstrapSamples, seed: replication });
  if (result.ciLow <= STUDY_EFFECTS.wfa && STUDY_EFFECTS.wfa <= result.ciHigh) {
    covered++;
  }
  estimates.push(result.estimate);
  sumOfStandardErrors += result.standardError;
}

const meanEstimate = estimates.reduce((sum, estimate) => sum + estimate, 0) / replications;
const sdOfEstimates = Math.sqrt(estimates.reduce((sum, estimate) => sum + (estimate - meanEstimate) ** 2, 0) / (replications - 1));
console.log(
  JSON.stringify({
    calendar: calendarName,
    replications,
    bootstrapSamples,
    coverage: covered / replications,
    meanEstimate,
    sdOfEstimates,
    meanStandardError: sumOfStandardErrors / replications,
    seconds: (performance.now() - started) / 1000,
  }),
);
