// `ergon promote <app> --to <stage>`, `ergon stages <app>`, `ergon rollback <app> --stage <stage>`:
// one digest moves through the app's lifecycle, each step gated by its rule and checkpointed.
import { CommandError, UsageError, type CommandContext, type Subcommand } from '../../plugin-api';
import { senderName } from '../../tekton/env';
import { formatTable } from '../../render/format-table';
import type { HostDeps } from '../../host';
import type { Lifecycle, LifecycleStage } from '../../../protocol';
import { checkGate, executePromotion, executeRollback } from '../../release/promote';
import { DEFAULT_ROLLING, type RollingSettings } from '../../release/deploy-to-site';
import { DEFAULT_LIFECYCLE, deploymentName, lifecycleOf } from '../../release/lifecycle';
import { PromotionRefused, currentOf, planPromotion, planRollback } from '../../release/promotion-plan';
import { latestPush, readReleases, type ReleasesFile } from '../../release/release-store';
import { shortDigest } from '../../release/image-ref';
import { decideCiGate } from '../../release/ci-gate';
import { describeSite, stageCis, witnessesOf } from '../../release/stage-sites';
import { askFirst, type MakeDeps } from './ergon-deps';

function loadReleases(deps: HostDeps): ReleasesFile {
  const { file, problem } = readReleases(deps.stateDir);
  if (problem) deps.warn(`Warning: ${problem}; it will be set aside at the next write`);
  return file;
}

function lifecycleFor(file: ReleasesFile, app: string): Lifecycle {
  const push = latestPush(file, app);
  if (!push) throw new CommandError(`No image of '${app}' was pushed yet: run 'aish docker push <project>' first`);
  try {
    return lifecycleOf(push.lifecycle ?? DEFAULT_LIFECYCLE);
  } catch (err) {
    throw new CommandError((err as Error).message);
  }
}

function rollingOf(stage: LifecycleStage): RollingSettings {
  return {
    ...DEFAULT_ROLLING,
    monitorSeconds: stage.rolling?.monitor_seconds ?? DEFAULT_ROLLING.monitorSeconds,
    healthIntervalSeconds: stage.rolling?.health_interval_seconds ?? DEFAULT_ROLLING.healthIntervalSeconds,
  };
}

function refused(err: unknown): never {
  if (err instanceof PromotionRefused) throw new CommandError(`${err.message}; nothing was changed`, { cause: err });
  throw err;
}

/** The `ergon promote` subcommand. */
export function promoteCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'promote',
    summary: 'Deploy the exact digest that passed the previous stage to the next one, if its rule allows',
    usage: 'ergon promote <app> --to <stage> [--yes] [--json]',
    options: { to: { type: 'string' }, yes: { type: 'boolean' } },
    async run(ctx) {
      const app = ctx.args[0];
      const to = typeof ctx.options.to === 'string' ? ctx.options.to : undefined;
      if (!app || !to) throw new UsageError(`usage: aish ${this.usage}`);
      const deps = makeDeps(ctx.env);
      const file = loadReleases(deps);
      const lifecycle = lifecycleFor(file, app);
      let plan;
      try {
        plan = planPromotion(file, app, lifecycle, to);
      } catch (err) {
        refused(err);
      }
      let approvedBy: string | null = null;
      if (plan.stage.rule === 'manual') {
        if (
          ctx.options.yes === true ||
          (ctx.interactive && (await askFirst(ctx, `Promote ${app} ${shortDigest(plan.digest)} to ${to}?`)))
        )
          approvedBy = senderName(ctx.env);
      }
      const gate = await checkGate(plan, lifecycle, deps, approvedBy);
      if (!gate.open) {
        throw new CommandError(
          `The ${plan.stage.rule} gate of ${to} is closed for ${app} ${shortDigest(plan.digest)}:\n  ${gate.reasons.join('\n  ')}\nNothing was changed`,
        );
      }
      const approver =
        approvedBy ?? (plan.stage.rule === 'ci-approved' ? `ci-gate (${plan.from?.stage ?? 'push'})` : 'automatic');
      ctx.stderr.write(
        `Promoting ${app} ${shortDigest(plan.digest)} ${plan.from ? `from ${plan.from.stage} ` : ''}to ${to} (${describeSite(plan.stage.site)})\n`,
      );
      const { result, checkpoint } = await executePromotion(deps, plan, approver, rollingOf(plan.stage));
      if (ctx.json)
        ctx.stdout.write(
          `${JSON.stringify(
            { ok: result.ok, detail: result.detail, update_state: result.updateState, checkpoint },
            null,
            2,
          )}\n`,
        );
      else
        ctx.stdout.write(
          `${result.ok ? 'Promoted' : 'Not promoted'}: ${result.detail}${checkpoint ? ` (checkpoint ${checkpoint.id})` : ''}\n`,
        );
      return result.ok ? 0 : 1;
    },
  };
}

