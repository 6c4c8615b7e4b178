// `aish container create|list|status|start|stop|rm|logs`: the words Tekton's Ergon tells its users
// (`aish container create --name <name> --ci-managed [--purpose "..."]`), mapped onto the ergon
// commands that already run containers with their CI. Nothing here runs a container itself.
import { statSync } from 'node:fs';
import { createHostDeps } from '../host';
import { CommandError, type CommandContext, type CommandFamily, type Subcommand } from '../plugin-api';
import type { MakeDeps } from '../ergon/commands/ergon-deps';
import { findContainer } from '../ergon/commands/ergon-deps';
import { logsCommand } from '../ergon/commands/observe';
import { psCommand } from '../ergon/commands/ps';
import { rmCommand, startCommand, stopCommand } from '../ergon/commands/lifecycle';
import { runCommand } from '../ergon/commands/run';
import { ciRowJson, collectCiRows } from '../monitor/ci-rows';
import { PURPOSE_LABEL, planCreate } from './create-args';

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The same subcommand under this family's name (its usage says `container ...`). */
function alias(sub: Subcommand, usage: string, summary = sub.summary): Subcommand {
  return { ...sub, usage, summary, run: (ctx) => sub.run.call(sub, ctx) };
}

function createCommand(makeDeps: MakeDeps, cwd: () => string): Subcommand {
  const run = runCommand(makeDeps);
  return {
    name: 'create',
    summary: 'Build (when given a project) and run a container with its CI, named <name>-container-ci',
    usage:
      'container create --name <name> [--ci-managed] [--purpose "..."] [path|image] ' +
      '[-p [host:]container] [-e K=V] [--no-wait] [--dry-run]',
    options: {
      ...run.options,
      // Every container made here is CI-managed: the flag is accepted because Ergon writes it.
      'ci-managed': { type: 'boolean' },
      purpose: { type: 'string' },
    },
    async run(ctx) {
      const { name, purpose, 'ci-managed': _managed, json: _json, help: _help, ...passthrough } = ctx.options;
      if (ctx.args.length > 1) {
        throw new CommandError(
          `one path or image, not ${ctx.args.length} (${ctx.args.join(' ')}); quote a --purpose that has spaces`,
        );
      }
      const target = ctx.args[0] ?? cwd();
      const plan = planCreate({ name, purpose, target, cwd: cwd(), passthrough, isDir: isDirectory(target) });
      if (plan.note) ctx.stderr.write(`${plan.note}\n`);
      return run.run.call(run, { ...ctx, args: plan.args, options: plan.options });
    },
  };
}

function statusCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'status',
    summary: 'A container and its CI: state, health, services, ports, purpose (all of them without a name)',
    usage: 'container status [name] [--json]',
    async run(ctx: CommandContext) {
      const deps = makeDeps(ctx.env);
      const wanted = ctx.args[0];
      const container = wanted ? await findContainer(deps, wanted, this.usage) : null;
      const { rows, engineError } = await collectCiRows(deps);
      if (engineError) {
        ctx.stderr.write(
          `Warning: the Docker engine could not be asked (${engineError}); showing the registry as last saved\n`,
        );
      }
      const chosen = container ? rows.filter((r) => r.entry.container_id === container.id) : rows;
      if (container && !chosen.length) {
        throw new CommandError(
          `${container.name} has no container CI (it was not made by 'aish container create' or 'aish ergon run')`,
        );
      }
      const all = await deps.containers.list({ all: true });
      const purposes = new Map(all.map((c) => [c.id, c.labels[PURPOSE_LABEL] ?? null]));
      const docs = chosen.map((r) => ({ ...ciRowJson(r), purpose: purposes.get(r.entry.container_id) ?? null }));
      if (ctx.json) {
        ctx.stdout.write(`${JSON.stringify(container ? docs[0] : { containers: docs }, null, 2)}\n`);
        return 0;
      }
      if (!docs.length) {
        ctx.stdout.write(
          "No containers with a CI. Create one with 'aish container create --name <name> --ci-managed'.\n",
        );
        return 0;
      }
      for (const d of docs) {
        ctx.stdout.write(
          `${[
            `${d.container} (${d.container_id.slice(0, 12)}): ${d.state}, CI ${d.ci_name} ${d.health}` +
              (d.summary ? ` (${d.summary})` : ''),
            `  image:    ${d.image}`,
            `  ports:    ${d.ports.join(', ') || '-'}`,
            ...(d.purpose ? [`  purpose:  ${d.purpose}`] : []),
            ...d.services.map(
              (s) => `  service ${s.name}: ${s.state}, ${s.health}${s.restarts ? `, ${s.restarts} restarts` : ''}`,
            ),
          ].join('\n')}\n`,
        );
      }
      return 0;
    },
  };
}

/** Builds the family over a deps factory and a working directory (tests pass their own). */
export function makeContainerFamily(makeDeps: MakeDeps, cwd: () => string = () => process.cwd()): CommandFamily {
  return {
    name: 'container',
    summary: "Containers with their CI, as Tekton's Ergon names them: create, list, status, start, stop, rm, logs",
    subcommands: [
      createCommand(makeDeps, cwd),
      { ...alias(psCommand(makeDeps), 'container list [--json]'), name: 'list', aliases: ['ls', 'ps'] },
      statusCommand(makeDeps),
      alias(startCommand(makeDeps), 'container start <name>'),
      alias(stopCommand(makeDeps), 'container stop <name> [--yes] [--time S]'),
      alias(rmCommand(makeDeps), 'container rm <name> [--yes] [--force]'),
      alias(logsCommand(makeDeps), 'container logs <name> [options]'),
    ],
  };
}

/** `aish container ...` */
export const containerFamily: CommandFamily = makeContainerFamily((env) => createHostDeps(env));
