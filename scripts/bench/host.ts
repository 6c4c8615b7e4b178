// Benchmark of the host side (npm run bench:host): the one-shot `node dist/aish.js <x>-container-ci
// "status"` wall time including process start, and `aish ci list --json` (memory and health of 50
// running containers, from their CIs) against `docker stats --no-stream` on the same containers in
// the same run. Writes the figures into the "Host" section of docs/benchmarks.md.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCiTestImage } from '../../test/docker/host/support/ci-test-image';
import { type BenchRow, markdownTable, percentile, writeBenchSection } from './report';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const CONTAINERS = Number(process.env.BENCH_HOST_CONTAINERS ?? 50);
const ONESHOT_RUNS = 20;
const LIST_RUNS = 5;
const STATS_RUNS = 2;
const PREFIX = 'hbench';

const pct = percentile;
const ms = (x: number) => `${x.toFixed(0)} ms`;

function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; stdout: string; code: number }> {
  const t = performance.now();
  return new Promise((res) =>
    execFile(cmd, args, { env, cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) =>
      res({ ms: performance.now() - t, stdout, code: err ? Number((err as { code?: number }).code ?? 1) : 0 }),
    ),
  );
}

async function main(): Promise<void> {
  execFileSync('npx', ['tsx', 'scripts/bundle.ts'], { cwd: ROOT, stdio: 'inherit' });
  const image = ensureCiTestImage();
  const state = mkdtempSync(join(tmpdir(), 'hb-'));
  const env = { ...process.env, TEKTON_STATE_DIR: state, HERMES_PORT: '1', AISH_MONITOR: 'off' };
  const names = Array.from({ length: CONTAINERS }, (_, i) => `${PREFIX}-${i}`);
  const aish = (args: string[]) => run(process.execPath, [join(ROOT, 'dist', 'aish.js'), ...args], env);
  try {
    process.stderr.write(`starting ${CONTAINERS} containers (CI + a sleep worker each)...\n`);
    for (let i = 0; i < names.length; i += 5) {
      const batch = names
        .slice(i, i + 5)
        .map((n) => aish(['ergon', 'run', image, '--name', n, '-e', 'TEKTON_CI_SERVICES=worker', '--no-wait']));
      for (const r of await Promise.all(batch)) if (r.code !== 0) throw new Error(`ergon run failed: ${r.stdout}`);
    }
    // Wait until every CI answers and says healthy.
    const deadline = Date.now() + 180_000;
    let healthy = 0;
    while (Date.now() < deadline) {
      const r = await aish(['ci', 'list', '--json']);
      const cis = (
        JSON.parse(r.stdout).cis as { ci_name: string; health: string; memory_bytes: number | null }[]
      ).filter((c) => c.ci_name.startsWith(PREFIX));
      healthy = cis.filter((c) => c.health === 'healthy' && c.memory_bytes !== null).length;
      if (healthy === CONTAINERS) break;
      await new Promise((r2) => setTimeout(r2, 1000));
    }
    if (healthy !== CONTAINERS) throw new Error(`only ${healthy}/${CONTAINERS} CIs healthy after 180 s`);

    const oneshot: number[] = [];
    for (let i = 0; i < ONESHOT_RUNS; i++) {
      const r = await aish([`${names[i % names.length]}-container-ci`, 'status']);
      if (r.code !== 0) throw new Error(`one-shot status failed: ${r.stdout}`);
      oneshot.push(r.ms);
    }
    const nodeStart: number[] = [];
    for (let i = 0; i < 5; i++) nodeStart.push((await run(process.execPath, ['-e', ''], env)).ms);

    const list: number[] = [];
    let sample = '';
    for (let i = 0; i < LIST_RUNS; i++) {
      const r = await aish(['ci', 'list', '--json']);
      const cis = (
        JSON.parse(r.stdout).cis as { ci_name: string; health: string; memory_bytes: number | null }[]
      ).filter((c) => c.ci_name.startsWith(PREFIX));
      if (cis.length !== CONTAINERS || cis.some((c) => c.health !== 'healthy' || c.memory_bytes === null))
        throw new Error('ci list lost a CI or its memory during the benchmark');
      sample = `${cis.length} CIs healthy, memory ${(cis.reduce((a, c) => a + c.memory_bytes!, 0) / cis.length / 2 ** 20).toFixed(1)} MB each on average`;
      list.push(r.ms);
    }
    const stats: number[] = [];
    for (let i = 0; i < STATS_RUNS; i++) {
      const r = await run('docker', ['stats', '--no-stream', '--format', '{{.Name}} {{.MemUsage}}', ...names], env);
      if (r.code !== 0) throw new Error('docker stats failed');
      stats.push(r.ms);
    }

    const rows: BenchRow[] = [
      [
        `one-shot \`aish <x>-container-ci "status"\` incl. process start (${ONESHOT_RUNS}×)`,
        `p50 ${ms(pct(oneshot, 50))}`,
        `p90 ${ms(pct(oneshot, 90))}, max ${ms(Math.max(...oneshot))}`,
      ],
      ['`node -e ""` (process start alone, 5×)', `p50 ${ms(pct(nodeStart, 50))}`, ''],
      [
        `\`aish ci list --json\`, ${CONTAINERS} containers, memory + health (${LIST_RUNS}×)`,
        `p50 ${ms(pct(list, 50))}`,
        `max ${ms(Math.max(...list))}; ${sample}`,
      ],
      [
        `\`docker stats --no-stream\`, same ${CONTAINERS} containers (${STATS_RUNS}×)`,
        `p50 ${ms(pct(stats, 50))}`,
        `max ${ms(Math.max(...stats))}`,
      ],
    ];
    process.stdout.write(`${markdownTable(rows)}\n`);
    writeBenchSection({
      title: 'Host',
      script: 'bench:host',
      third: 'spread',
      rows,
      notes: [
        `${CONTAINERS} containers of a small test image (Debian base, the container CI, one \`sleep\` worker), started with \`aish ergon run\`; the host reaches each CI over its bind-mounted socket.`,
        'Targets (issue #5): one-shot ≤ 250 ms; `ci list` of 50 containers ≤ 1 s.',
      ],
    });
  } finally {
    process.stderr.write('removing the benchmark containers...\n');
    execFileSync('docker', ['rm', '-f', ...names], { stdio: 'ignore' });
    rmSync(state, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  process.stderr.write(`Error: ${err.message}\n`);
  process.exit(1);
});
