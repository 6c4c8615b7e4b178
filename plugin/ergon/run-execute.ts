// Carries out a RunPlan: the CI name and container name are free, a fresh token (the host's copy in
// the state dir, the container's in its run dir) before the container starts, create and start,
// register the CI, then wait (bounded) until the CI answers.
import { chownSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CommandError } from '../plugin-api';
import type { ContainerClient } from '../engine/container-client';
import { isConflict } from '../engine/docker-errors';
import { writeCiToken } from '../files/ci-token';
import type { CiRegistry } from '../registry/registry-store';
import { entriesOf } from '../registry/registry-sync';
import { claimNames } from './claim-names';
import type { CiEntry } from '../registry/registry-types';
import { transportFor } from '../transport/ci-connect';
import type { RunPlan } from './run-plan';
import { type HealthState, pollUntil } from '../../protocol';

/** Gives the run dir to the --user the CI runs as (still 0700: only it and root); the token goes with writeCiToken. */
export function ownRunDir(runDir: string, { uid, gid }: { uid: number; gid: number }): void {
  try {
    chownSync(runDir, uid, gid);
  } catch (err) {
    throw new CommandError(
      `Cannot give run dir ${runDir} to --user ${uid}:${gid} (${(err as Error).message}): the CI could not create its socket there; run aish as root or drop --user`,
      { cause: err },
    );
  }
}

/** What executeRun needs; no registry for a CI that is not this host's (a remote stage site). */
export interface RunDeps {
  containers: ContainerClient;
  registry: CiRegistry | null;
}

/**
 * Refuses a plan whose container exists, or whose CI name, container name or run dir another container
 * holds (claim-names.ts); nothing is written then. Resolves the release of the claim.
 */
export async function checkNamesFree(
  plan: RunPlan,
  deps: RunDeps,
  replacing: string[] = [],
): Promise<() => Promise<void>> {
  if (await deps.containers.inspect(plan.spec.name))
    throw new CommandError(
      `A container named '${plan.spec.name}' already exists: remove it with 'aish ergon rm ${plan.spec.name}' or choose another --name`,
    );
  if (!deps.registry) return async () => undefined;
  return claimNames(
    { registry: deps.registry, containers: deps.containers },
    [{ ci_name: plan.ciName, container: plan.spec.name, run_dir: plan.runDir }],
    null,
    replacing,
  );
}

/** Runs the plan; returns the registry entry of the new container's CI. */
export async function executeRun(
  plan: RunPlan,
  deps: RunDeps,
  opts: { token?: string; replacing?: string[] } = {},
): Promise<CiEntry> {
  const release = await checkNamesFree(plan, deps, opts.replacing);
  try {
    return await startClaimed(plan, deps, opts);
  } finally {
    await release();
  }
}

async function startClaimed(plan: RunPlan, deps: RunDeps, opts: { token?: string }): Promise<CiEntry> {
  if (plan.runDir) {
    writeCiToken(plan.runDir, {
      ...(opts.token ? { token: opts.token } : {}),
      ...(plan.runDirOwner ? { owner: plan.runDirOwner } : {}),
    });
    // A socket left by an earlier container of the same name would look alive to clients.
    rmSync(join(plan.runDir, 'ci.sock'), { force: true });
    if (plan.runDirOwner) ownRunDir(plan.runDir, plan.runDirOwner);
  }
  let id: string;
  try {
    id = await deps.containers.create(plan.spec);
  } catch (err) {
    if (isConflict(err))
      throw new CommandError(
        `A container named '${plan.spec.name}' already exists: remove it with 'aish ergon rm ${plan.spec.name}' or choose another --name`,
        { cause: err },
      );
    throw err;
  }
  try {
    await deps.containers.start(id);
  } catch (err) {
    await deps.containers.remove(id, true).catch(() => undefined);
    throw new CommandError(
      `Container '${plan.spec.name}' was created but did not start (${(err as Error).message}); it was removed again`,
      { cause: err },
    );
  }
  const [summary] = (await deps.containers.list({ all: true })).filter((c) => c.id === id);
  const [entry] = summary ? await entriesOf(deps.containers, [summary]) : [];
  if (!entry)
    throw new CommandError(
      `Container '${plan.spec.name}' started but has no CI labels; is '${plan.spec.image}' an image built by 'aish docker build'?`,
    );
  const holder = deps.registry ? await deps.registry.claim(entry) : null;
  // Another container took the name between the check and now: this one runs, unregistered.
  if (holder)
    throw new CommandError(
      `Container '${entry.container}' started, but its CI name '${entry.ci_name}' is held by container '${holder}': refused, not registered`,
    );
  return entry;
}

/**
 * Waits until the CI answers and no service is still starting (Compose's `service_healthy`), or the
 * deadline passes. Resolves the container's health, or null when the CI never answered.
 */
export async function waitForCi(
  entry: CiEntry,
  containers: ContainerClient,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<HealthState | null> {
  const transport = transportFor(entry, containers);
  const health = async (msLeft: number): Promise<HealthState> => {
    const reply = await transport.request({ type: 'health' }, { timeoutMs: Math.min(2000, msLeft) });
    if (reply.type !== 'health_response') throw new Error(`the CI answered ${reply.type}`);
    return reply.status;
  };
  const r = await pollUntil(health, (h) => h !== 'starting', {
    timeoutMs,
    intervalMs: 200,
    isAborted: () => !!signal?.aborted,
  });
  return r.value ?? null;
}
