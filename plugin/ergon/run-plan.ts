// `ergon run` as a plan (a plain value): container name, labels, ports on 127.0.0.1, the run dir
// bind-mounted to /run/tekton-ci, restart policy. Printing it is the dry run; tests assert on it.
import { CI_RUN_DIR, ENV, LABELS, resolveCiName } from '../../protocol';
import { runDirFor } from '../tekton/state-paths';
import type { ContainerSpec } from '../engine/container-client';
import type { ImageFacts } from '../engine/image-client';

/** What the user asked for. */
export interface RunRequest {
  image: ImageFacts;
  /** --name; default the image's tekton.container/tekton.project label, else the repository name. */
  name?: string;
  /** --publish-all: publish every exposed port on all interfaces (default: 127.0.0.1, a free host port each). */
  publishAll?: boolean;
  /** --host <ip>: bind published ports to this address instead of 127.0.0.1. */
  hostIp?: string;
  /** -p host:container pairs. */
  publish?: { hostPort: number; containerPort: number }[];
  env?: Record<string, string>;
  restart?: ContainerSpec['restartPolicy'];
  cmd?: string[];
  network?: string;
  extraLabels?: Record<string, string>;
  /** The engine is on another machine: a host bind mount would name a path over there, so the
   * CI keeps its own socket and token inside the container and is reached through docker exec. */
  remoteEngine?: boolean;
}

/** The plan. */
export interface RunPlan {
  spec: ContainerSpec;
  ciName: string;
  /** Null for a remote engine (no bind mount). */
  runDir: string | null;
}

const NAME_RE = /^[a-z0-9][a-z0-9_.-]*$/;

/** Default container name from the image: its tekton labels, else the last path part of the repository. */
export function defaultContainerName(image: ImageFacts): string {
  const fromLabel = image.labels[LABELS.container] ?? image.labels[LABELS.project];
  if (fromLabel) return fromLabel.toLowerCase();
  const repo = image.name.split('@')[0]!.replace(/:[^/:]+$/, '');
  return (repo.split('/').pop() ?? repo).toLowerCase().replace(/[^a-z0-9_.-]/g, '-');
}

/** Builds the plan; throws with the reason when the request cannot work. */
export function planRun(req: RunRequest, stateDir: string): RunPlan {
  const name = req.name ?? defaultContainerName(req.image);
  if (!NAME_RE.test(name)) throw new Error(`Container name '${name}' is not valid: use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit`);
  const hostIp = req.publishAll ? '0.0.0.0' : req.hostIp ?? '127.0.0.1';
  const explicit = req.publish ?? [];
  const publish = [
    ...explicit.map((p) => ({ containerPort: p.containerPort, hostPort: p.hostPort, hostIp })),
    ...req.image.exposedPorts.filter((p) => !explicit.some((e) => e.containerPort === p)).map((p) => ({ containerPort: p, hostIp })),
  ];
  const runDir = req.remoteEngine ? null : runDirFor(stateDir, name);
  const ciName = resolveCiName(name, { container: req.image.labels[LABELS.container], ciName: req.image.labels[LABELS.ciName] });
  const labels: Record<string, string> = {
    ...req.extraLabels,
    [LABELS.ciName]: ciName,
    [LABELS.container]: name,
    'tekton.ergon': '1',
  };
  for (const key of [LABELS.manifestHash, LABELS.project]) {
    const value = req.image.labels[key];
    if (value) labels[key] = value;
  }
  return {
    ciName,
    runDir,
    spec: {
      name,
      image: req.image.name,
      ...(req.cmd?.length ? { cmd: req.cmd } : {}),
      env: { ...req.env, [ENV.ciName]: ciName },
      labels,
      publish,
      binds: runDir ? [{ source: runDir, target: CI_RUN_DIR }] : [],
      restartPolicy: req.restart ?? 'unless-stopped',
      ...(req.network ? { network: req.network } : {}),
    },
  };
}

/** Names the env vars a CI reads, so callers need not import protocol for them. */
export const CI_ENV = ENV;
