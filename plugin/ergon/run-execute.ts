// Carries out a RunPlan: fresh run dir and token (0600) before the container starts, create and
// start, register the CI, then wait (bounded) until the CI answers.
import { chmodSync, chownSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CommandError } from '../plugin-api';
import type { ContainerClient } from '../engine/container-client';
import { isConflict } from '../engine/docker-errors';
import type { CiRegistry } from '../registry/registry-store';
import { entryFromContainer } from '../registry/registry-entry';
import type { CiEntry } from '../registry/registry-types';
import { transportFor } from '../transport/ci-connect';
import type { RunPlan } from './run-plan';
import { type HealthState, pollUntil } from '../../protocol';

/** Writes a fresh token file readable only by its owner; returns the token. */
export function writeTokenFile(runDir: string, token = randomBytes(24).toString('hex')): string {
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  const path = join(runDir, 'token');
  rmSync(path, { force: true });
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return token;
}

/** Gives the run dir and token to the --user the CI runs as (still 0700/0600: only it and root). */
export function ownRunDir(runDir: string, { uid, gid }: { uid: number; gid: number }): void {
  try {
    chownSync(runDir, uid, gid);
    chownSync(join(runDir, 'token'), uid, gid);
  } catch (err) {
    throw new CommandError(
      `Cannot give run dir ${runDir} to --user ${uid}:${gid} (${(err as Error).message}): the CI could not create its socket there; run aish as root or drop --user`,
      { cause: err },
    );
  }
}

/** Runs the plan; returns the registry entry of the new container's CI. */
export async function executeRun(
  plan: RunPlan,
  deps: { containers: ContainerClient; registry: CiRegistry },
  opts: { token?: string } = {},
): Promise<CiEntry> {
  if (plan.runDir) {
    writeTokenFile(plan.runDir, opts.token);
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
  const entry = summary ? entryFromContainer(summary) : null;
  if (!entry)
    throw new CommandError(
      `Container '${plan.spec.name}' started but has no CI labels; is '${plan.spec.image}' an image built by 'aish docker build'?`,
    );
  await deps.registry.upsert(entry);
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
