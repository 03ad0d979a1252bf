import { describe, expect, it } from 'vitest';

import { differenceInDifferences, pairedDifference } from '../src/index.ts';
import { buildCalendar, naiveTrialRows, simulateCompliance, STUDY_CALENDAR, STUDY_EFFECTS, weekdayMatchedRows } from './synthetic-workforce.ts';

// The size of the real evaluation: 3000 employees × 130 workdays (Thu 16 Oct 2025 –
// Wed 15 Apr 2026, 14 baseline and 12 trial weeks) = 390,000 rows, 2000 resamples.
// The tests assert correctness only, because timings depend on the machine.
describe('full-size evaluation', () => {
  const days = simulateCompliance({
    employees: 3000,
    calendar: buildCalendar({ ...STUDY_CALENDAR, firstDay: '2025-10-16' }),
    effects: STUDY_EFFECTS,
    seed: 2026,
    noise: true,
  });

  it(
    'DiD matches a direct computation',
    () => {
      const rows = weekdayMatchedRows(days);
      const sums = [0, 0, 0, 0];
      const counts = [0, 0, 0, 0];
      for (const row of rows) {
        const cell = (row.treated ? 2 : 0) + (row.post ? 1 : 0);
        sums[cell] = (sums[cell] ?? 0) + row.value;
        counts[cell] = (counts[cell] ?? 0) + 1;
      }
      const cellMean = (cell: number): number => (sums[cell] ?? 0) / (counts[cell] ?? 0);
      const direct = cellMean(3) - cellMean(2) - (cellMean(1) - cellMean(0));

      const result = differenceInDifferences(rows, { bootstrapSamples: 2000, seed: 1 });

      expect(result.n).toBe(390_000);
      expect(result.clusters).toBe(3000);
      expect(result.estimate).toBeCloseTo(direct, 12);
      expect(result.bootstrapReplicates.length).toBe(2000);
      expect(result.ciLow).toBeLessThan(result.estimate);
      expect(result.ciHigh).toBeGreaterThan(result.estimate);
      expect(result.reason).toBeNull();
    },
    60_000,
  );

  it(
    'paired difference matches a direct computation',
    () => {
      const rows = naiveTrialRows(days);
      const perEmployee = new Map<string, { treatedSum: number; treatedCount: number; controlSum: number; controlCount: number }>();
      for (const row of rows) {
        const totals = perEmployee.get(row.unit) ?? { treatedSum: 0, treatedCount: 0, controlSum: 0, controlCount: 0 };
        if (row.treated) {
          totals.treatedSum += row.value;
          totals.treatedCount++;
        } else {
          totals.controlSum += row.value;
          totals.controlCount++;
        }
        perEmployee.set(row.unit, totals);
      }
      let sumOfDifferences = 0;
      for (const totals of perEmployee.values()) {
        sumOfDifferences += totals.treatedSum / totals.treatedCount - totals.controlSum / totals.controlCount;
      }

      const result = pairedDifference(rows, { bootstrapSamples: 2000, seed: 1 });

      expect(result.units).toBe(3000);
      expect(result.n).toBe(180_000);
      expect(result.estimate).toBeCloseTo(sumOfDifferences / 3000, 12);
      expect(result.ciLow).toBeLessThan(result.estimate);
      expect(result.ciHigh).toBeGreaterThan(result.estimate);
    },
    60_000,
  );
});
