// Puts one digest on a stage's site. An engine site replaces the stage's container and keeps the
// old one until the new one's CI says healthy (else the old one comes back: nothing is lost). A
// Swarm site updates the service one task at a time, new task first, and the Swarm rolls back by
// itself when a new task turns unhealthy: Docker's HEALTHCHECK is answered by the container CI.
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import type { LifecycleStage } from '../../protocol';
import { DockerImageClient, type ImageFacts } from '../engine/image-client';
import { engineStatus, isNotFound } from '../engine/docker-errors';
import type { HostDeps } from '../host';
import { executeRun, waitForCi } from '../ergon/run-execute';
import { writeCiToken } from '../files/ci-token';
import { planRun } from '../ergon/run-plan';
import { ensureSwarm, waitForTasks } from '../ergon/swarm-service';
import { planSwarmDeploy } from '../ergon/swarm-plan';
import { syncRegistry } from '../registry/registry-sync';
import { readProgress } from './engine-stream';

/** What a deploy did. */
export interface SiteDeployResult {
  ok: boolean;
  /** One line for people: what runs now, or why the old version still runs. */
  detail: string;
  /** Swarm's update state at the end ('completed', 'rollback_completed', ...), when a service was updated. */
  updateState: string | null;
}

/** Settings of a rolling update (Swarm). */
export interface RollingSettings {
  /** How long Swarm watches each new task for failure before the next one. */
  monitorSeconds: number;
  /** Health check cadence of the tasks (the CI answers it). */
  healthIntervalSeconds: number;
  timeoutMs: number;
}

/** Defaults that keep an update careful without making it slow. */
export const DEFAULT_ROLLING: RollingSettings = { monitorSeconds: 15, healthIntervalSeconds: 3, timeoutMs: 240_000 };

/** Pulls `ref` on the site's engine (a no-op when the content is already there). */
export async function pullRef(docker: Docker, ref: string): Promise<void> {
  const stream = (await docker.pull(ref)) as unknown as NodeJS.ReadableStream;
  await readProgress(stream);
}

/** Deploys `ref` to an engine site as container `name`. */
export async function deployToEngine(
  deps: HostDeps,
  opts: {
    ref: string;
    name: string;
    stage: LifecycleStage;
    labels: Record<string, string>;
    timeoutMs?: number;
    syncRegistry: boolean;
  },
): Promise<SiteDeployResult> {
  const docker = await deps.getDocker();
  await pullRef(docker, opts.ref);
  const image = await new DockerImageClient(docker).inspect(opts.ref);
  if (!image) return { ok: false, detail: `${opts.ref} is not on the engine after the pull`, updateState: null };
  const all = await deps.containers.list({ all: true });
  const previousName = `${opts.name}-previous`;
  for (const stale of all.filter((c) => c.name === previousName)) await deps.containers.remove(stale.id, true);
  const old = all.find((c) => c.name === opts.name);
  if (old) {
    await deps.containers.stop(old.id, 10);
    await docker.getContainer(old.id).rename({ name: previousName });
  }
  const plan = planRun(
    { image, name: opts.name, env: opts.stage.env, extraLabels: opts.labels, remoteEngine: !deps.engineIsLocal },
    deps.stateDir,
  );
  let health: string | null = null;
  let failure: string | null = null;
  try {
    // A remote site's CIs are not this host's registry entries: register only on the local engine.
    const registry = opts.syncRegistry ? deps.registry : null;
    // The previous version, stopped and renamed, keeps the run dir until this one is healthy.
    const entry = await executeRun(plan, { containers: deps.containers, registry }, { replacing: [previousName] });
    health = await waitForCi(entry, deps.containers, opts.timeoutMs ?? 120_000);
  } catch (err) {
    failure = (err as Error).message;
  }
  if (health === 'healthy') {
    if (old) await deps.containers.remove(old.id, true);
    return { ok: true, detail: `${opts.name} runs ${opts.ref} (CI healthy)`, updateState: null };
  }
  // The new version did not come up healthy: put the old one back as it was.
  const created = (await deps.containers.list({ all: true })).find((c) => c.name === opts.name);
  if (created) await deps.containers.remove(created.id, true);
  const why =
    failure ?? `its CI said ${health ?? 'nothing'} within ${Math.round((opts.timeoutMs ?? 120_000) / 1000)} s`;
  if (old) {
    await docker.getContainer(old.id).rename({ name: opts.name });
    if (plan.runDir) writeCiToken(plan.runDir);
    await deps.containers.start(old.id);
    if (opts.syncRegistry) await syncRegistry(deps.registry, deps.containers);
    return {
      ok: false,
      detail: `the new version was not healthy (${why}); the previous container runs again`,
      updateState: null,
    };
  }
  return { ok: false, detail: `the new version was not healthy (${why}); it was removed`, updateState: null };
}

