// The `ergon` family: run and manage containers with their CIs. Claims only its own subcommands, so
// `aish ergon "free text"` still reaches Tekton's Ergon CI.
import type { CommandFamily } from '../plugin-api';
import { createHostDeps } from '../host';
import type { MakeDeps } from './commands/ergon-deps';
import { runCommand } from './commands/run';
import { psCommand } from './commands/ps';
import { restartCommand, rmCommand, startCommand, stopCommand } from './commands/lifecycle';
import { inspectCommand, logsCommand, statsCommand } from './commands/observe';
import { registryCommand } from './commands/registry';
import { deployCommand } from './commands/deploy';
import { exportCommand } from './commands/export';
import { promoteCommand, rollbackCommand, stagesCommand } from './commands/release';

/** Builds the family over a deps factory (tests pass their own). */
export function makeErgonFamily(makeDeps: MakeDeps): CommandFamily {
  const subcommands = [
    runCommand(makeDeps),
    psCommand(makeDeps),
    startCommand(makeDeps),
    stopCommand(makeDeps),
    restartCommand(makeDeps),
    rmCommand(makeDeps),
    logsCommand(makeDeps),
    statsCommand(makeDeps),
    inspectCommand(makeDeps),
    registryCommand(makeDeps),
    deployCommand(makeDeps),
    exportCommand(makeDeps),
    promoteCommand(makeDeps),
    stagesCommand(makeDeps),
    rollbackCommand(makeDeps),
  ];
  const known = new Set(subcommands.flatMap((s) => [s.name, ...(s.aliases ?? [])]));
  return {
    name: 'ergon',
    summary:
      'Run and manage containers with their CIs (run, ps, start, stop, restart, rm, logs, stats, inspect, registry, deploy, export, promote, stages, rollback)',
    subcommands,
    claims: (words) => words[0] !== undefined && known.has(words[0]),
  };
}

/** `aish ergon ...` */
export const ergonFamily: CommandFamily = makeErgonFamily((env) => createHostDeps(env));
