// Self-management and learning figures for `npm run bench:ci` (scripts/bench/ci.ts): a hung
// (SIGSTOPped) web process until the CI restarts it and it is healthy again, the ordered stop,
// and what learning costs the CI (one round, a save at full size, the longest event-loop block of
// the periodic sliced save, the file size).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Learner } from '../../ci-runtime/learning/learner';
import { METRIC_NAMES } from '../../ci-runtime/learning/metrics';
import { BASELINES_FILE } from '../../ci-runtime/learning/store';
import { ask, CiConnection, docker, type CiContainer } from '../../test/docker/ci-runtime/support';
import { eventually } from '../../test/support/eventually';

type Svc = { name: string; health: string; state: string; pid: number | null };
const web = async (c: CiContainer) =>
  ((await ask(c, { type: 'status' })).services as Svc[]).find((s) => s.name === 'web')!;

/** SIGSTOP the web process; time until the CI's service_recovering event, its restart, and healthy in status. */
export async function hangToHealthy(c: CiContainer): Promise<{ detected: number; started: number; healthy: number }> {
  const before = await eventually(
    async () => {
      const w = await web(c);
      return w.health === 'healthy' && w.state === 'running' ? w : null;
    },
    { what: 'web healthy' },
  );
  const events = await CiConnection.open(c.socketPath);
  events.writeRaw(`${JSON.stringify({ type: 'events', token: c.token })}\n`);
  await new Promise((r) => setTimeout(r, 50));
  const t0 = performance.now();
  await docker(['exec', c.id, 'sh', '-c', `kill -STOP ${before.pid}`]);
  let detected = 0;
  for (;;) {
    const line = await events.next(60_000).catch(async (err: Error) => {
      const w = (await ask(c, { type: 'status' })).services as Array<Svc & { supervision?: unknown }>;
      throw new Error(
        `${err.message} waiting for the CI to restart the hung web process; status: ${JSON.stringify(w)}`,
      );
    });
    const e = line.event as { kind: string; service?: string };
    if (e.service !== 'web') continue;
    if (e.kind === 'service_recovering') detected = performance.now() - t0;
    if (e.kind === 'service_started') break;
  }
  const started = performance.now() - t0;
  events.close();
  await eventually(
    async () => {
      const w = await web(c);
      return w.health === 'healthy' && w.pid !== before.pid;
    },
    { what: 'web healthy again', timeoutMs: 60_000 },
  );
  // Status is polled every 200 ms by `eventually`, so "healthy" carries up to that much slack.
  return { detected, started, healthy: performance.now() - t0 };
}

/** One learner round (3 services × every metric) and a save, with every rollup full. */
export async function learningCost(): Promise<{
  observeMs: number;
  saveMs: number;
  slicedBlockMs: number;
  fileBytes: number;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'tekton-bench-learn-'));
  try {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const services = ['web', 'worker', 'redis'].map((name) => ({
      name,
      label: name,
      kind: name === 'redis' ? 'redis' : name,
    }));
    const learner = new Learner({
      dir,
      services,
      now: () => now,
      publish: () => undefined,
      warn: () => undefined,
      saveEveryMs: Infinity,
      judgeEveryMs: 10_000,
    });
    const round = new Map(
      services.map((s) => [s.name, Object.fromEntries(METRIC_NAMES.map((m, i) => [m, 10 + i + Math.random()]))]),
    );
    // Fill: two weeks of hours and a day of minutes (one sample a minute is enough to fill buckets).
    for (let i = 0; i < 14 * 24 * 60; i++) {
      learner.observe(round);
      now += 60_000;
    }
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      now += 2000;
      const t = performance.now();
      learner.observe(round);
      times.push(performance.now() - t);
    }
    const t = performance.now();
    learner.save();
    const saveMs = performance.now() - t;
    // The periodic save serialises one series per turn of the event loop: its longest block.
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    await learner.saveInSlices();
    delay.disable();
    times.sort((a, b) => a - b);
    return {
      observeMs: times[Math.floor(times.length * 0.99)]!,
      saveMs,
      slicedBlockMs: delay.max / 1e6,
      fileBytes: statSync(join(dir, BASELINES_FILE)).size,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
