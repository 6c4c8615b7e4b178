// The `ci` family and the `<container>-container-ci` route, wired to the real host dependencies.
import type { CommandFamily, Route } from '../plugin-api';
import { createHostDeps, type HostDeps } from '../host';
import { listCommand } from './commands/list';
import { askCommand, auditCommand, ciLogsCommand, recipeCommand, recipesCommand, runCommand } from './commands/talk';
import { shellCommand } from './commands/shell';
import { monitorCommand, topCommand } from './commands/monitor';
import { makeContainerCiRoute } from './route';

/** Builds the `ci` family over a deps factory (tests pass their own). */
export function makeCiFamily(makeDeps: (env: Record<string, string | undefined>) => HostDeps): CommandFamily {
  return {
    name: 'ci',
    summary: 'Talk to container CIs: list, ask, recipes, run, logs, audit, shell, monitor, top',
    subcommands: [
      listCommand(makeDeps),
      askCommand(makeDeps),
      recipesCommand(makeDeps),
      runCommand(makeDeps),
      recipeCommand(makeDeps),
      ciLogsCommand(makeDeps),
      auditCommand(makeDeps),
      shellCommand(makeDeps),
      monitorCommand(makeDeps),
      topCommand(makeDeps),
    ],
  };
}

const realDeps = (env: Record<string, string | undefined>) => createHostDeps(env);

/** `aish ci ...` */
export const ciFamily: CommandFamily = makeCiFamily(realDeps);

/** `aish <container>-container-ci "message"` */
export const containerCiRoute: Route = makeContainerCiRoute(realDeps);