/** The `ergon rollback` subcommand. */
export function rollbackCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'rollback',
    summary: 'Return a stage to its previous checkpoint (the digest that ran there before)',
    usage: 'ergon rollback <app> --stage <stage> [--yes] [--json]',
    options: { stage: { type: 'string' }, yes: { type: 'boolean' } },
    async run(ctx) {
      const app = ctx.args[0];
      const stage = typeof ctx.options.stage === 'string' ? ctx.options.stage : undefined;
      if (!app || !stage) throw new UsageError(`usage: aish ${this.usage}`);
      const deps = makeDeps(ctx.env);
      const file = loadReleases(deps);
      const lifecycle = lifecycleFor(file, app);
      let plan;
      try {
        plan = planRollback(file, app, lifecycle, stage);
      } catch (err) {
        refused(err);
      }
      const question = `Roll ${app} in ${stage} back from ${shortDigest(plan.current.digest)} to ${shortDigest(plan.target.digest)} (checkpoint of ${plan.target.at})?`;
      if (!(await askFirst(ctx, question))) {
        ctx.stdout.write('Nothing was changed\n');
        return 1;
      }
      const { result, checkpoint } = await executeRollback(deps, plan, senderName(ctx.env), rollingOf(plan.stage));
      if (ctx.json)
        ctx.stdout.write(`${JSON.stringify({ ok: result.ok, detail: result.detail, checkpoint }, null, 2)}\n`);
      else
        ctx.stdout.write(
          `${result.ok ? 'Rolled back' : 'Not rolled back'}: ${result.detail}${checkpoint ? ` (checkpoint ${checkpoint.id})` : ''}\n`,
        );
      return result.ok ? 0 : 1;
    },
  };
}

interface StageRow {
  stage: string;
  site: string;
  rule: string;
  version: string | null;
  since: string | null;
  health: string;
  next_gate: string;
  cis: { ci_name: string; node: string; health: string }[];
  unreachable: string[];
}

