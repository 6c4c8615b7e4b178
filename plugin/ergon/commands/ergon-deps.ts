// What the ergon commands share: host deps, the container a name means, and the ask-first rule.
import { CommandError, UsageError, type CommandContext } from '../../plugin-api';
import type { HostDeps } from '../../host';
import { inquirerPrompter, type Prompter } from '../../transport/confirm-flow';
import type { ContainerSummary } from '../../engine/container-client';

/** Factory of host deps (tests pass their own). */
export type MakeDeps = (env: Record<string, string | undefined>) => HostDeps;

/** The container `name` means: exact name, CI name, or id prefix. */
export async function findContainer(
  deps: HostDeps,
  name: string | undefined,
  usage: string,
): Promise<ContainerSummary> {
  if (!name) throw new UsageError(`which container? usage: aish ${usage}`);
  const all = await deps.containers.list({ all: true });
  const bare = name.endsWith('-container-ci') ? name.slice(0, -'-container-ci'.length) : name;
  const found = all.find((c) => c.name === bare) ?? all.find((c) => c.id.startsWith(name) && name.length >= 4);
  if (found) return found;
  // A CI name whose container is named otherwise (Swarm replicas: 'web-2-container-ci' is 'web.2.<task>').
  const entry = await deps.registry.find(name);
  const viaRegistry = entry ? all.find((c) => c.id === entry.container_id) : undefined;
  if (viaRegistry) return viaRegistry;
  const ours = all.filter((c) => 'tekton.ci.name' in c.labels).map((c) => c.name);
  throw new CommandError(`No container named '${name}'; containers with a CI: ${ours.join(', ') || '(none)'}`);
}

/** Asks before stop/rm on a TTY; without a TTY, refuses unless --yes. Resolves false when the user said no. */
export async function askFirst(
  ctx: CommandContext,
  question: string,
  prompter: Prompter = inquirerPrompter,
): Promise<boolean> {
  if (ctx.options.yes === true) return true;
  if (!ctx.interactive)
    throw new CommandError(
      `${question} needs confirmation and stdin is not a terminal: re-run with --yes; nothing was done`,
    );
  return prompter.confirm(question);
}
