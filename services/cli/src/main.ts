import { Command, CommanderError } from 'commander';

import { auditCommand } from './audit-command.ts';
import { importCommand } from './import-command.ts';
import { projectionsCommand } from './projections-command.ts';
import { tokenCommand } from './token-command.ts';

/** Runs the `fleksi` command line; returns the exit code. */
export async function main(argv: readonly string[], write: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  const program = new Command('fleksi')
    .description('Fleksi command line')
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: (text) => process.stderr.write(text) });
  program.addCommand(tokenCommand(write).exitOverride());
  program.addCommand(projectionsCommand(write));
  program.addCommand(auditCommand(write));
  program.addCommand(importCommand(write));
  applyToAll(program, (command) => command.exitOverride().configureOutput({ writeOut: write, writeErr: (text) => process.stderr.write(text) }));

  try {
    await program.parseAsync([...argv]);
    // A command reports failure (for example a broken log) through process.exitCode.
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode;
    }
    process.stderr.write(`fleksi: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function applyToAll(command: Command, change: (command: Command) => void): void {
  change(command);
  for (const child of command.commands) {
    applyToAll(child, change);
  }
}
