import type { FleksiEvent } from '@fleksi/contracts';

/**
 * The write model of one stream: pure functions of the command, the state folded
 * from the stream's events, and whatever context the command carries (clock, tenant
 * configuration, other streams' state). `decide` throws a DomainError to reject.
 */
export interface Decider<Command, State, Event extends FleksiEvent = FleksiEvent> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** Folds events into a state with a decider's `evolve`. */
export function fold<State, Event extends FleksiEvent>(
  decider: Pick<Decider<unknown, State, Event>, 'evolve' | 'initialState'>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState();
  for (const event of events) {
    state = decider.evolve(state, event);
  }
  return state;
}

/** Makes a `switch` over a union fail to compile when a member is not handled. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
}
