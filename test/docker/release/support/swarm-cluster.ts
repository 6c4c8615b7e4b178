// Three Docker engines on this machine, each a container of Debian's docker.io on a private bridge
// the test creates, joined into one Swarm, with Debian's docker-registry on the same bridge (alias
// reg:5000). The host reaches each engine and the registry only through ports published on 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURE = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/swarm-node');
const fixtureHash = createHash('sha256')
  .update(readFileSync(join(FIXTURE, 'Dockerfile')))
  .update(readFileSync(join(FIXTURE, 'entry.sh')))
  .digest('hex');
/** The node image, tagged by its fixture's content so an edit builds a new one. */
export const NODE_IMAGE = `tekton-local/swarm-node:${fixtureHash.slice(0, 12)}`;

/** One engine of the cluster. */
export interface SwarmNode {
  name: string;
  host: string;
  ip: string;
}

/** The cluster, as the test uses it. */
export interface SwarmCluster {
  network: string;
  nodes: SwarmNode[];
  /** The registry as the host pushes to it. */
  registry: string;
  /** The registry as the nodes pull from it. */
  registryAlias: string;
  remove(): void;
}

const sh = (...args: string[]) =>
  execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** Builds the node image once (a shared cache like the base images: kept between runs). */
export function ensureNodeImage(): void {
  try {
    sh('image', 'inspect', NODE_IMAGE);
    return;
  } catch {
    /* build below */
  }
  execFileSync('docker', ['build', '-q', '--label', 'tekton.test=1', '-t', NODE_IMAGE, FIXTURE], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // Older node images (an earlier fixture) are of no further use.
  for (const old of sh('images', '--format', '{{.Repository}}:{{.Tag}}', 'tekton-local/swarm-node')
    .split('\n')
    .filter((t) => t && t !== NODE_IMAGE)) {
    try {
      sh('rmi', old);
    } catch {
      /* in use by a cluster still running */
    }
  }
}

// Not --privileged: this machine's engine lacks CAP_SYS_RESOURCE in its bounding set, and privileged
// asks for every capability. What a nested engine needs is granted one by one instead.
const NODE_FLAGS = [
  '--cap-add',
  'ALL',
  '--cap-drop',
  'SYS_RESOURCE',
  '--security-opt',
  'seccomp=unconfined',
  '--security-opt',
  'apparmor=unconfined',
  '--security-opt',
  'systempaths=unconfined',
  '--device-cgroup-rule',
  'a *:* rwm',
  '-v',
  '/var/lib/docker',
];

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | null> | T | null): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await check();
      if (v !== null && v !== undefined && v !== false) return v;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Starts the registry and `size` engines and joins them into a Swarm (the first is the manager). */
export async function startSwarmCluster(prefix: string, size = 3): Promise<SwarmCluster> {
  ensureNodeImage();
  const network = `${prefix}-net`;
  const names = [`${prefix}-reg`, ...Array.from({ length: size }, (_, i) => `${prefix}-n${i + 1}`)];
  const config = mkdtempSync(join(tmpdir(), 'swarm-reg-'));
  const remove = () => {
    for (const n of names) {
      try {
        sh('rm', '-f', '-v', n);
      } catch {
        /* not there */
      }
    }
    try {
      sh('network', 'rm', network);
    } catch {
      /* not there */
    }
    rmSync(config, { recursive: true, force: true });
  };
  try {
    sh('network', 'create', '--label', 'tekton.test=1', network);
    writeFileSync(
      join(config, 'registry.yml'),
      'version: 0.1\nlog: { level: warn }\nstorage: { filesystem: { rootdirectory: /var/lib/registry } }\nhttp: { addr: ":5000" }\n',
    );
    sh(
      'run',
      '-d',
      '--name',
      names[0]!,
      '--network',
      network,
      '--network-alias',
      'reg',
      '--label',
      'tekton.test=1',
      '-p',
      '127.0.0.1::5000',
      '-v',
      `${config}:/etc/tekton-registry:ro`,
      '--entrypoint',
      '/usr/bin/docker-registry',
      NODE_IMAGE,
      'serve',
      '/etc/tekton-registry/registry.yml',
    );
    const nodes: SwarmNode[] = [];
    for (const name of names.slice(1)) {
      sh(
        'run',
        '-d',
        ...NODE_FLAGS,
        '--name',
        name,
        '--hostname',
        name,
        '--network',
        network,
        '--label',
        'tekton.test=1',
        '-p',
        '127.0.0.1::2375',
        NODE_IMAGE,
        '--host=tcp://0.0.0.0:2375',
        '--host=unix:///var/run/docker.sock',
        '--insecure-registry=reg:5000',
      );
      const port = sh('port', name, '2375').split('\n')[0]!.split(':').pop()!;
      const ip = sh('inspect', '-f', `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`, name);
      nodes.push({ name, host: `tcp://127.0.0.1:${port}`, ip });
    }
    const registry = `127.0.0.1:${sh('port', names[0]!, '5000').split('\n')[0]!.split(':').pop()}`;
    await until('the registry', 30_000, async () => (await fetch(`http://${registry}/v2/`)).ok || null);
    for (const n of nodes)
      await until(`engine ${n.name}`, 60_000, async () => (await fetch(`http://${n.host.slice(6)}/_ping`)).ok || null);
    const [manager, ...workers] = nodes;
    sh('-H', manager!.host, 'swarm', 'init', '--advertise-addr', manager!.ip);
    const token = sh('-H', manager!.host, 'swarm', 'join-token', '-q', 'worker');
    for (const w of workers) sh('-H', w.host, 'swarm', 'join', '--token', token, `${manager!.ip}:2377`);
    await until(
      'every node Ready',
      60_000,
      () =>
        sh('-H', manager!.host, 'node', 'ls', '--format', '{{.Status}}')
          .split('\n')
          .filter((s) => s === 'Ready').length === size || null,
    );
    return { network, nodes, registry, registryAlias: 'reg:5000', remove };
  } catch (err) {
    remove();
    throw err;
  }
}
