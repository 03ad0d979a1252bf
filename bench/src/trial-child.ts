import { describeError } from './closed-loop.ts';
import { failedTrial, type TrialResult, type TrialSpec } from './trial.ts';
import { findWorkload } from './workloads/index.ts';

/*
 * Entry point of the child process that runs one trial. The parent sends the
 * TrialSpec over the IPC channel and receives one TrialResult back. The child then
 * exits, so no state (type parsers, JIT, pools) carries over to the next trial.
 */

process.once('message', (message: unknown) => {
  const spec = message as TrialSpec;
  runTrial(spec).then(
    (result) => {
      process.send?.(result, () => process.exit(0));
    },
    (error: unknown) => {
      process.stderr.write(`trial child failed to report: ${describeError(error)}\n`);
      process.exit(1);
    },
  );
});

async function runTrial(spec: TrialSpec): Promise<TrialResult> {
  try {
    return await findWorkload(spec.workload).runTrial(spec);
  } catch (error) {
    return failedTrial(spec, describeError(error));
  }
}