async function stageRows(
  ctx: CommandContext,
  deps: HostDeps,
  file: ReleasesFile,
  app: string,
  lifecycle: Lifecycle,
): Promise<StageRow[]> {
  const rows: StageRow[] = [];
  const healthOf = new Map<string, { text: string; verdict: ReturnType<typeof decideCiGate> | null }>();
  for (const [i, stage] of lifecycle.stages.entries()) {
    const current = currentOf(file, app, stage.name);
    let health = '-';
    let cis: StageRow['cis'] = [];
    let unreachable: string[] = [];
    if (current) {
      try {
        const found = await stageCis(stage.site, deps, deploymentName(app, stage.name));
        unreachable = found.unreachable;
        const witnesses = await witnessesOf(found.cis, 3000);
        cis = witnesses.map((w) => ({
          ci_name: w.ci_name,
          node: w.node,
          health: !w.reachable
            ? 'unreachable'
            : w.services.every((s) => s.health === 'healthy' && s.state === 'running')
              ? 'healthy'
              : 'unhealthy',
        }));
        const bad = witnesses.filter(
          (w) => !w.reachable || w.services.some((s) => s.health !== 'healthy' || s.state !== 'running'),
        );
        health =
          witnesses.length === 0
            ? 'not running'
            : bad.length
              ? `${bad.length}/${witnesses.length} CI unhealthy`
              : `${witnesses.length} CI healthy`;
        const next = lifecycle.stages[i + 1];
        const verdict =
          next?.rule === 'ci-approved'
            ? decideCiGate({
                stage: stage.name,
                soakSeconds: next.soak_seconds ?? 300,
                runningSince: new Date(current.at),
                now: deps.clock(),
                witnesses,
              })
            : null;
        healthOf.set(stage.name, { text: health, verdict });
      } catch (err) {
        health = `engine: ${(err as Error).message}`;
      }
    }
    const push = current ? file.pushes.find((p) => p.digest === current.digest && p.app === app) : null;
    rows.push({
      stage: stage.name,
      site: describeSite(stage.site),
      rule: stage.rule + (stage.rule === 'ci-approved' ? ` (${stage.soak_seconds ?? 300} s soak)` : ''),
      version: current ? `${shortDigest(current.digest)}${push?.tags.length ? ` ${push.tags.join(',')}` : ''}` : null,
      since: current?.at ?? null,
      health,
      next_gate: '',
      cis,
      unreachable,
    });
  }
  for (const [i, row] of rows.entries()) {
    const next = lifecycle.stages[i + 1];
    if (!next) {
      row.next_gate = '(last stage)';
      continue;
    }
    if (!row.version) {
      row.next_gate = `nothing to promote to ${next.name}`;
      continue;
    }
    if (next.rule === 'automatic') row.next_gate = `${next.name}: automatic`;
    else if (next.rule === 'manual') row.next_gate = `${next.name}: needs a person (--yes)`;
    else {
      const v = healthOf.get(row.stage)?.verdict;
      row.next_gate = v?.open ? `${next.name}: CI gate open` : `${next.name}: ${v?.reasons[0] ?? 'CI gate closed'}`;
    }
  }
  void ctx;
  return rows;
}

/** The `ergon stages` subcommand. */
export function stagesCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'stages',
    summary: 'Show where each version of an app runs, stage by stage, and what gates the next step',
    usage: 'ergon stages <app> [--json]',
    options: {},
    async run(ctx) {
      const app = ctx.args[0];
      if (!app) throw new UsageError(`usage: aish ${this.usage}`);
      const deps = makeDeps(ctx.env);
      const file = loadReleases(deps);
      const lifecycle = lifecycleFor(file, app);
      const rows = await stageRows(ctx, deps, file, app, lifecycle);
      const push = latestPush(file, app)!;
      if (ctx.json) {
        ctx.stdout.write(`${JSON.stringify({ app, latest_push: push, stages: rows }, null, 2)}\n`);
        return 0;
      }
      ctx.stdout.write(
        `${app}: newest push ${shortDigest(push.digest)} (${push.tags.join(', ')}) to ${push.registry}/${push.repository}\n`,
      );
      ctx.stdout.write(
        `${formatTable(
          ['STAGE', 'SITE', 'RULE', 'VERSION', 'SINCE', 'HEALTH', 'NEXT STEP'],
          rows.map((r) => [r.stage, r.site, r.rule, r.version ?? '-', r.since ?? '-', r.health, r.next_gate]),
        )}\n`,
      );
      for (const r of rows.filter((x) => x.cis.length || x.unreachable.length)) {
        ctx.stdout.write(
          `${r.stage}: ${r.cis.map((c) => `${c.ci_name} on ${c.node} (${c.health})`).join(', ')}${r.unreachable.map((u) => `; engine ${u} does not answer`).join('')}\n`,
        );
      }
      return 0;
    },
  };
}
