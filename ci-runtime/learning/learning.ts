// The learner wired to the running CI: each monitor round's runtimes become samples (plus Redis
// and Celery figures every few rounds), and chat and status read anomalies and changes from it.
import { CI_STATE_DIR, type Anomaly, type CiEvent } from '../../protocol';
import type { RedisAuth } from '../clients/redis';
import type { ServiceRuntime } from '../supervisor/service-spec';
import { readExtras, type ExtraTarget } from './extra-metrics';
import { Learner } from './learner';
import { sampleOf, type Sample } from './sample';

/** What chat, status and the monitor use. */
export interface Learning {
  afterTick(runtimes: ServiceRuntime[]): void;
  anomalies(service?: string): Anomaly[];
  changes(): string;
  unusual(service?: string): string;
  save(): void;
}

/** Inputs from the CI's assembly. */
export interface LearningDeps {
  env: Record<string, string | undefined>;
  runtimes: ServiceRuntime[];
  publish: (e: Omit<CiEvent, 'at'>) => void;
  /** What the supervisor did in the last hour, across container restarts (failure-record.ts). */
  supervision: () => string[];
  warn: (line: string) => void;
  recipes: () => string[] | null;
  /** The AUTH of the Redis service on a port (requirepass), null when none is needed. */
  redisAuth?: (service: string, port: number) => RedisAuth | null;
  now?: () => number;
  /** Extra figures are read at most this often. */
  extrasEveryMs?: number;
}

/** Creates the learner for this container (state in TEKTON_CI_STATE_DIR, default /var/lib/tekton-ci). */
export function createLearning(deps: LearningDeps): Learning {
  const now = deps.now ?? Date.now;
  const learner = new Learner({
    dir: deps.env.TEKTON_CI_STATE_DIR || CI_STATE_DIR,
    services: deps.runtimes.map(({ spec }) => ({
      name: spec.name,
      label: spec.label,
      kind: spec.kind,
      cache: spec.app.cache,
    })),
    now,
    publish: deps.publish,
    warn: deps.warn,
    recipes: deps.recipes,
  });
  const targets: ExtraTarget[] = deps.runtimes
    .map(({ spec }) => ({ name: spec.name, kind: spec.kind, framework: spec.app.framework, port: spec.app.port }))
    .filter((t) => t.kind === 'redis' || (t.kind === 'worker' && t.framework === 'celery'))
    .map((t) => (t.kind === 'redis' && t.port !== null ? { ...t, auth: deps.redisAuth?.(t.name, t.port) ?? null } : t));
  const prevRestarts = new Map<string, number>();
  let extras = new Map<string, Sample>();
  let extrasAt = -Infinity;
  let reading = false;
  return {
    afterTick(runtimes) {
      const samples = new Map<string, Sample>();
      for (const rt of runtimes) {
        const extra = rt.pid !== null ? extras.get(rt.spec.name) : undefined;
        samples.set(rt.spec.name, { ...sampleOf(rt, prevRestarts.get(rt.spec.name)), ...extra });
        prevRestarts.set(rt.spec.name, rt.restarts);
      }
      extras = new Map();
      learner.observe(samples);
      if (targets.length && !reading && now() - extrasAt >= (deps.extrasEveryMs ?? 10_000)) {
        reading = true;
        extrasAt = now();
        // A read that missed some (Redis still starting) is tried again next round, not in 10 s.
        void readExtras(targets)
          .then((m) => {
            extras = m;
            if (m.size < targets.length) extrasAt = -Infinity;
          })
          .finally(() => {
            reading = false;
          });
      }
    },
    anomalies: (service) => learner.anomalies(service),
    changes: () => learner.changesText(deps.supervision()),
    unusual: (service) => learner.unusualText(service),
    save: () => learner.save(),
  };
}
