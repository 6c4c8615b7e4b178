// `ergon run <image> [--name N] [-p host:container] [--publish-all] [--host IP] [-e K=V] [-l K=V] [--restart P]`
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { HostDeps } from '../../host';
import { basename, dirname, join, resolve } from 'node:path';
import type { CommandContext } from '../../plugin-api';
import { planApp, runApp as runComposeApp } from '../stack-run';
import { describeRefusals, parseCompose, reviewCompose } from '../compose-review';
import { inquirerPrompter, type Prompter } from '../../transport/confirm-flow';
import { CommandError, UsageError, type Subcommand } from '../../plugin-api';
import { DockerImageClient } from '../../engine/image-client';
import { planRun, type RunRequest } from '../run-plan';
import { executeRun, waitForCi } from '../run-execute';
import type { MakeDeps } from './ergon-deps';
import { appDirFor } from '../../tekton/state-paths';
import { writeFileAtomic } from '../../files/atomic-write';
import { ensurePrivateDir } from '../../files/private-dir';
import { extraLabels } from '../../tekton/extra-labels';

/** Parses -p values like '8080:8000' or '8000'. */
export function parsePublish(values: string[]): { hostPort: number; containerPort: number }[] {
  return values.map((v) => {
    const m = /^(?:(\d+):)?(\d+)$/.exec(v);
    if (!m) throw new UsageError(`-p '${v}' is not <hostPort>:<containerPort> or <containerPort>`);
    const containerPort = Number(m[2]);
    return { containerPort, hostPort: m[1] ? Number(m[1]) : containerPort };
  });
}

/** Parses -e K=V values. */
export function parseEnv(values: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`-e '${v}' is not KEY=value`);
    env[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return env;
}

const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** The compose file a target names: the file itself, or one in the directory; null otherwise. */
export function findCompose(target: string): string | null {
  if (!existsSync(target)) return null;
  if (statSync(target).isFile()) return /\.ya?ml$/.test(target) ? target : null;
  const found = COMPOSE_FILES.map((f) => join(target, f)).find((p) => existsSync(p));
  return found ?? null;
}

/**
 * --allow-host-access: what the review of the project's compose file refused is shown, and run only
 * when the user says yes on a terminal (never from a script: the file is someone else's code).
 */
async function confirmHostAccess(compose: string, ctx: CommandContext, prompter: Prompter): Promise<boolean> {
  if (ctx.options['allow-host-access'] !== true) return false;
  const { refusals } = reviewCompose(parseCompose(readFileSync(compose, 'utf8')), { hostIp: '127.0.0.1' });
  if (refusals.length === 0) return false;
  const lines = describeRefusals(refusals).map((l) => `  ${l}`);
  if (!ctx.interactive)
    throw new CommandError(
      [
        `--allow-host-access is confirmed on a terminal only; ${compose} asks for:`,
        ...lines,
        'Nothing was started.',
      ].join('\n'),
    );
  const yes = await prompter.confirm(
    [`${compose} asks for power over this host:`, ...lines, 'Run it with these keys?'].join('\n'),
  );
  if (!yes) throw new CommandError(`Not confirmed: nothing of ${compose} was started`);
  return true;
}

