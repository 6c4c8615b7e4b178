// Images behind a small interface: what `ergon run` needs to know about an image before running it.
import type Docker from 'dockerode';
import { isNotFound } from './docker-errors';

/** The parts of an image the run planner uses. */
export interface ImageFacts {
  id: string;
  name: string;
  labels: Record<string, string>;
  /** Ports from EXPOSE, e.g. [8000, 6379]. */
  exposedPorts: number[];
}

/** Image operations the plugin uses. */
export interface ImageClient {
  inspect(name: string): Promise<ImageFacts | null>;
}

/** dockerode-backed ImageClient. */
export class DockerImageClient implements ImageClient {
  constructor(private readonly docker: Docker) {}

  async inspect(name: string): Promise<ImageFacts | null> {
    try {
      const info = await this.docker.getImage(name).inspect();
      const exposed = Object.keys(info.Config?.ExposedPorts ?? {})
        .map((p) => Number(p.split('/')[0]))
        .filter((n) => Number.isInteger(n));
      return { id: info.Id, name, labels: info.Config?.Labels ?? {}, exposedPorts: exposed.sort((a, b) => a - b) };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }
}
