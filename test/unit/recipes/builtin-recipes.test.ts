// The built-in recipes' own logic, through the real worker, with fixed figures from the doubles:
// what they report is computed from what they measured, and findings follow the numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineFixture, type EngineFixture } from '../../support/recipe-engine-fixture';

let fx: EngineFixture;
beforeAll(async () => {
  fx = await createEngineFixture();
}, 60_000);
afterAll(() => fx.cleanup());

describe('built-in recipes', () => {
  it('optimize-memory reports the freed MB as before minus after, and leaves Redis running', async () => {
    let purged = false;
    const engine = await fx.make({
      deps: {
        redis: async (args) => {
          if (args[0] === 'MEMORY') {
            purged = true;
            return 'OK';
          }
          const rss = purged ? 30 : 100;
          return `used_memory:${20 * 1048576}\r\nused_memory_rss:${rss * 1048576}\r\nmem_fragmentation_ratio:${rss / 20}\r\n`;
        },
        processTreeRss: () => ({ processes: 2, rss_bytes: (fx.host.restarts.includes('worker') ? 60 : 250) * 1048576 }),
        sleep: async () => undefined,
      },
    });
    fx.host.restarts.length = 0;
    const result = await engine.run({
      recipe: 'optimize-memory',
      params: {},
      dryRun: false,
      sender: 'tester',
      preapproved: true,
    });
    expect(result.ok).toBe(true);
    expect(result.summary).toMatch(/^Freed 260 MB \(measured before\/after\)\. Redis 'cache': RSS 100 → 30 MB/);
    expect(result.data).toMatchObject({
      freed_mb: 260,
      figures: { worker: { before_mb: 250, after_mb: 60, action: 'restart' } },
    });
    // Redis and the web app are never restarted as a memory fix (web only with include_web).
    expect(fx.host.restarts).toEqual(['worker']);
  });

  it('optimize-memory leaves a worker under the threshold alone', async () => {
    const engine = await fx.make({
      deps: { processTreeRss: () => ({ processes: 1, rss_bytes: 40 * 1048576 }), sleep: async () => undefined },
    });
    fx.host.restarts.length = 0;
    const result = await engine.run({
      recipe: 'optimize-memory',
      params: { worker_threshold_mb: 100 },
      dryRun: false,
      sender: 'tester',
      preapproved: true,
    });
    expect(result.summary).toContain("worker 'worker': 40 MB in 1 processes, under 100 MB; left alone");
    expect(fx.host.restarts).toEqual([]);
  });

  it('diagnose-slow turns throttling and slow answers into findings', async () => {
    const engine = await fx.make({
      deps: {
        cpuThrottling: () => ({
          cgroup: 'v1',
          periods: 1000,
          throttled_periods: 400,
          throttled_ms: 12_000,
          quota_cpus: 0.5,
        }),
        httpGet: () => new Promise((resolve) => setTimeout(() => resolve({ status: 503, body: '' }), 600)),
      },
    });
    const result = await engine.run({ recipe: 'diagnose-slow', params: {}, dryRun: false, sender: 'tester' });
    expect(result.ok).toBe(true);
    expect(result.summary).toMatch(/CPU throttled in 40% of periods \(12000 ms total, quota 0.5 CPUs\)/);
    expect(result.summary).toMatch(/'web' answered GET \/ in \d+ ms/);
    expect(result.summary).toMatch(/'web' answered GET \/ with 503/);
    expect(result.summary).toMatch(/Top consumers: web 50 MB/);
  });

  it('diagnose-slow finds nothing when nothing is wrong', async () => {
    const engine = await fx.make({
      deps: {
        cpuThrottling: () => ({ cgroup: 'v1', periods: 1000, throttled_periods: 0, throttled_ms: 0, quota_cpus: null }),
        httpGet: async () => ({ status: 200, body: '' }),
      },
    });
    const result = await engine.run({ recipe: 'diagnose-slow', params: {}, dryRun: false, sender: 'tester' });
    expect(result.summary).toMatch(/^No sign of throttling/);
  });

  it('disk-usage reports real file systems once each', async () => {
    const engine = await fx.make();
    const result = await engine.run({ recipe: 'disk-usage', params: {}, dryRun: false, sender: 'tester' });
    expect(result.ok).toBe(true);
    expect(result.summary).toMatch(/^(Nearly full: .*\. )?\/[^:]*: \d+(\.\d)?% used, \d+(\.\d)? MB free of/);
    const data = result.data as { total_bytes: number; free_bytes: number; used_bytes: number }[];
    const keys = data.map((d) => `${d.total_bytes}:${d.free_bytes}:${d.used_bytes}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
