import { DateTime } from 'luxon';

import { NIP, Scenario } from './scenario.ts';

/** Deterministic pseudo-random numbers (mulberry32), so the scripted month is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const minutes = (total: number): string => `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;

/**
 * Plays February 2026 for four employees: mostly on time, some late or early, a
 * forgotten check-out, sick leave, an offline check-in sent days later, corrections,
 * WFA on Thursdays and Fridays, activities submitted, late, withdrawn, approved and
 * rejected, and every workday closed after its deadline.
 */
export async function playScriptedMonth(scenario: Scenario, seed = 7): Promise<void> {
  const next = random(seed);
  const people = [NIP.andi, NIP.nur, NIP.siti, NIP.rudi];
  await scenario.absence(NIP.rudi, 'cuti_sakit', '2026-02-09', '2026-02-10');

  for (let day = DateTime.fromISO('2026-02-02'); day.month === 2; day = day.plus({ days: 1 })) {
    const date = day.toISODate() ?? '';
    if (day.weekday > 5 || date === '2026-02-16' || date === '2026-02-17') {
      continue;
    }
    for (const nip of people) {
      if (nip === NIP.rudi && (date === '2026-02-09' || date === '2026-02-10')) {
        continue;
      }
      const wfa = (day.weekday === 4 || day.weekday === 5) && nip !== NIP.siti;
      if (wfa) {
        await scenario.assignWfa(nip, date);
      }
      const roll = next();
      if (roll < 0.05) {
        continue;
      }
      const start = date >= '2026-02-19' ? 8 * 60 : 7 * 60 + 30;
      const arrival = start - 15 + Math.floor(next() * (roll < 0.3 ? 80 : 20));
      if (roll < 0.1 && nip === NIP.nur) {
        await scenario.checkInOffline(nip, date, minutes(arrival), day.plus({ days: 1 }).toISODate() ?? date, '09:00');
      } else {
        await scenario.checkIn(nip, date, minutes(arrival), wfa ? 'WFA' : 'WFO');
      }
      if (next() > 0.08) {
        await scenario.checkOut(nip, date, minutes(15 * 60 + 30 + Math.floor(next() * 90)));
      }
      if (next() < 0.9) {
        const activityId = `${nip}-${date}`;
        if (next() < 0.15) {
          await scenario.submitLate(nip, date, activityId);
        } else {
          await scenario.submit(nip, date, '15:00', activityId, 30 + Math.floor(next() * 300));
        }
        const review = next();
        if (nip !== NIP.siti && nip !== NIP.rudi && review < 0.5) {
          await scenario.review(nip, date, activityId, review < 0.4 ? 'approved' : 'rejected');
        } else if (review > 0.95) {
          await scenario.withdraw(nip, date, activityId);
        }
      }
    }
    if (date === '2026-02-12') {
      await scenario.correct(NIP.andi, date, { checkInAt: '07:25', checkOutAt: '16:05' });
    }
    await scenario.close(date);
  }
}
