// The deployment lifecycle of an app: the manifest's `lifecycle` (stages, each with its site,
// environment, replicas and the rule that lets a version in). Validated here; the default is
// Tekton's dev → test → pre-deploy → stage → prod, all on this engine.
import type { Lifecycle, LifecycleStage } from '../../protocol';

/** The lifecycle used when the manifest has none. */
export const DEFAULT_LIFECYCLE: Lifecycle = {
  stages: [
    { name: 'dev', site: { kind: 'engine' }, rule: 'automatic' },
    { name: 'test', site: { kind: 'engine' }, rule: 'automatic' },
    { name: 'pre-deploy', site: { kind: 'engine' }, rule: 'ci-approved', soak_seconds: 60 },
    { name: 'stage', site: { kind: 'engine' }, rule: 'ci-approved', soak_seconds: 300 },
    { name: 'prod', site: { kind: 'engine' }, rule: 'manual' },
  ],
};

const RULES = new Set(['automatic', 'ci-approved', 'manual']);
const STAGE_NAME = /^[a-z][a-z0-9-]{0,30}$/;

/** Problems of an untrusted lifecycle (empty when valid). */
export function validateLifecycle(value: unknown): string[] {
  const problems: string[] = [];
  const l = value as Partial<Lifecycle> | null;
  if (!l || typeof l !== 'object' || !Array.isArray(l.stages) || l.stages.length === 0)
    return ['lifecycle.stages must be a non-empty list'];
  const seen = new Set<string>();
  l.stages.forEach((s: Partial<LifecycleStage>, i) => {
    const at = `lifecycle.stages[${i}]`;
    if (typeof s?.name !== 'string' || !STAGE_NAME.test(s.name))
      problems.push(`${at}.name must be lowercase letters, digits and '-' (got ${JSON.stringify(s?.name)})`);
    else if (seen.has(s.name)) problems.push(`${at}.name '${s.name}' appears twice`);
    else seen.add(s.name);
    if (!RULES.has(String(s?.rule)))
      problems.push(`${at}.rule must be automatic, ci-approved or manual (got ${JSON.stringify(s?.rule)})`);
    const kind = s?.site?.kind;
    if (kind !== 'engine' && kind !== 'swarm')
      problems.push(`${at}.site.kind must be engine or swarm (got ${JSON.stringify(kind)})`);
    if (s?.replicas !== undefined && (!Number.isInteger(s.replicas) || s.replicas < 1 || s.replicas > 100))
      problems.push(`${at}.replicas must be a whole number from 1 to 100`);
    if (s?.replicas !== undefined && s.replicas > 1 && kind === 'engine')
      problems.push(`${at}: ${s.replicas} replicas need a swarm site (site.kind: swarm)`);
    if (s?.soak_seconds !== undefined && (!Number.isFinite(s.soak_seconds) || s.soak_seconds < 0))
      problems.push(`${at}.soak_seconds must be 0 or more`);
  });
  return problems;
}

/** The manifest's lifecycle, or the default; throws listing the problems of an invalid one. */
export function lifecycleOf(manifestLifecycle: unknown): Lifecycle {
  if (manifestLifecycle === undefined || manifestLifecycle === null) return DEFAULT_LIFECYCLE;
  const problems = validateLifecycle(manifestLifecycle);
  if (problems.length) throw new Error(`The manifest's lifecycle is not valid: ${problems.join('; ')}`);
  return manifestLifecycle as Lifecycle;
}

/** A stage by name, with its index; throws listing the stages when there is none of that name. */
export function stageNamed(lifecycle: Lifecycle, name: string): { stage: LifecycleStage; index: number } {
  const index = lifecycle.stages.findIndex((s) => s.name === name);
  if (index < 0)
    throw new Error(
      `No stage '${name}' in this app's lifecycle; its stages: ${lifecycle.stages.map((s) => s.name).join(' → ')}`,
    );
  return { stage: lifecycle.stages[index]!, index };
}

/** The name a stage's deployment has on its site: `<app>-<stage>`. */
export function deploymentName(app: string, stage: string): string {
  return `${app}-${stage}`;
}
