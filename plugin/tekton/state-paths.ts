// Where our files live under the state directory (docs/design-decisions.md, "Host state"): the one
// place that knows the layout.
import { join } from 'node:path';

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
