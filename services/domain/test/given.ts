import type { FleksiEvent } from '@fleksi/contracts';
import { expect } from 'vitest';

import { fold, type Decider } from '../src/decider.ts';
import { DomainError } from '../src/errors.ts';

/**
 * Given/when/then for deciders: `given(decider, events).when(command).then(events)`
 * or `.thenRejects(code)`.
 */
export function given<Command, State, Event extends FleksiEvent>(decider: Decider<Command, State, Event>, history: readonly Event[] = []) {
  return {
    when(command: Command) {
      const run = (): Event[] => decider.decide(command, fold(decider, history));
      return {
        then(expected: readonly Event[]): void {
          expect(run()).toEqual(expected);
        },
        thenMatches(expected: ReadonlyArray<{ type: Event['type']; data?: Record<string, unknown> }>): Event[] {
          const events = run();
          expect(events).toMatchObject(expected);
          return events;
        },
        thenRejects(code: string, params?: Record<string, unknown>): void {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(DomainError);
          expect((caught as DomainError).code).toBe(code);
          if (params !== undefined) {
            expect((caught as DomainError).params).toMatchObject(params);
          }
        },
      };
    },
  };
}
