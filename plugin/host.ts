// The edge where commands get their side effects: the Docker client, the registry, the state dir.
// dockerode is loaded only when a command needs the engine, so `aish x-container-ci "status"`
// (registry + socket) starts fast.
import type Docker from 'dockerode';
import { stateDir as resolveStateDir } from './tekton/env';
import type { ContainerClient } from './engine/container-client';
import { CiRegistry } from './registry/registry-store';
import { registryPath } from './tekton/state-paths';
import { entriesFromEngine } from './registry/registry-sync';
import { LazyContainerClient } from './engine/lazy-container-client';
import { resolveDockerConnection } from './engine/docker-connection';

/** Everything host commands need from the outside world. */
export interface HostDeps {
  getDocker(): Promise<Docker>;
  containers: ContainerClient;
  registry: CiRegistry;
  stateDir: string;
  env: Record<string, string | undefined>;
  clock: () => Date;
  warn: (line: string) => void;
  /** The engine runs on this machine (unix socket): host bind mounts reach it. */
  engineIsLocal: boolean;
  /** The same deps for another engine (a DOCKER_HOST value), sharing this state dir. */
  forEngine(dockerHost: string): HostDeps;
}

/** Builds the real dependencies from an environment. */
export function createHostDeps(
  env: Record<string, string | undefined>,
  warn: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): HostDeps {
  let docker: Promise<Docker> | null = null;
  const getDocker = () => (docker ??= import('./engine/docker-client').then((m) => m.createDocker(env).docker));
  const containers = new LazyContainerClient(async () => {
    const { DockerContainerClient } = await import('./engine/container-client');
    return new DockerContainerClient(await getDocker());
  });
  const state = resolveStateDir(env);
  const registry = new CiRegistry({ path: registryPath(state), rebuild: () => entriesFromEngine(containers), warn });
  let engineIsLocal = true;
  try {
    engineIsLocal = resolveDockerConnection(env).socketPath !== undefined;
  } catch {
    /* reported when the engine is first used */
  }
  const forEngine = (dockerHost: string) =>
    createHostDeps({ ...env, DOCKER_HOST: dockerHost, DOCKER_CONTEXT: undefined }, warn);
  return {
    getDocker,
    containers,
    registry,
    stateDir: state,
    env,
    clock: () => new Date(),
    warn,
    engineIsLocal,
    forEngine,
  };
}
