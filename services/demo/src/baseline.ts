import { pairDailyRecords, parseAttlog } from '@fleksi/fingerprint';
import { DateTime } from 'luxon';

import { clockTime } from './behaviour.ts';
import type { DemoClient } from './client.ts';
import type { BaselineAttendance } from './simulation.ts';
import type { SimulatedClock } from './simulated-clock.ts';
import type { World } from './world.ts';

const ZONE = 'Asia/Makassar';

/**
 * Baseline attendance as the office terminals produce it: each unit's terminal writes
 * an ATTLOG line per finger press (with the odd double press), and at 18:00 the day's
 * lines go through the fingerprint pipeline into check-ins and check-outs.
 */
export function recordBaselineWithTerminals(client: DemoClient, world: World, clock: SimulatedClock): BaselineAttendance {
  return async (date, punches) => {
    const system = await client.token('terminal-sidik-jari', ['system']);
    const byUnit = new Map<string, string[]>();
    for (const { employee, checkIn, checkOut } of punches) {
      const lines = byUnit.get(employee.unitId) ?? [];
      for (const minutes of [checkIn, checkOut]) {
        if (minutes !== null) {
          lines.push(`${employee.pin.padStart(9)}\t${date} ${clockTime(minutes)}:${String(minutes % 7).padStart(2, '0')}\t0\t1\t0\t0`);
        }
      }
      byUnit.set(employee.unitId, lines);
    }

    const pushedAt = DateTime.fromISO(`${date}T18:00`, { zone: ZONE }).toUTC().toISO() ?? '';
    clock.set(pushedAt);
    const nipOfPin = new Map(world.employees.map((employee) => [employee.pin, employee.nip]));
    await Promise.all(
      [...byUnit.entries()].map(async ([unitId, lines]) => {
        const days = pairDailyRecords(parseAttlog(lines.join('\r\n')).records);
        for (const day of days) {
          const nip = nipOfPin.get(day.pin);
          for (const [kind, punch] of [['check-in', day.checkIn], ['check-out', day.checkOut]] as const) {
            if (nip === undefined || punch === undefined) {
              continue;
            }
            const deviceTime = DateTime.fromISO(punch.localDateTime, { zone: ZONE }).toISO() ?? '';
            await client.command(kind, system, { nip, mode: 'WFO', source: 'fingerprint', deviceTime, deviceId: `mesin-${unitId}` }, {
              simulatedTime: pushedAt,
              idempotencyKey: `fp-${unitId}-${nip}-${date}-${kind}`,
            });
          }
        }
      }),
    );
  };
}
