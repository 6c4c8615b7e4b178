// Where our files live under the state directory (docs/design-decisions.md, "Host state"): the one
// place that knows the layout.
import { basename, dirname, join } from 'node:path';

/** `<state>/containers` */
export function containersDir(stateDir: string): string {
  return join(stateDir, 'containers');
}

/** The container-CI registry file. */
export function registryPath(stateDir: string): string {
  return join(containersDir(stateDir), 'registry.json');
}

/** The local Ergon-schema build registry the docker engineer writes. */
export function buildsPath(stateDir: string): string {
  return join(containersDir(stateDir), 'builds.json');
}

/** Host directory bind-mounted to /run/tekton-ci for one container (socket + token). */
export function runDirFor(stateDir: string, container: string): string {
  return join(containersDir(stateDir), 'run', container);
}

/**
 * The host's own copy of the token of the CI whose run dir is `runDir` (`<state>/containers/run/<x>`
 * → `<state>/containers/tokens/<x>`): outside every mount, so no container can touch it. Null for a
 * folder that is not a run dir of this layout (the host then has no token for that CI).
 */
export function hostTokenPathFor(runDir: string): string | null {
  const runRoot = dirname(runDir);
  if (basename(runRoot) !== 'run' || basename(dirname(runRoot)) !== 'containers') return null;
  return join(dirname(runRoot), 'tokens', basename(runDir));
}

/**
 * Where a run dir is moved before it is deleted (`<state>/containers/trash`): a private folder no
 * container mounts, so the path a container knew no longer leads to what is being deleted. Null for a
 * folder that is not a run dir of this layout.
 */
export function runDirTrashFor(runDir: string): string | null {
  const runRoot = dirname(runDir);
  if (basename(runRoot) !== 'run' || basename(dirname(runRoot)) !== 'containers') return null;
  return join(dirname(runRoot), 'trash');
}

/** The base-image map the setup writes (public image → mirror or local base). */
export function baseImageMapPath(stateDir: string): string {
  return join(containersDir(stateDir), 'base-images.json');
}

/** Where `ergon run` keeps the compose file of a multi-container app it built. */
export function appDirFor(stateDir: string, app: string): string {
  return join(containersDir(stateDir), 'apps', app);
}

/** Pushed images (digests) and the checkpoints of every promotion. */
export function releasesPath(stateDir: string): string {
  return join(containersDir(stateDir), 'releases.json');
}

/** Engines other than this one whose container CIs `ci list` and `tekton status` include (Swarm nodes of a stage). */
export function remoteEnginesPath(stateDir: string): string {
  return join(containersDir(stateDir), 'engines.json');
}

/** Where `aish ui` writes the page it hands the browser (0700; the page holds the token). */
export function uiLaunchDirFor(stateDir: string): string {
  return join(stateDir, 'ui');
}

/** Where `docker serve` keeps this run's token for local callers (0600). */
export function serveTokenPath(stateDir: string): string {
  return join(containersDir(stateDir), 'docker-serve.token');
}
