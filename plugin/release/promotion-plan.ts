// Promotion and rollback as plain values (STYLE.md: plans are values): which digest goes to which
// stage, from where, under which rule. Nothing here talks to an engine.
import type { Lifecycle, LifecycleStage } from '../../protocol';
import { pinnedRef } from './image-ref';
import { stageNamed } from './lifecycle';
import { latestPush, stageHistory, type Checkpoint, type PushRecord, type ReleasesFile } from './release-store';

/** What a promotion will do. */
export interface PromotionPlan {
  app: string;
  stage: LifecycleStage;
  /** The stage the version comes from, or null for the first stage (it comes from the newest push). */
  from: { stage: string; checkpoint: Checkpoint } | null;
  push: PushRecord;
  digest: string;
  /** What the site pulls: its registry (pull_registry, else the one pushed to) and the digest. */
  ref: string;
  /** What runs in the target stage now (null: nothing yet). */
  current: Checkpoint | null;
}

/** A promotion that cannot be planned, with the reason in words. */
export class PromotionRefused extends Error {
  override name = 'PromotionRefused';
}

/** The checkpoints still in force for a stage: promotions push, rollbacks pop (so two rollbacks go two steps back). */
export function effectiveHistory(history: Checkpoint[]): Checkpoint[] {
  const stack: Checkpoint[] = [];
  for (const c of history) {
    if (c.action === 'rollback') stack.pop();
    else stack.push(c);
  }
  return stack;
}

/** What runs in a stage now: the newest checkpoint, whatever its action. */
export function currentOf(file: ReleasesFile, app: string, stage: string): Checkpoint | null {
  return stageHistory(file, app, stage).at(-1) ?? null;
}

function pushOf(file: ReleasesFile, app: string, digest: string): PushRecord | null {
  return file.pushes.filter((p) => p.app === app && p.digest === digest).at(-1) ?? null;
}

/** Plans `promote <app> --to <stage>`; throws PromotionRefused naming what is missing. */
export function planPromotion(file: ReleasesFile, app: string, lifecycle: Lifecycle, to: string): PromotionPlan {
  let found;
  try {
    found = stageNamed(lifecycle, to);
  } catch (err) {
    throw new PromotionRefused((err as Error).message);
  }
  const { stage, index } = found;
  const current = currentOf(file, app, stage.name);
  let from: PromotionPlan['from'] = null;
  let push: PushRecord | null;
  if (index === 0) {
    push = latestPush(file, app);
    if (!push) throw new PromotionRefused(`No image of ${app} was pushed yet: run 'aish docker push <project>' first`);
  } else {
    const previous = lifecycle.stages[index - 1]!;
    const checkpoint = currentOf(file, app, previous.name);
    if (!checkpoint)
      throw new PromotionRefused(`Nothing of ${app} runs in ${previous.name} yet: promote to ${previous.name} first`);
    from = { stage: previous.name, checkpoint };
    push = pushOf(file, app, checkpoint.digest);
    if (!push)
      throw new PromotionRefused(
        `The digest running in ${previous.name} (${checkpoint.digest}) has no push record; push it again`,
      );
  }
  const digest = push.digest;
  if (current && current.digest === digest)
    throw new PromotionRefused(`${app} ${digest} already runs in ${stage.name}; nothing to do`);
  const ref = pinnedRef(stage.site.pull_registry ?? push.registry, push.repository, digest);
  return { app, stage, from, push, digest, ref, current };
}

/** What a rollback will do: the stage goes back to the checkpoint before the one in force. */
export interface RollbackPlan {
  app: string;
  stage: LifecycleStage;
  current: Checkpoint;
  target: Checkpoint;
  ref: string;
}

/** Plans `rollback <app> --stage <stage>`; throws PromotionRefused when there is no earlier checkpoint. */
export function planRollback(file: ReleasesFile, app: string, lifecycle: Lifecycle, stageName: string): RollbackPlan {
  let found;
  try {
    found = stageNamed(lifecycle, stageName);
  } catch (err) {
    throw new PromotionRefused((err as Error).message);
  }
  const effective = effectiveHistory(stageHistory(file, app, stageName));
  const current = currentOf(file, app, stageName);
  if (!current)
    throw new PromotionRefused(`Nothing of ${app} was ever promoted to ${stageName}: there is nothing to roll back`);
  const target = effective.at(-2);
  if (!target)
    throw new PromotionRefused(
      `${app} in ${stageName} has no earlier checkpoint than ${current.digest} (${current.at}): nothing to roll back to`,
    );
  return { app, stage: found.stage, current, target, ref: target.ref };
}
