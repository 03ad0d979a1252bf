import type { FleksiEvent, TrialDefinition } from '@fleksi/contracts';

import type { Decider } from '../decider.ts';

export type TrialCommand = { type: 'DefineTrial'; data: { definition: TrialDefinition } };

export interface TrialState {
  readonly revision: number;
  readonly definition: TrialDefinition | null;
}

type TrialEvent = Extract<FleksiEvent, { type: 'TrialDefined' }>;

/**
 * A WFA trial's definition. Redefining appends a new revision rather than editing, so
 * an evaluator can see which definition an earlier report was computed under.
 */
export const trialDecider: Decider<TrialCommand, TrialState, TrialEvent> = {
  initialState: () => ({ revision: 0, definition: null }),
  decide: (command, state) => [{ type: 'TrialDefined', data: { definition: command.data.definition, revision: state.revision + 1 } }],
  evolve: (_state, event) => ({ revision: event.data.revision, definition: event.data.definition }),
};
