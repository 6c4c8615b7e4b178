// Benchmark of the production lifecycle (npm run bench:release), ours beside the plain Docker CLI
// doing the same in the same run, on this engine's single-node Swarm and on a three-node Swarm of
// engines in containers:
//   promote → every replica healthy   vs  docker service update --image (start-first, rollback on failure)
//   rollback → every replica healthy  vs  docker service rollback
//   a node stops → replicas healthy on the others: our promoted service and a plain `docker service
//   create` one, side by side on the same cluster.
// Writes the "Production lifecycle" section of docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ergonFamily } from '../../plugin/ergon/family';
import { runSub } from '../../test/docker/host/support/run-command';
import { pushRelease, TEST_REGISTRY } from '../../test/docker/release/support/release-images';
import { startSwarmCluster } from '../../test/docker/release/support/swarm-cluster';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const RUNS = Number(process.env.BENCH_RELEASE_RUNS ?? 3);
const sh = (...args: string[]) =>
  execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const secs = (xs: number[]) => `p50 ${median(xs).toFixed(1)} s`;
const spread = (xs: number[]) =>
  `min ${Math.min(...xs).toFixed(1)} s, max ${Math.max(...xs).toFixed(1)} s (${xs.length}×)`;

async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 250));
  }
}

function push(
  app: string,
  variant: string,
  lifecycle: unknown,
  env: Record<string, string | undefined>,
  registry: string,
): Promise<string> {
  return pushRelease({ app, variant, lifecycle, env, registry });
}

async function singleNode(env: Record<string, string | undefined>): Promise<string[]> {
  const app = `bprom${process.pid}`;
  const lifecycle = {
    stages: [
      {
        name: 'live',
        site: { kind: 'swarm' },
        rule: 'automatic',
        replicas: 2,
        rolling: { monitor_seconds: 3, health_interval_seconds: 2 },
      },
    ],
  };
  const plain = `${app}-plain`;
  const rows: string[] = [];
  try {
    const digests = [await push(app, 'a', lifecycle, env, TEST_REGISTRY)];
    const first = await runSub(ergonFamily, 'promote', { args: [app], options: { to: 'live' }, env });
    if (first.status !== 0) throw new Error(first.stderr + first.stdout);
    const ref = (d: string) => `${TEST_REGISTRY}/${app}@${d}`;
    // The plain twin: same image, same replicas, same update policy, health cadence and monitor.
    sh(
      'service',
      'create',
      '-d',
      '--name',
      plain,
      '--replicas',
      '2',
      '--label',
      'tekton.test=1',
      '--health-interval',
      '2s',
      '--health-retries',
      '2',
      '--health-start-period',
      '20s',
      '--update-order',
      'start-first',
      '--update-failure-action',
      'rollback',
      '--update-monitor',
      '3s',
      '--update-parallelism',
      '1',
      ref(digests[0]!),
    );
    await until(() => sh('service', 'ls', '--filter', `name=${plain}`, '--format', '{{.Replicas}}') === '2/2', 120_000);
    const ours: number[] = [];
    const theirs: number[] = [];
    const oursBack: number[] = [];
    const theirsBack: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const d = await push(app, `r${i}`, lifecycle, env, TEST_REGISTRY);
      ours.push(
        await timed(async () => {
          const r = await runSub(ergonFamily, 'promote', { args: [app], options: { to: 'live' }, env });
          if (r.status !== 0) throw new Error(r.stderr + r.stdout);
        }),
      );
      theirs.push(await timed(() => sh('service', 'update', '--quiet', '--detach=false', '--image', ref(d), plain)));
      oursBack.push(
        await timed(async () => {
          const r = await runSub(ergonFamily, 'rollback', { args: [app], options: { stage: 'live', yes: true }, env });
          if (r.status !== 0) throw new Error(r.stderr + r.stdout);
        }),
      );
      theirsBack.push(await timed(() => sh('service', 'rollback', '--quiet', '--detach=false', plain)));
      // Forward again so the next round's rollback has somewhere to go back to.
      const again = await runSub(ergonFamily, 'promote', { args: [app], options: { to: 'live' }, env });
      if (again.status !== 0) {
        /* same digest as running: nothing to do */
      }
    }
    rows.push(`| promote → 2 replicas healthy (aish ergon promote) | ${secs(ours)} | ${spread(ours)} |`);
    rows.push(`| same update, plain \`docker service update --image\` | ${secs(theirs)} | ${spread(theirs)} |`);
    rows.push(`| rollback → 2 replicas healthy (aish ergon rollback) | ${secs(oursBack)} | ${spread(oursBack)} |`);
    rows.push(`| same, plain \`docker service rollback\` | ${secs(theirsBack)} | ${spread(theirsBack)} |`);
  } finally {
    for (const s of [`${app}-live`, plain]) {
      try {
        sh('service', 'rm', s);
      } catch {
        /* gone */
      }
    }
  }
  return rows;
}