/** The rolling update policy: one task at a time, new before old, roll back on any failed task. */
export function rollingSpec(settings: RollingSettings): Record<string, unknown> {
  const ns = (s: number) => Math.round(s * 1e9);
  const policy = {
    Parallelism: 1,
    Delay: ns(1),
    FailureAction: 'rollback',
    Monitor: ns(settings.monitorSeconds),
    MaxFailureRatio: 0,
    Order: 'start-first',
  };
  return { UpdateConfig: policy, RollbackConfig: { ...policy, FailureAction: 'pause' } };
}

/** Deploys `ref` to a Swarm site as service `name` (created, or updated with automatic rollback). */
export async function deployToSwarm(
  deps: HostDeps,
  opts: {
    ref: string;
    name: string;
    stage: LifecycleStage;
    labels: Record<string, string>;
    rolling?: RollingSettings;
    syncRegistry: boolean;
  },
): Promise<SiteDeployResult> {
  const rolling = opts.rolling ?? DEFAULT_ROLLING;
  const docker = await deps.getDocker();
  await ensureSwarm(docker);
  await pullRef(docker, opts.ref);
  const facts = await new DockerImageClient(docker).inspect(opts.ref);
  const image: ImageFacts = facts ?? { id: '', name: opts.ref, labels: {}, exposedPorts: [] };
  const plan = planSwarmDeploy({
    image: { ...image, name: opts.ref },
    service: opts.name,
    replicas: opts.stage.replicas ?? 1,
    stateDir: deps.stateDir,
    env: opts.stage.env,
    remoteEngine: !deps.engineIsLocal,
  });
  const spec = plan.spec as {
    Labels: Record<string, string>;
    TaskTemplate: { ContainerSpec: Record<string, unknown> };
  };
  Object.assign(spec.Labels, opts.labels);
  Object.assign(spec.TaskTemplate.ContainerSpec.Labels as Record<string, string>, opts.labels);
  // Test [] keeps the image's HEALTHCHECK (the CI); only its cadence is set here.
  spec.TaskTemplate.ContainerSpec.HealthCheck = {
    Test: [],
    Interval: rolling.healthIntervalSeconds * 1e9,
    Timeout: 5e9,
    Retries: 2,
    StartPeriod: 20e9,
  };
  Object.assign(spec, rollingSpec(rolling));
  const service = docker.getService(opts.name);
  let existing: { Version?: { Index?: number }; Spec?: { TaskTemplate?: { ForceUpdate?: number } } } | null = null;
  try {
    existing = await service.inspect();
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const token = randomBytes(24).toString('hex');
  for (const dir of plan.slotDirs) writeCiToken(dir, { token });
  if (!existing) {
    try {
      await docker.createService(spec as unknown as Docker.CreateServiceOptions);
    } catch (err) {
      if (engineStatus(err) === 409)
        return { ok: false, detail: `a service '${opts.name}' appeared meanwhile; try again`, updateState: null };
      throw err;
    }
    const replicas = opts.stage.replicas ?? 1;
    const running = await waitForTasks(docker, opts.name, replicas, rolling.timeoutMs);
    if (opts.syncRegistry) await syncRegistry(deps.registry, deps.containers);
    return running >= replicas
      ? {
          ok: true,
          detail: `service ${opts.name}: ${running}/${replicas} tasks running and healthy`,
          updateState: null,
        }
      : {
          ok: false,
          detail: `service ${opts.name}: ${running}/${replicas} tasks healthy after ${Math.round(rolling.timeoutMs / 1000)} s`,
          updateState: null,
        };
  }
  const requestedAt = Date.now();
  await service.update({ version: existing.Version?.Index, ...spec });
  const settled = await waitForUpdate(docker, opts.name, requestedAt, rolling.timeoutMs);
  if (opts.syncRegistry) await syncRegistry(deps.registry, deps.containers);
  return settled;
}

async function waitForUpdate(
  docker: Docker,
  name: string,
  requestedAt: number,
  timeoutMs: number,
): Promise<SiteDeployResult> {
  const deadline = Date.now() + timeoutMs;
  let state = 'not started';
  let message = '';
  while (Date.now() < deadline) {
    const info = (await docker.getService(name).inspect()) as {
      UpdateStatus?: { State?: string; Message?: string; StartedAt?: string };
    };
    // Swarm starts the update after the request returns: an UpdateStatus older than it is the last update's.
    const started = Date.parse(info.UpdateStatus?.StartedAt ?? '');
    if (info.UpdateStatus?.State && Number.isFinite(started) && started >= requestedAt - 2000) {
      state = info.UpdateStatus.State;
      message = info.UpdateStatus.Message ?? '';
      if (state === 'completed')
        return { ok: true, detail: `service ${name} updated: every new task healthy`, updateState: state };
      if (state === 'rollback_completed')
        return {
          ok: false,
          detail: `new tasks of ${name} turned unhealthy; Swarm rolled back to the previous version (${message})`,
          updateState: state,
        };
      if (state === 'paused' || state === 'rollback_paused')
        return { ok: false, detail: `the update of ${name} is ${state}: ${message}`, updateState: state };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    ok: false,
    detail: `the update of ${name} was still '${state}' after ${Math.round(timeoutMs / 1000)} s (${message})`,
    updateState: state,
  };
}
