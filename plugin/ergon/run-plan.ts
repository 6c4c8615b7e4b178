// `ergon run` as a plan (a plain value): container name, labels, ports on 127.0.0.1, the run dir
// bind-mounted to /run/tekton-ci, restart policy. Printing it is the dry run; tests assert on it.
import { CI_RUN_DIR, ENV, LABELS, ciNameFor, resolveCiName } from '../../protocol';
import { GIVEN_CI_NAME_LABEL, GIVEN_CONTAINER_LABEL } from '../registry/given-labels';
import { isCiName } from '../registry/registry-entry';
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
  /** --user UID[:GID]: the CI runs as this user (group 0 when none is given, as OpenShift does). */
  user?: string;
}

/** The plan. */
export interface RunPlan {
  spec: ContainerSpec;
  ciName: string;
  /** What was refused or changed while planning (printed on stderr). */
  notes: string[];
  /** Null for a remote engine (no bind mount). */
  runDir: string | null;
  /** Who must own the run dir and token so the CI (run with --user) can create its socket there. */
  runDirOwner: { uid: number; gid: number } | null;
}

const USER_RE = /^(\d+)(?::(\d+))?$/;

/** Parses --user: numeric `UID[:GID]` only, since the host must chown the run dir to it. */
export function parseUser(user: string): { uid: number; gid: number } {
  const m = USER_RE.exec(user);
  if (!m)
    throw new Error(
      `--user '${user}' is not UID[:GID] in numbers (e.g. 1000650000:0); a user name cannot be given, since the host must make the run dir that user's`,
    );
  return { uid: Number(m[1]), gid: Number(m[2] ?? 0) };
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
  if (!NAME_RE.test(name))
    throw new Error(
      `Container name '${name}' is not valid: use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit`,
    );
  const hostIp = req.publishAll ? '0.0.0.0' : (req.hostIp ?? '127.0.0.1');
  const explicit = req.publish ?? [];
  const publish = [
    ...explicit.map((p) => ({ containerPort: p.containerPort, hostPort: p.hostPort, hostIp })),
    ...req.image.exposedPorts
      .filter((p) => !explicit.some((e) => e.containerPort === p))
      .map((p) => ({ containerPort: p, hostIp })),
  ];
  const runDir = req.remoteEngine ? null : runDirFor(stateDir, name);
  const owner = req.user === undefined ? null : parseUser(req.user);
  // The image may ask for a name (its manifest's ci_name); it gets it only when it is a CI name, so
  // no image can take a Tekton component's name. Uniqueness is checked when the plan runs.
  const asked = resolveCiName(name, {
    container: req.image.labels[LABELS.container],
    ciName: req.image.labels[LABELS.ciName],
  });
  const ciName = isCiName(asked) ? asked : ciNameFor(name);
  const notes =
    asked === ciName
      ? []
      : [
          `the image asks for the CI name '${asked}', which does not end in '-container-ci': refused, the CI is ${ciName}`,
        ];
  const labels: Record<string, string> = {
    ...req.extraLabels,
    [LABELS.ciName]: ciName,
    // The label the registry names the CI by: no image carries it, so its value is ours (given-labels.ts).
    [GIVEN_CI_NAME_LABEL]: ciName,
    [GIVEN_CONTAINER_LABEL]: name,
    [LABELS.container]: name,
    'tekton.ergon': '1',
  };
  for (const key of [LABELS.manifestHash, LABELS.project]) {
    const value = req.image.labels[key];
    if (value) labels[key] = value;
  }
  return {
    ciName,
    notes,
    runDir,
    runDirOwner: runDir ? owner : null,
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
      ...(owner ? { user: `${owner.uid}:${owner.gid}` } : {}),
      // Generated images make the CI's writable paths group 0 (the OpenShift convention): a user
      // with another primary group keeps group 0 as a supplementary one to write its audit log.
      ...(owner && owner.gid !== 0 ? { groupAdd: ['0'] } : {}),
    },
  };
}

/** Names the env vars a CI reads, so callers need not import protocol for them. */
export const CI_ENV = ENV;
