// Runs a multi-container app from its compose file as a Swarm stack (see stack-plan.ts).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { CommandError } from '../plugin-api';
import type { HostDeps } from '../host';
import { appDirFor, containersDir } from '../tekton/state-paths';
import { claimNames } from './claim-names';
import { syncRegistry } from '../registry/registry-sync';
import type { CiEntry } from '../registry/registry-types';
import { ensureSwarm, waitForTasks } from './swarm-service';
import { planStack, type StackPlan } from './stack-plan';
import { writeCiToken } from '../files/ci-token';
import { writeFileAtomic } from '../files/atomic-write';
import { ensurePrivateDir } from '../files/private-dir';
import { extraLabels } from '../tekton/extra-labels';
import { type ComposePlan, compose, composeV2Version, planCompose, writeComposePlan } from './compose-run';

function docker(args: string[], env: Record<string, string | undefined>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('docker', args, { env: env as NodeJS.ProcessEnv, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err)
        reject(
          new CommandError(`docker ${args.slice(0, 2).join(' ')} failed: ${stderr.trim() || err.message}`, {
            cause: err,
          }),
        );
      else resolve(stdout);
    });
  });
}

/** How an app is run: where ports bind, whether the user allowed what the review refused, and a seam. */
export interface AppRunOptions {
  publishAll?: boolean;
  /** The user passed --allow-host-access and confirmed it on a terminal (commands/run.ts). */
  allowHostAccess?: boolean;
  warn: (l: string) => void;
  /** The runner (default `docker compose`); tests stand in for it where the engine has no Compose. */
  compose?: (args: string[], env: Record<string, string | undefined>) => Promise<string>;
}

/** Runs the app with Compose v2 when installed, else as a Swarm stack; says which. */
export async function runApp(
  composePath: string,
  app: string,
  deps: HostDeps,
  opts: AppRunOptions,
): Promise<{ runner: string; services: string[]; running: number; expected: number; cis: CiEntry[] }> {
  const version = opts.compose ? 'stand-in' : await composeV2Version(deps.env);
  if (!version || !deps.engineIsLocal) {
    const r = await runStack(composePath, app, deps, opts);
    return { runner: 'Swarm stack', services: r.plan.services, running: r.running, expected: r.expected, cis: r.cis };
  }
  const plan = planApp(composePath, app, deps.stateDir, opts);
  const appDir = appDirFor(deps.stateDir, app);
  await checkAppSource(deps.containers, appDir, app, composePath);
  // Names and run dirs are claimed before any token is written (B04): a second claimant is refused.
  const release = await claimNames(deps, plan.wants, app);
  try {
    const token = randomBytes(24).toString('hex');
    for (const dir of plan.runDirs) writeCiToken(dir, { token });
    const file = writeComposePlan(appDir, plan, composePath);
    await (opts.compose ?? compose)(
      ['-p', app, '-f', file, 'up', '-d', '--wait', '--wait-timeout', '120'],
      deps.env,
    ).catch((err: Error) => {
      throw new CommandError(err.message, { cause: err });
    });
    await syncRegistry(deps.registry, deps.containers);
  } finally {
    await release();
  }
  const cis = (await deps.registry.list()).filter((e) => e.app === app);
  return {
    runner: `Compose ${version}`,
    services: plan.services,
    running: cis.filter((c) => c.state === 'running').length,
    expected: plan.services.length,
    cis,
  };
}

/** Deploys the app; resolves the plan, how many replicas run, and the registered CIs of the app. */
export async function runStack(
  composePath: string,
  app: string,
  deps: HostDeps,
  opts: AppRunOptions,
): Promise<{ plan: StackPlan; running: number; expected: number; cis: CiEntry[] }> {
  // One token for the whole app: its CIs authenticate each other with it (ask-peer).
  const token = randomBytes(24).toString('hex');
  const plan = planStack(readFileSync(composePath, 'utf8'), {
    app,
    stateDir: deps.stateDir,
    publishAll: opts.publishAll ?? false,
    remoteEngine: !deps.engineIsLocal,
    token,
    extraLabels: extraLabels(deps.env),
    allowHostAccess: opts.allowHostAccess ?? false,
    file: composePath,
  });
  for (const note of plan.notes) opts.warn(`Note: ${note}`);
  const appDir = appDirFor(deps.stateDir, app);
  await checkAppSource(deps.containers, appDir, app, composePath);
  const release = await claimNames(deps, plan.wants, app);
  try {
    return await deployStack({ plan, app, appDir, token, deps, composePath, warn: opts.warn });
  } finally {
    await release();
  }
}

