// Carrying out a promotion or a rollback: the gate of the stage's rule, the deploy to its site,
// and the checkpoint, written only when the new version runs healthy.
import { randomBytes } from 'node:crypto';
import type { Lifecycle } from '../../protocol';
import type { HostDeps } from '../host';
import { decideCiGate, type GateVerdict } from './ci-gate';
import { deployToEngine, deployToSwarm, type RollingSettings, type SiteDeployResult } from './deploy-to-site';
import { deploymentName } from './lifecycle';
import type { PromotionPlan, RollbackPlan } from './promotion-plan';
import { updateReleases, type Checkpoint } from './release-store';
import { addRemoteEngines } from '../registry/remote-engines';
import { describeSite, siteDeps, stageCis, witnessesOf } from './stage-sites';

/** The gate a promotion must pass, decided now. `manual` is open only with a person's approval. */
export async function checkGate(
  plan: PromotionPlan,
  lifecycle: Lifecycle,
  local: HostDeps,
  approvedBy: string | null,
): Promise<GateVerdict> {
  const rule = plan.stage.rule;
  if (rule === 'automatic') return { open: true, reasons: [] };
  if (rule === 'manual')
    return approvedBy
      ? { open: true, reasons: [] }
      : { open: false, reasons: [`${plan.stage.name} is manual: a person approves it (--yes, or yes at the prompt)`] };
  if (!plan.from) return { open: true, reasons: [] };
  const previous = lifecycle.stages.find((s) => s.name === plan.from!.stage)!;
  const { cis, unreachable } = await stageCis(previous.site, local, deploymentName(plan.app, previous.name));
  // A node that does not answer is named; the CIs on the others still decide.
  for (const u of unreachable) local.warn(`Warning: engine ${u} does not answer; its tasks are not witnesses`);
  return decideCiGate({
    stage: previous.name,
    soakSeconds: plan.stage.soak_seconds ?? 300,
    runningSince: new Date(plan.from.checkpoint.at),
    now: local.clock(),
    witnesses: await witnessesOf(cis),
  });
}

/** Deploys a reference to a stage's site. */
export async function deployStage(
  local: HostDeps,
  opts: { app: string; stage: PromotionPlan['stage']; ref: string; rolling?: RollingSettings },
): Promise<SiteDeployResult> {
  const { deps, isLocal } = siteDeps(opts.stage.site, local);
  const name = deploymentName(opts.app, opts.stage.name);
  // A stage on other engines: `ci list` and `tekton status` ask them too from now on.
  const remote = [opts.stage.site.docker_host, ...(opts.stage.site.node_hosts ?? [])].filter((h): h is string =>
    Boolean(h),
  );
  if (remote.length) await addRemoteEngines(local.stateDir, [...new Set(remote)], `${opts.app} ${opts.stage.name}`);
  const labels = { 'tekton.app': name, 'tekton.stage': opts.stage.name, 'tekton.release.app': opts.app };
  if (opts.stage.site.kind === 'swarm')
    return deployToSwarm(deps, {
      ref: opts.ref,
      name,
      stage: opts.stage,
      labels,
      rolling: opts.rolling,
      syncRegistry: isLocal,
    });
  return deployToEngine(deps, { ref: opts.ref, name, stage: opts.stage, labels, syncRegistry: isLocal });
}

/** Writes the checkpoint of what now runs in a stage. */
export async function writeCheckpoint(local: HostDeps, c: Omit<Checkpoint, 'id' | 'at'>): Promise<Checkpoint> {
  const checkpoint: Checkpoint = { id: randomBytes(6).toString('hex'), at: local.clock().toISOString(), ...c };
  await updateReleases(local.stateDir, (file) => {
    file.checkpoints.push(checkpoint);
  });
  return checkpoint;
}

/** Deploys `ref` to the plan's stage and, when it runs healthy there, writes the checkpoint. */
async function deployAndCheckpoint(
  local: HostDeps,
  to: { app: string; stage: PromotionPlan['stage']; ref: string; digest: string; manifestHash: string | null },
  approvedBy: string,
  action: Checkpoint['action'],
  rolling?: RollingSettings,
): Promise<{ result: SiteDeployResult; checkpoint: Checkpoint | null }> {
  const result = await deployStage(local, { app: to.app, stage: to.stage, ref: to.ref, rolling });
  if (!result.ok) return { result, checkpoint: null };
  const checkpoint = await writeCheckpoint(local, {
    app: to.app,
    stage: to.stage.name,
    digest: to.digest,
    ref: to.ref,
    manifest_hash: to.manifestHash,
    config: {
      site: describeSite(to.stage.site),
      replicas: to.stage.replicas ?? 1,
      env_keys: Object.keys(to.stage.env ?? {}).sort(),
    },
    approved_by: approvedBy,
    action,
  });
  return { result, checkpoint };
}

/** Promotes after the gate said yes; resolves the deploy result and, when it worked, the checkpoint. */
export function executePromotion(
  local: HostDeps,
  plan: PromotionPlan,
  approvedBy: string,
  rolling?: RollingSettings,
): Promise<{ result: SiteDeployResult; checkpoint: Checkpoint | null }> {
  const to = {
    app: plan.app,
    stage: plan.stage,
    ref: plan.ref,
    digest: plan.digest,
    manifestHash: plan.push.manifest_hash,
  };
  return deployAndCheckpoint(local, to, approvedBy, 'promote', rolling);
}

/** Rolls a stage back to the checkpoint before the one in force. */
export function executeRollback(
  local: HostDeps,
  plan: RollbackPlan,
  approvedBy: string,
  rolling?: RollingSettings,
): Promise<{ result: SiteDeployResult; checkpoint: Checkpoint | null }> {
  const to = {
    app: plan.app,
    stage: plan.stage,
    ref: plan.target.ref,
    digest: plan.target.digest,
    manifestHash: plan.target.manifest_hash,
  };
  return deployAndCheckpoint(local, to, approvedBy, 'rollback', rolling);
}
