// Starts a built image the way Ergon does (the CI's run dir bind-mounted, ports published on
// loopback), waits for the app and asks its CI over the socket. Everything carries tekton.test=1.
import { mkdtempSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { type Request, requestOverSocket } from '../../../../protocol';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';

/** A running test container and how to reach it. */
export interface RunningImage {
  id: string;
  runDir: string;
  /** Host port published for each container port. */
  ports: Record<number, number>;
  stop(): Promise<void>;
}

/** Extra settings for runImage (split layouts: a network, a name, the CI's container). */
export interface RunExtras {
  name?: string;
  network?: string;
  env?: Record<string, string>;
  cmd?: string[];
}

/** Runs `image` with the CI run dir mounted and `ports` published on 127.0.0.1. */
export async function runImage(
  docker: Docker,
  image: string,
  ports: number[],
  extras: RunExtras = {},
): Promise<RunningImage> {
  const runDir = mkdtempSync(join(tmpdir(), 'tekton-ci-run-'));
  chmodSync(runDir, 0o755);
  const container = await docker.createContainer({
    Image: image,
    ...(extras.name ? { name: extras.name } : {}),
    Env: Object.entries(extras.env ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(extras.cmd ? { Cmd: extras.cmd } : {}),
    Labels: { 'tekton.test': '1' },
    ExposedPorts: Object.fromEntries(ports.map((p) => [`${p}/tcp`, {}])),
    HostConfig: {
      Binds: [`${runDir}:/run/tekton-ci`],
      PortBindings: Object.fromEntries(ports.map((p) => [`${p}/tcp`, [{ HostIp: '127.0.0.1', HostPort: '' }]])),
      ...(extras.network ? { NetworkMode: extras.network } : {}),
    },
  });
  await container.start();
  const info = await container.inspect();
  const published: Record<number, number> = {};
  for (const p of ports) published[p] = Number(info.NetworkSettings.Ports[`${p}/tcp`]?.[0]?.HostPort);
  return {
    id: container.id,
    runDir,
    ports: published,
    async stop() {
      await container.remove({ force: true }).catch(() => {});
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}

/** GETs a URL on loopback; the body when the status is 200. */
export async function httpGet(url: string): Promise<string | undefined> {
  const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
  return res.status === 200 ? await res.text() : undefined;
}

/** Sends one request to the CI's socket with the token from the run dir; resolves the reply. */
export function askCiSocket(runDir: string, request: Record<string, unknown>): Promise<Record<string, unknown>> {
  const token = readFileSync(join(runDir, 'token'), 'utf8').trim();
  return requestOverSocket({
    address: { path: join(runDir, 'ci.sock') },
    request: { id: 'test', ...request, token } as unknown as Request,
    timeoutMs: 10_000,
    maxReplyBytes: 16 * 1024 * 1024,
  }) as unknown as Promise<Record<string, unknown>>;
}

/** Removes images by reference, ignoring ones already gone. */
export async function removeImages(docker: Docker, refs: string[]): Promise<void> {
  for (const ref of refs)
    await docker
      .getImage(ref)
      .remove({ force: true })
      .catch(() => {});
}

/** Runs a command in the container and returns its stdout (Docker's multiplexed stream demuxed). */
export async function execText(docker: Docker, id: string, cmd: string[]): Promise<string> {
  const exec = await docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  const { PassThrough } = await import('node:stream');
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => {
    text += d.toString();
  });
  docker.modem.demuxStream(stream, out, new PassThrough());
  await new Promise<void>((r) => stream.on('end', () => r()));
  return text;
}
