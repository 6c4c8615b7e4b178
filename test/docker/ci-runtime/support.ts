// Helpers for the container CI's real-engine tests: build the fixture image from a temp context,
// run containers with the CI's run dir bind-mounted from a temp host dir, talk NDJSON over the
// socket, and remove everything (all objects carry tekton.test=1).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildCiAssets } from '../../../scripts/build-ci-assets';
import { LineSplitter, pollUntil } from '../../../protocol';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
export const FIXTURE_IMAGE = 'tekton-test/ci-fixture:latest';
const TEST_LABEL = 'tekton.test=1';

/** Runs the docker CLI; rejects with its stderr. */
export async function docker(args: string[], timeoutMs = 600_000): Promise<string> {
  try {
    const { stdout } = await run('docker', args, {
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
    });
    return stdout.trim();
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`docker ${args.slice(0, 3).join(' ')} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/**
 * Builds a test image from `fixtures/<fixture>/` (its Dockerfile, manifest.json and whatever else
 * it holds) plus the CI assets as `tekton-ci/`, in a temporary build context.
 */
export async function buildFixtureImage(
  opts: { fixture?: string; tag?: string; manifest?: object } = {},
): Promise<string> {
  const tag = opts.tag ?? FIXTURE_IMAGE;
  const assets = await buildCiAssets();
  const ctx = mkdtempSync(join(tmpdir(), 'tekton-ci-fixture-'));
  try {
    cpSync(join(ROOT, 'test/docker/ci-runtime/fixtures', opts.fixture ?? 'fastapi-redis-celery'), ctx, {
      recursive: true,
    });
    cpSync(assets.outDir, join(ctx, 'tekton-ci'), { recursive: true });
    if (opts.manifest) writeFileSync(join(ctx, 'manifest.json'), JSON.stringify(opts.manifest));
    await docker(['build', '-q', '--label', TEST_LABEL, '-t', tag, ctx]);
    return tag;
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
}

/** A running test container and its host-side run dir. */
export interface CiContainer {
  id: string;
  runDir: string;
  socketPath: string;
  token: string;
}

/** Starts a container; the host writes the token file first (as Ergon does), or passes it in the environment. */
export async function startContainer({
  image = FIXTURE_IMAGE,
  env = {},
  args = [],
  extra = [],
  tokenInEnv = false,
}: {
  image?: string;
  env?: Record<string, string>;
  args?: string[];
  extra?: string[];
  tokenInEnv?: boolean;
} = {}): Promise<CiContainer> {
  const runDir = mkdtempSync(join(tmpdir(), 'tekton-ci-run-'));
  const token = randomBytes(16).toString('hex');
  if (tokenInEnv) env = { ...env, TEKTON_CI_TOKEN: token };
  else writeFileSync(join(runDir, 'token'), `${token}\n`, { mode: 0o600 });
  const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  // No network: the tests talk over the bind-mounted socket and the services over loopback, so
  // nothing here can send traffic anywhere else (and no bridge is needed).
  const id = await docker([
    'run',
    '-d',
    '--network',
    'none',
    '--label',
    TEST_LABEL,
    '-v',
    `${runDir}:/run/tekton-ci`,
    ...envArgs,
    ...extra,
    image,
    ...args,
  ]);
  return { id, runDir, socketPath: join(runDir, 'ci.sock'), token };
}

/** Removes a test container and its run dir. */
export async function removeContainer(c: CiContainer | undefined): Promise<void> {
  if (!c) return;
  await docker(['rm', '-f', '-v', c.id]).catch(() => undefined);
  rmSync(c.runDir, { recursive: true, force: true });
}

/** Removes every object labelled tekton.test=1 that these tests create (containers, then the image). */
export async function cleanupAll(images: string[] = [FIXTURE_IMAGE]): Promise<void> {
  const ids = (
    await docker(['ps', '-aq', '--filter', `label=${TEST_LABEL}`, '--filter', `ancestor=${FIXTURE_IMAGE}`]).catch(
      () => '',
    )
  )
    .split('\n')
    .filter(Boolean);
  if (ids.length) await docker(['rm', '-f', '-v', ...ids]).catch(() => undefined);
  for (const image of images) await docker(['rmi', '-f', image]).catch(() => undefined);
}

/** An NDJSON connection to a CI socket. */
export class CiConnection {
  private readonly lines = new LineSplitter(16 * 1024 * 1024);
  private readonly waiting: Array<(line: Record<string, unknown>) => void> = [];
  readonly received: Array<Record<string, unknown>> = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => {
      for (const event of this.lines.push(chunk)) {
        if (event.kind !== 'line') throw new Error(`the CI sent a line of ${event.bytes} bytes`);
        const line = JSON.parse(event.text) as Record<string, unknown>;
        const w = this.waiting.shift();
        if (w) w(line);
        else this.received.push(line);
      }
    });
  }

  /** Connects to a socket path. */
  static open(path: string): Promise<CiConnection> {
    return new Promise((resolve, reject) => {
      const s = createConnection(path);
      s.once('connect', () => resolve(new CiConnection(s)));
      s.once('error', reject);
    });
  }

  /** Sends a raw line (no newline added). */
  writeRaw(text: string | Buffer): void {
    this.socket.write(text);
  }

  /** The next line from the CI. */
  next(timeoutMs = 10_000): Promise<Record<string, unknown>> {
    const queued = this.received.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  }

  /** Sends a request and waits for the next line. */
  async request(req: object, timeoutMs?: number): Promise<Record<string, unknown>> {
    this.socket.write(`${JSON.stringify(req)}\n`);
    return this.next(timeoutMs);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Waits until the CI answers ping on its socket; returns how long that took. */
export async function waitForCi(c: CiContainer, timeoutMs = 30_000): Promise<number> {
  const start = Date.now();
  const pong = async (): Promise<boolean> => {
    if (!existsSync(c.socketPath)) return false;
    const conn = await CiConnection.open(c.socketPath);
    try {
      return (await conn.request({ type: 'ping' }, 2000)).type === 'pong';
    } finally {
      conn.close();
    }
  };
  if ((await pollUntil(pong, (up) => up, { timeoutMs, intervalMs: 20 })).ok) return Date.now() - start;
  const logs = await docker(['logs', '--tail', '30', c.id]).catch(() => '');
  throw new Error(`The CI in ${c.id.slice(0, 12)} did not answer ping within ${timeoutMs} ms. Last output:\n${logs}`);
}

/** One request on a fresh connection, with the container's token. */
export async function ask(c: CiContainer, req: object): Promise<Record<string, unknown>> {
  const conn = await CiConnection.open(c.socketPath);
  try {
    return await conn.request({ token: c.token, ...req });
  } finally {
    conn.close();
  }
}
