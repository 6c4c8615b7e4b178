// Runs a multi-container app from its compose file as a Swarm stack (see stack-plan.ts).
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CommandError } from '../plugin-api';
import type { HostDeps } from '../host';
import { containersDir } from '../tekton/state-paths';
import { syncRegistry } from '../registry/registry-sync';
import type { CiEntry } from '../registry/registry-types';
import { ensureSwarm, waitForTasks } from './commands/deploy';
import { planStack, type StackPlan } from './stack-plan';
import { writeTokenFile } from './run-execute';
import { extraLabels } from '../tekton/extra-labels';

function docker(args: string[], env: Record<string, string | undefined>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('docker', args, { env: env as NodeJS.ProcessEnv, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) reject(new CommandError(`docker ${args.slice(0, 2).join(' ')} failed: ${stderr.trim() || err.message}`, { cause: err })); else resolve(stdout);
    });
  });
}

/** Deploys the app; resolves the plan, how many replicas run, and the registered CIs of the app. */
export async function runStack(composePath: string, app: string, deps: HostDeps, opts: { publishAll?: boolean; warn: (l: string) => void }): Promise<{ plan: StackPlan; running: number; expected: number; cis: CiEntry[] }> {
  // One token for the whole app: its CIs authenticate each other with it (ask-peer).
  const token = randomBytes(24).toString('hex');
  const plan = planStack(readFileSync(composePath, 'utf8'), { app, stateDir: deps.stateDir, publishAll: opts.publishAll ?? false, remoteEngine: !deps.engineIsLocal, token, extraLabels: extraLabels(deps.env) });
  for (const note of plan.notes) opts.warn(`Note: ${note}`);
  for (const dir of plan.runDirs) writeTokenFile(dir, token);
  const appDir = join(containersDir(deps.stateDir), 'apps', app);
  mkdirSync(appDir, { recursive: true });
  const file = join(appDir, 'compose.yaml');
  writeFileSync(file, plan.compose);
  if (await ensureSwarm(await deps.getDocker())) opts.warn('Initialised a single-node Docker Swarm advertised on 127.0.0.1 (docker swarm leave --force undoes it)');
  await docker(['stack', 'deploy', '--resolve-image', 'never', '-c', file, app], deps.env);
  let running = 0;
  for (const s of plan.services) running += await waitForTasks(await deps.getDocker(), `${app}_${s}`, 1, 60_000);
  await syncRegistry(deps.registry, deps.containers);
  const cis = (await deps.registry.list()).filter((e) => e.app === app);
  return { plan, running, expected: plan.services.length, cis };
}

/** Removes the app's stack (`docker stack rm`). */
export async function removeStack(app: string, env: Record<string, string | undefined>): Promise<void> {
  await docker(['stack', 'rm', app], env);
}
