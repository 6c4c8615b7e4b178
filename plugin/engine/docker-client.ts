// The edge where a dockerode instance is made from the resolved connection; everything else takes
// the instance (or a ContainerClient) as a parameter.
import { createRequire } from 'node:module';
import type Docker from 'dockerode';
import { resolveDockerConnection, type DockerConnection } from './docker-connection';

// dockerode (with ssh2 and grpc) is required on first use, not imported: a static import of an
// external module is hoisted to the top of the bundle and would cost every `aish` start ~25 ms.
const requireModule = createRequire(import.meta.url);

/** Creates a dockerode client for the engine the environment points at. */
export function createDocker(env: Record<string, string | undefined> = process.env): {
  docker: Docker;
  connection: DockerConnection;
} {
  const connection = resolveDockerConnection(env);
  const { describe: _describe, ...options } = connection;
  const DockerClass = requireModule('dockerode') as typeof Docker;
  return { docker: new DockerClass(options as Docker.DockerOptions), connection };
}
