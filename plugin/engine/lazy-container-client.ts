// A ContainerClient that creates the real one on first use (keeps dockerode off the fast path).
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { ContainerClient, ContainerSpec, ContainerSummary, ExecOptions } from './container-client';

/** Defers creating the client until a method is called. */
export class LazyContainerClient implements ContainerClient {
  private client: Promise<ContainerClient> | null = null;
  constructor(private readonly make: () => Promise<ContainerClient>) {}
  private get(): Promise<ContainerClient> {
    return (this.client ??= this.make());
  }
  async list(opts?: { all?: boolean; labels?: string[] }): Promise<ContainerSummary[]> {
    return (await this.get()).list(opts);
  }
  async inspect(id: string): Promise<Docker.ContainerInspectInfo | null> {
    return (await this.get()).inspect(id);
  }
  async create(spec: ContainerSpec): Promise<string> {
    return (await this.get()).create(spec);
  }
  async start(id: string): Promise<boolean> {
    return (await this.get()).start(id);
  }
  async stop(id: string, t?: number): Promise<boolean> {
    return (await this.get()).stop(id, t);
  }
  async restart(id: string, t?: number): Promise<void> {
    return (await this.get()).restart(id, t);
  }
  async remove(id: string, force?: boolean): Promise<boolean> {
    return (await this.get()).remove(id, force);
  }
  async logs(id: string, opts: { follow: boolean; tail?: number }): Promise<Readable> {
    return (await this.get()).logs(id, opts);
  }
  async exec(id: string, cmd: string[], opts?: ExecOptions) {
    return (await this.get()).exec(id, cmd, opts);
  }
  async imageLabels(imageId: string): Promise<Record<string, string> | null> {
    return (await this.get()).imageLabels(imageId);
  }
}
