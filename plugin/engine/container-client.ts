// Containers behind one small interface (testcontainers style), implemented over dockerode.
// Callers get plain values; Engine errors keep their statusCode (see docker-errors.ts).
import type Docker from 'dockerode';
import { PassThrough, type Readable } from 'node:stream';
import { isNotFound, isNotModified } from './docker-errors';

/** What the list/ps views need of a container. */
export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  /** The image's id (sha256:...): what the container was made from, even if its tag moved since. */
  imageId?: string;
  state: string;
  status: string;
  /** The container's labels: those given at creation merged over those its image carries. */
  labels: Record<string, string>;
  ports: { private: number; public: number | null; ip: string | null; type: string }[];
  /** `type` is 'bind' for a host folder, 'volume' for an engine volume (an image's VOLUME makes those). */
  mounts: { source: string; destination: string; type?: string }[];
}

/** What `create` needs: a plain value, so a run can be planned and printed before it happens. */
export interface ContainerSpec {
  name: string;
  image: string;
  cmd?: string[];
  env?: Record<string, string>;
  labels: Record<string, string>;
  /** container port → host binding */
  publish?: { containerPort: number; hostPort?: number; hostIp: string }[];
  binds?: { source: string; target: string; readOnly?: boolean }[];
  restartPolicy?: 'no' | 'on-failure' | 'unless-stopped' | 'always';
  network?: string;
  networkAliases?: string[];
  /** `UID[:GID]` the container's main process runs as (default: the image's USER). */
  user?: string;
  /** Supplementary groups of the main process (`--group-add`). */
  groupAdd?: string[];
}

/** How an exec is bounded: what goes to its stdin, how much output is kept, when to give up. */
export interface ExecOptions {
  stdin?: string;
  /** Past this many bytes of output the exec is abandoned with an error (default 64 MiB). */
  maxBytes?: number;
  /** Aborting stops reading and rejects. */
  signal?: AbortSignal;
}

/** Operations on containers the plugin uses. */
export interface ContainerClient {
  list(opts?: { all?: boolean; labels?: string[] }): Promise<ContainerSummary[]>;
  inspect(idOrName: string): Promise<Docker.ContainerInspectInfo | null>;
  create(spec: ContainerSpec): Promise<string>;
  /** Resolves true when started, false when it was already running (304). */
  start(id: string): Promise<boolean>;
  /** Resolves true when stopped, false when it was already stopped (304). */
  stop(id: string, timeoutS?: number): Promise<boolean>;
  restart(id: string, timeoutS?: number): Promise<void>;
  /** Resolves false when there was nothing to remove (404). */
  remove(id: string, force?: boolean): Promise<boolean>;
  logs(id: string, opts: { follow: boolean; tail?: number }): Promise<Readable>;
  /** Runs a command and collects its output (stdout and stderr demultiplexed), bounded by `maxBytes`. */
  exec(id: string, cmd: string[], opts?: ExecOptions): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  /** The labels of an image by id (those a container inherited from it), or null when it is gone. */
  imageLabels(imageId: string): Promise<Record<string, string> | null>;
}

/** dockerode-backed ContainerClient. */
export class DockerContainerClient implements ContainerClient {
  constructor(private readonly docker: Docker) {}