async function deployStack(x: {
  plan: StackPlan;
  app: string;
  appDir: string;
  token: string;
  deps: HostDeps;
  composePath: string;
  warn: (l: string) => void;
}): Promise<{ plan: StackPlan; running: number; expected: number; cis: CiEntry[] }> {
  const { plan, app, appDir, token, deps } = x;
  const opts = { warn: x.warn };
  for (const dir of plan.runDirs) writeCiToken(dir, { token });
  // For a remote engine the compose file holds the app's token: the app's folder is the user's alone.
  ensurePrivateDir(appDir);
  writeFileAtomic(join(appDir, 'source'), `${resolve(x.composePath)}\n`, 0o600);
  const file = join(appDir, 'compose.yaml');
  writeFileAtomic(file, plan.compose, 0o600);
  writeFileAtomic(join(appDir, 'waves.json'), `${JSON.stringify(plan.waves)}\n`, 0o600);
  if (await ensureSwarm(await deps.getDocker()))
    opts.warn('Initialised a single-node Docker Swarm advertised on 127.0.0.1 (docker swarm leave --force undoes it)');
  // Bottom-up: each wave joins the stack once the waves before it run (healthy, when the image has a
  // HEALTHCHECK: Swarm reports a task running only then).
  const full = parse(plan.compose) as { services: Record<string, unknown> };
  let running = 0;
  for (const [i, wave] of plan.waves.entries()) {
    const upTo = new Set(plan.waves.slice(0, i + 1).flat());
    const partial = join(appDir, `compose.wave-${i + 1}.yaml`);
    writeFileAtomic(
      partial,
      stringify(
        { ...full, services: Object.fromEntries(Object.entries(full.services).filter(([n]) => upTo.has(n))) },
        { aliasDuplicateObjects: false },
      ),
    );
    await docker(['stack', 'deploy', '--resolve-image', 'never', '-c', partial, app], deps.env);
    for (const s of wave) running += await waitForTasks(await deps.getDocker(), `${app}_${s}`, 1, 60_000);
  }
  await syncRegistry(deps.registry, deps.containers);
  const cis = (await deps.registry.list()).filter((e) => e.app === app);
  return { plan, running, expected: plan.services.length, cis };
}

/** The plan of an app run through Compose, its notes said once. */
export function planApp(composePath: string, app: string, stateDir: string, opts: AppRunOptions): ComposePlan {
  const plan = planCompose(readFileSync(composePath, 'utf8'), {
    app,
    stateDir,
    hostIp: opts.publishAll ? '0.0.0.0' : '127.0.0.1',
    allowHostAccess: opts.allowHostAccess ?? false,
    file: composePath,
  });
  for (const note of plan.notes) opts.warn(`Note: ${note}`);
  return plan;
}

/**
 * An app's name is taken from its folder: a clone named like an app the user already runs would be
 * deployed over it (Compose updates a project of that name, and its names count as the app's own).
 * While containers of the app exist, only the file it was run from (recorded) may run it again.
 */
export async function checkAppSource(
  containers: HostDeps['containers'],
  appDir: string,
  app: string,
  composePath: string,
): Promise<void> {
  const existing = await containers.list({ all: true, labels: [`tekton.app=${app}`] });
  if (existing.length === 0) return;
  let recorded = '';
  try {
    recorded = readFileSync(join(appDir, 'source'), 'utf8').trim();
  } catch {
    /* run before sources were recorded: not known to be this file */
  }
  if (recorded !== resolve(composePath))
    throw new CommandError(
      `App '${app}' already runs (${existing.map((c) => c.name).join(', ')}) from ${recorded || 'another file'}; ${resolve(composePath)} may not take it over: refused, nothing was written (choose another --name, or remove it with 'aish ergon rm --app ${app}')`,
    );
}

/** Removes the app top-down (web, then workers, then datastores), then the stack and its network. */
export async function removeStack(
  app: string,
  env: Record<string, string | undefined>,
  stateDir?: string,
): Promise<void> {
  const appDir = stateDir ? join(containersDir(stateDir), 'apps', app) : null;
  let runner = '';
  try {
    if (appDir) runner = readFileSync(join(appDir, 'runner'), 'utf8').trim();
  } catch {
    /* a stack */
  }
  // Compose removes in reverse dependency order itself.
  if (runner === 'compose') {
    await compose(['-p', app, '-f', join(appDir!, 'compose.yaml'), 'down'], env);
    return;
  }
  let waves: string[][] = [];
  try {
    if (stateDir)
      waves = JSON.parse(readFileSync(join(containersDir(stateDir), 'apps', app, 'waves.json'), 'utf8')) as string[][];
  } catch {
    /* an app deployed before waves were kept */
  }
  for (const wave of [...waves].reverse()) {
    await docker(['service', 'rm', ...wave.map((s) => `${app}_${s}`)], env).catch(() => undefined);
    const deadline = Date.now() + 30_000;
    // A wave is gone when none of its tasks' containers is left.
    while (Date.now() < deadline) {
      const left = await docker(
        ['ps', '-q', ...wave.flatMap((s) => ['--filter', `label=com.docker.swarm.service.name=${app}_${s}`])],
        env,
      );
      if (!left.trim()) break;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  await docker(['stack', 'rm', app], env);
}