async function threeNodes(env: Record<string, string | undefined>): Promise<string[]> {
  const app = `bmn${process.pid}`;
  const cluster = await startSwarmCluster(`bsw${process.pid}`, 3);
  try {
    const [manager, , lost] = cluster.nodes;
    const lifecycle = {
      stages: [
        {
          name: 'prod',
          rule: 'automatic',
          replicas: 3,
          site: {
            kind: 'swarm',
            docker_host: manager!.host,
            pull_registry: cluster.registryAlias,
            node_hosts: cluster.nodes.map((n) => n.host),
          },
          rolling: { monitor_seconds: 3, health_interval_seconds: 2 },
        },
      ],
    };
    const digest = await push(app, 'a', lifecycle, env, cluster.registry);
    const r = await runSub(ergonFamily, 'promote', { args: [app], options: { to: 'prod' }, env });
    if (r.status !== 0) throw new Error(r.stderr + r.stdout);
    const m = (...args: string[]) => sh('-H', manager!.host, ...args);
    const plain = `${app}-plain`;
    m(
      'service',
      'create',
      '-d',
      '--name',
      plain,
      '--replicas',
      '3',
      '--health-interval',
      '2s',
      '--health-retries',
      '2',
      `${cluster.registryAlias}/${app}@${digest}`,
    );
    const healthyOff = (svc: string) =>
      m('service', 'ps', svc, '--filter', 'desired-state=running', '--format', '{{.Node}} {{.CurrentState}}')
        .split('\n')
        .filter(
          (l) => l.startsWith(`${cluster.nodes[0]!.name} Running`) || l.startsWith(`${cluster.nodes[1]!.name} Running`),
        ).length;
    await until(
      () =>
        m('service', 'ls', '--format', '{{.Name}} {{.Replicas}}')
          .split('\n')
          .filter((l) => l.endsWith('3/3')).length === 2,
      180_000,
    );
    sh('stop', lost!.name);
    const t0 = performance.now();
    const done: Record<string, number> = {};
    await until(() => {
      for (const svc of [`${app}-prod`, plain])
        if (!(svc in done) && healthyOff(svc) === 3) done[svc] = (performance.now() - t0) / 1000;
      return Object.keys(done).length === 2;
    }, 240_000);
    return [
      `| a node stops → 3 replicas healthy on the other 2 (service promoted by aish) | ${done[`${app}-prod`]!.toFixed(1)} s | 3-node Swarm, one run |`,
      `| same, a plain \`docker service create\` service on the same cluster | ${done[plain]!.toFixed(1)} s | same run, same node stop |`,
    ];
  } finally {
    cluster.remove();
  }
}

async function main(): Promise<void> {
  const state = mkdtempSync(join(tmpdir(), 'rb-'));
  const env = { ...process.env, TEKTON_STATE_DIR: state, HERMES_PORT: '1', AISH_HERMES_SENDER: 'off' };
  const swarmWasActive = sh('info', '-f', '{{.Swarm.LocalNodeState}}') === 'active';
  try {
    const rows = [...(await singleNode(env)), ...(await threeNodes(env))];
    const docker = sh('version', '-f', '{{.Server.Version}}');
    const section = [
      '## Production lifecycle',
      '',
      `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench:release\` on ${cpus().length} × ${cpus()[0]?.model.trim()}, Linux ${release()}, Docker ${docker}, while other work shared the machine.`,
      "Images: the host tests' CI image with one web service and a HEALTHCHECK answered by the CI (interval 2 s), pushed to Debian's docker-registry on loopback (three-node case: on the cluster's bridge).",
      'Ours and the plain CLI use the same update policy (one task at a time, start-first, roll back on failure, 3 s monitor), so the difference is what ours adds: the gate, the pull by digest, the checkpoint and the registry sync.',
      '',
      '| measure | figure | spread |',
      '|---|---|---|',
      ...rows,
      '',
    ].join('\n');
    writeSection(join(ROOT, 'docs', 'benchmarks.md'), '## Production lifecycle', section);
    process.stdout.write(`${section}\n`);
  } finally {
    if (!swarmWasActive) {
      try {
        sh('swarm', 'leave', '--force');
      } catch {
        /* not in one */
      }
    }
    rmSync(state, { recursive: true, force: true });
  }
}

/** Replaces (or appends) one section of the benchmarks document, keeping the others. */
function writeSection(path: string, heading: string, section: string): void {
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) {
    writeFileSync(path, `${text.trimEnd()}\n\n${section}`);
    return;
  }
  const next = text.indexOf('\n## ', start + 1);
  writeFileSync(path, `${text.slice(0, start + 1)}${section}${next < 0 ? '' : text.slice(next)}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:release failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