  async list(opts: { all?: boolean; labels?: string[] } = {}): Promise<ContainerSummary[]> {
    const filters = opts.labels?.length ? { label: opts.labels } : undefined;
    const rows = await this.docker.listContainers({ all: opts.all ?? true, filters });
    return rows.map((r) => ({
      id: r.Id,
      name: (r.Names[0] ?? r.Id).replace(/^\//, ''),
      image: r.Image,
      imageId: r.ImageID,
      state: r.State,
      status: r.Status,
      labels: r.Labels ?? {},
      ports: (r.Ports ?? []).map((p) => ({
        private: p.PrivatePort,
        public: p.PublicPort ?? null,
        ip: p.IP ?? null,
        type: p.Type,
      })),
      mounts: (r.Mounts ?? []).map((m) => ({ source: m.Source, destination: m.Destination, type: m.Type })),
    }));
  }

  async inspect(idOrName: string): Promise<Docker.ContainerInspectInfo | null> {
    try {
      return await this.docker.getContainer(idOrName).inspect();
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async create(spec: ContainerSpec): Promise<string> {
    const exposed: Record<string, object> = {};
    const portBindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
    for (const p of spec.publish ?? []) {
      exposed[`${p.containerPort}/tcp`] = {};
      portBindings[`${p.containerPort}/tcp`] = [{ HostIp: p.hostIp, HostPort: p.hostPort ? String(p.hostPort) : '' }];
    }
    const container = await this.docker.createContainer({
      name: spec.name,
      Image: spec.image,
      Cmd: spec.cmd,
      ...(spec.user ? { User: spec.user } : {}),
      Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
      Labels: spec.labels,
      ExposedPorts: exposed,
      HostConfig: {
        PortBindings: portBindings,
        Binds: (spec.binds ?? []).map((b) => `${b.source}:${b.target}${b.readOnly ? ':ro' : ''}`),
        RestartPolicy: { Name: spec.restartPolicy ?? 'no' },
        ...(spec.groupAdd?.length ? { GroupAdd: spec.groupAdd } : {}),
        NetworkMode: spec.network,
      },
      NetworkingConfig:
        spec.network && spec.networkAliases
          ? { EndpointsConfig: { [spec.network]: { Aliases: spec.networkAliases } } }
          : undefined,
    });
    return container.id;
  }

  async start(id: string): Promise<boolean> {
    try {
      await this.docker.getContainer(id).start();
      return true;
    } catch (err) {
      if (isNotModified(err)) return false;
      throw err;
    }
  }

  async stop(id: string, timeoutS = 10): Promise<boolean> {
    try {
      await this.docker.getContainer(id).stop({ t: timeoutS });
      return true;
    } catch (err) {
      if (isNotModified(err)) return false;
      throw err;
    }
  }

  async restart(id: string, timeoutS = 10): Promise<void> {
    await this.docker.getContainer(id).restart({ t: timeoutS });
  }

  async remove(id: string, force = false): Promise<boolean> {
    try {
      await this.docker.getContainer(id).remove({ force, v: true });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async logs(id: string, opts: { follow: boolean; tail?: number }): Promise<Readable> {
    const container = this.docker.getContainer(id);
    const info = await container.inspect();
    // dockerode's typings overload on `follow`; the Engine takes the same options either way.
    const logsFn = container.logs.bind(container) as unknown as (o: object) => Promise<Buffer | Readable>;
    const raw = await logsFn({
      stdout: true,
      stderr: true,
      follow: opts.follow,
      ...(opts.tail !== undefined ? { tail: opts.tail } : {}),
    });
    const out = new PassThrough();
    if (Buffer.isBuffer(raw)) {
      out.end(info.Config.Tty ? raw : demuxBuffer(raw));
      return out;
    }
    if (info.Config.Tty) raw.pipe(out);
    // Without a TTY the Engine multiplexes stdout/stderr in 8-byte-header frames.
    else this.docker.modem.demuxStream(raw, out, out);
    raw.on('end', () => out.end());
    raw.on('error', (e) => out.destroy(e));
    out.on('close', () => raw.destroy());
    return out;
  }

  async imageLabels(imageId: string): Promise<Record<string, string> | null> {
    try {
      return (await this.docker.getImage(imageId).inspect()).Config?.Labels ?? {};
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async exec(
    id: string,
    cmd: string[],
    opts: ExecOptions = {},
  ): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    const exec = await this.docker
      .getContainer(id)
      .exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, AttachStdin: opts.stdin !== undefined });
    const stream = await exec.start({ hijack: true, stdin: opts.stdin !== undefined });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const outChunks: Buffer[] = [];
    const errChunks: Buffer[] = [];
    // What runs in a container is not ours: its output is bounded, and the caller may give up on it.
    const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
    let size = 0;
    let stop: ((err: Error) => void) | null = null;
    const keep = (into: Buffer[]) => (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) return stop?.(new Error(`the command in the container wrote over ${maxBytes} bytes`));
      into.push(c);
    };
    stdout.on('data', keep(outChunks));
    stderr.on('data', keep(errChunks));
    this.docker.modem.demuxStream(stream, stdout, stderr);
    if (opts.stdin !== undefined) stream.end(opts.stdin);
    await new Promise<void>((resolve, reject) => {
      stop = (err) => {
        stream.destroy();
        reject(err);
      };
      const onAbort = () => stop?.(new Error('gave up on the command in the container'));
      if (opts.signal?.aborted) return onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        opts.signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      stream.on('end', done);
      stream.on('close', done);
      stream.on('error', reject);
    });
    const info = await exec.inspect();
    return {
      exitCode: info.ExitCode ?? -1,
      stdout: Buffer.concat(outChunks).toString('utf8'),
      stderr: Buffer.concat(errChunks).toString('utf8'),
    };
  }
}

/** Splits a buffered multiplexed log into plain bytes. */
export function demuxBuffer(buf: Buffer): Buffer {
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const size = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return Buffer.concat(parts);
}
