// The edge where a dockerode instance is made from the resolved connection; everything else takes
// the instance (or a ContainerClient) as a parameter.
import Docker from 'dockerode';
import { resolveDockerConnection, type DockerConnection } from './docker-connection';

/** Creates a dockerode client for the engine the environment points at. */
export function createDocker(env: Record<string, string | undefined> = process.env): { docker: Docker; connection: DockerConnection } {
  const connection = resolveDockerConnection(env);
  const { describe: _describe, ...options } = connection;
  return { docker: new Docker(options as Docker.DockerOptions), connection };
}
