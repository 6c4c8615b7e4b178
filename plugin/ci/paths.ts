// Host paths under the state directory (docs/design-decisions.md, "Host state").
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