async function runApp(
  compose: string,
  ctx: CommandContext,
  makeDeps: MakeDeps,
  prompter: Prompter = inquirerPrompter,
): Promise<number> {
  const app = (typeof ctx.options.name === 'string' ? ctx.options.name : basename(resolve(dirname(compose))))
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-');
  const deps = makeDeps(ctx.env);
  const opts = {
    publishAll: ctx.options['publish-all'] === true,
    warn: (l: string) => ctx.stderr.write(`${l}\n`),
  };
  let result;
  try {
    const allowHostAccess = await confirmHostAccess(compose, ctx, prompter);
    if (ctx.options['dry-run'] === true) {
      const plan = planApp(compose, app, deps.stateDir, { ...opts, allowHostAccess });
      ctx.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
      return 0;
    }
    result = await runComposeApp(compose, app, deps, { ...opts, allowHostAccess });
  } catch (err) {
    if (err instanceof CommandError) throw err;
    throw new CommandError(`Cannot run the app from ${compose}: ${(err as Error).message}`, { cause: err });
  }
  const ok = result.running === result.expected;
  if (ctx.json) {
    ctx.stdout.write(
      `${JSON.stringify(
        {
          app,
          services: result.services,
          runner: result.runner,
          running: result.running,
          cis: result.cis.map((c) => ({ ci_name: c.ci_name, endpoint: c.endpoint })),
        },
        null,
        2,
      )}\n`,
    );
    return ok ? 0 : 1;
  }
  ctx.stdout.write(`App ${app} (${result.runner}): ${result.running}/${result.expected} services running\n`);
  for (const c of result.cis) ctx.stdout.write(`  ${c.ci_name}\n`);
  if (!ok)
    ctx.stderr.write(
      `Error: not every service started within 60 s; see ${result.runner.startsWith('Compose') ? `'docker compose -p ${app} ps'` : `'docker stack ps ${app}'`}\n`,
    );
  return ok ? 0 : 1;
}

/** Builds a project through the docker engineer's buildProject; a multi-container result is run as an app. */
async function buildForRun(
  target: string,
  ctx: CommandContext,
  deps: HostDeps,
): Promise<{ image: string } | { compose: string }> {
  const docker = await import('../../docker/index');
  let result;
  try {
    result = await docker.buildProject({
      target,
      env: ctx.env,
      labels: extraLabels(ctx.env),
      docker: await deps.getDocker(),
      log: (l) => ctx.stderr.write(`build: ${l}\n`),
      signal: ctx.signal,
    });
  } catch (err) {
    if (err instanceof docker.ProjectNotFound)
      throw new CommandError(
        `'${target}' is neither an image on this engine nor a project: build one with 'aish docker build <project>' or check 'docker images'`,
        { cause: err },
      );
    throw new CommandError(`Building '${target}' failed: ${(err as Error).message}`, { cause: err });
  }
  const compose = result.plan.files.find((f) => f.path === 'compose.yaml');
  if (result.images.length > 1 && compose) {
    const file = join(result.plan.project.root, 'compose.yaml');
    if (existsSync(file)) return { compose: file };
    const dir = appDirFor(deps.stateDir, result.plan.project.name);
    ensurePrivateDir(dir);
    writeFileAtomic(join(dir, 'compose.yaml'), compose.content, 0o600);
    return { compose: join(dir, 'compose.yaml') };
  }
  const first = result.images[0];
  if (!first) throw new CommandError(`Building '${target}' produced no image`);
  return { image: first.image };
}

/** -l K=V labels; the tekton.* names are ours to set (the CI's name, its container, its hash). */
export function userLabels(values: string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`-l '${v}' is not KEY=value`);
    labels[v.slice(0, eq)] = v.slice(eq + 1);
  }
  for (const key of Object.keys(labels)) {
    if (key.startsWith('tekton.') && key !== 'tekton.ci.purpose' && key !== 'tekton.test')
      throw new UsageError(`-l ${key}: labels under tekton.* are set by aish itself; use another prefix`);
  }
  return labels;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** The `ergon run` subcommand. */
