// `ergon deploy` as a plan: a Swarm service with N replicas, each booting its own CI. Replicas
// cannot share one socket path, so the bind source uses the Swarm template {{.Task.Slot}}:
// `<state>/containers/run/<service>.{{.Task.Slot}}` — the engine expands templates in mount
// sources (as for --hostname/--env), and slots are known in advance, so the host creates each slot's
// dir and token before the tasks start (a bind source must exist).
import { CI_RUN_DIR, LABELS, ciNameFor } from '../../protocol';
import { containersDir } from '../tekton/state-paths';
import { join } from 'node:path';
import type { ImageFacts } from '../engine/image-client';

/** The plan of a Swarm deploy. */
export interface SwarmPlan {
  service: string;
  replicas: number;
  /** Host dirs to prepare, one per slot. */
  slotDirs: string[];
  /** Body for POST /services/create. */
  spec: Record<string, unknown>;
}

/** Host dir of one replica slot. */
export function slotDir(stateDir: string, service: string, slot: number | string): string {
  return join(containersDir(stateDir), 'run', `${service}.${slot}`);
}

/** Builds the service spec (pure). */
export function planSwarmDeploy(opts: {
  image: ImageFacts;
  service: string;
  replicas: number;
  stateDir: string;
  env?: Record<string, string>;
  remoteEngine?: boolean;
  extraLabels?: Record<string, string>;
}): SwarmPlan {
  if (!Number.isInteger(opts.replicas) || opts.replicas < 1 || opts.replicas > 100)
    throw new Error(`--replicas ${opts.replicas} is not a whole number from 1 to 100`);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(opts.service))
    throw new Error(`Service name '${opts.service}' is not valid: lowercase letters, digits and '-'`);
  const labels: Record<string, string> = {
    ...opts.extraLabels,
    [LABELS.ciName]: ciNameFor(opts.service),
    [LABELS.app]: opts.service,
    [LABELS.container]: opts.service,
    'tekton.ergon': '1',
  };
  for (const key of [LABELS.manifestHash, LABELS.project])
    if (opts.image.labels[key]) labels[key] = opts.image.labels[key]!;
  // A remote engine cannot see our state dir: each replica's CI then keeps its socket inside (docker exec).
  const slotDirs = opts.remoteEngine
    ? []
    : Array.from({ length: opts.replicas }, (_, i) => slotDir(opts.stateDir, opts.service, i + 1));
  return {
    service: opts.service,
    replicas: opts.replicas,
    slotDirs,
    spec: {
      Name: opts.service,
      Labels: labels,
      TaskTemplate: {
        ContainerSpec: {
          Image: opts.image.name,
          Labels: labels,
          Env: Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${v}`),
          Mounts: opts.remoteEngine
            ? []
            : [{ Type: 'bind', Source: slotDir(opts.stateDir, opts.service, '{{.Task.Slot}}'), Target: CI_RUN_DIR }],
        },
        RestartPolicy: { Condition: 'on-failure', MaxAttempts: 5 },
      },
      Mode: { Replicated: { Replicas: opts.replicas } },
    },
  };
}