export function runCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'run',
    summary: 'Run an image with its container CI (ports on 127.0.0.1 unless told otherwise)',
    usage:
      'ergon run <image|compose.yaml|app dir> [--name N] [-p [host:]container] [--publish-all] [--host IP] [-e K=V] [-l K=V] [--restart no|on-failure|unless-stopped|always] [--user UID[:GID]] [--dry-run] [--no-wait] [--project] [--allow-host-access]',
    options: {
      name: { type: 'string' },
      publish: { type: 'string', short: 'p', multiple: true },
      'publish-all': { type: 'boolean', short: 'P' },
      host: { type: 'string' },
      env: { type: 'string', short: 'e', multiple: true },
      label: { type: 'string', short: 'l', multiple: true },
      restart: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'no-wait': { type: 'boolean' },
      user: { type: 'string', short: 'u' },
      // A directory is built as one project even when it holds a compose file (`container create`).
      project: { type: 'boolean' },
      // A project's compose file may keep keys that reach the host (binds, privileges): asked on a terminal.
      'allow-host-access': { type: 'boolean' },
    },
    async run(ctx) {
      const [target, ...cmd] = ctx.args;
      if (!target) throw new UsageError(`what to run? usage: aish ${this.usage}`);
      const compose = ctx.options.project === true ? null : findCompose(target);
      if (compose) return runApp(compose, ctx, makeDeps);
      const isDir = existsSync(target) && statSync(target).isDirectory();
      const restart = ctx.options.restart as RunRequest['restart'] | undefined;
      if (restart && !['no', 'on-failure', 'unless-stopped', 'always'].includes(restart))
        throw new UsageError(`--restart '${restart}' is not one of no, on-failure, unless-stopped, always`);
      const deps = makeDeps(ctx.env);
      const images = new DockerImageClient(await deps.getDocker());
      let image = isDir ? null : await images.inspect(target);
      if (!image) {
        // Not an image: a project (directory or Tekton project name) to build first.
        const built = await buildForRun(target, ctx, deps);
        if ('compose' in built) {
          if (ctx.options.project === true)
            throw new CommandError(
              `'${target}' builds into several containers; run it as an app with 'aish ergon run ${target}'`,
            );
          return runApp(built.compose, ctx, makeDeps);
        }
        image = await images.inspect(built.image);
        if (!image)
          throw new CommandError(
            `The build of '${target}' reported image '${built.image}', but the engine does not have it`,
          );
      }
      let plan;
      try {
        plan = planRun(
          {
            image,
            cmd,
            publishAll: ctx.options['publish-all'] === true,
            publish: parsePublish(list(ctx.options.publish)),
            env: parseEnv(list(ctx.options.env)),
            ...(typeof ctx.options.name === 'string' ? { name: ctx.options.name } : {}),
            ...(typeof ctx.options.host === 'string' ? { hostIp: ctx.options.host } : {}),
            ...(restart ? { restart } : {}),
            ...(typeof ctx.options.user === 'string' ? { user: ctx.options.user } : {}),
            // TEKTON_LABELS for every object, then this command's -l labels.
            extraLabels: { ...extraLabels(ctx.env), ...userLabels(list(ctx.options.label)) },
            remoteEngine: !deps.engineIsLocal,
          },
          deps.stateDir,
        );
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      for (const note of plan.notes) ctx.stderr.write(`Note: ${note}\n`);
      if (ctx.options['dry-run'] === true) {
        ctx.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
        return 0;
      }
      const entry = await executeRun(plan, deps);
      const ready =
        ctx.options['no-wait'] === true ? null : await waitForCi(entry, deps.containers, 30_000, ctx.signal);
      if (ctx.json) {
        ctx.stdout.write(
          `${JSON.stringify({
            container: entry.container,
            id: entry.container_id,
            ci: entry.ci_name,
            endpoint: entry.endpoint,
            ready,
          })}\n`,
        );
        return 0;
      }
      ctx.stdout.write(`Started ${entry.container} (${entry.container_id.slice(0, 12)}) from ${image.name}\n`);
      if (ready === null && ctx.options['no-wait'] !== true)
        ctx.stderr.write(
          `Warning: ${entry.ci_name} did not answer within 30 s; see 'aish ergon logs ${entry.container}'\n`,
        );
      else if (ready === 'starting')
        ctx.stderr.write(
          `Warning: services of ${entry.container} are still starting after 30 s; see 'aish ${entry.ci_name} "status"'\n`,
        );
      else if (ready && ready !== 'healthy')
        ctx.stderr.write(`Warning: ${entry.container} is ${ready}; see 'aish ${entry.ci_name} "status"'\n`);
      if (ready !== null)
        ctx.stdout.write(
          `CI: ${ready === 'starting' ? 'answering' : ready}; talk to it with aish ${entry.ci_name} "status"\n`,
        );
      return 0;
    },
  };
}
