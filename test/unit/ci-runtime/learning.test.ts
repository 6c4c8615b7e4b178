// Learning with an injected clock and a temporary state directory: bounded rollups, anomalies
// against the baseline (with when they started and the recipe that fits), "what changed",
// baselines surviving a restart of the CI, and a damaged file set aside without a crash.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CiEvent, ServiceStatus } from '../../../protocol';
import { judge, suggestRecipe } from '../../../ci-runtime/learning/anomalies';
import { Learner } from '../../../ci-runtime/learning/learner';
import { sampleOf } from '../../../ci-runtime/learning/sample';
import { addSample, CAPACITY, emptySeries, HOUR, MINUTE } from '../../../ci-runtime/learning/series';
import { BASELINES_FILE } from '../../../ci-runtime/learning/store';
import { anomaliesSentence, summarize } from '../../../ci-runtime/status-view';

const T0 = Date.parse('2026-11-29T12:00:00Z');
const REDIS = { name: 'redis', label: 'Redis', kind: 'redis', cache: true };
const WEB = { name: 'web', label: 'FastAPI', kind: 'web' };
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tekton-learn-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A learner on a clock the test moves; `feed` samples every 10 s for `minutes`. */
function learnerAt(dir: string) {
  let now = T0;
  const events: Array<Omit<CiEvent, 'at'>> = [];
  const warnings: string[] = [];
  const learner = new Learner({
    dir,
    services: [REDIS, WEB],
    now: () => now,
    publish: (e) => events.push(e),
    warn: (l) => warnings.push(l),
    judgeEveryMs: 0,
  });
  const feed = (minutes: number, figures: Record<string, Record<string, number>>) => {
    for (let i = 0; i < minutes * 6; i++) {
      learner.observe(new Map(Object.entries(figures)));
      now += 10_000;
    }
  };
  return {
    learner,
    events,
    warnings,
    feed,
    setNow: (t: number) => {
      now = t;
    },
    now: () => now,
  };
}

describe('rollups', () => {
  it('stay within a day of minutes and two weeks of hours however long they run', () => {
    const s = emptySeries();
    for (let t = 0; t < 20 * 24 * HOUR; t += MINUTE) addSample(s, T0 + t, 1);
    expect(s.minutes.length).toBe(CAPACITY.minutes);
    expect(s.hours.length).toBe(CAPACITY.hours);
    expect(s.hours.at(-1)).toEqual([T0 + 20 * 24 * HOUR - HOUR, 60, 60, 1, 1]);
  });

  it('fold samples of one minute into one bucket with count, sum, min and max', () => {
    const s = emptySeries();
    addSample(s, T0, 2);
    addSample(s, T0 + 20_000, 6);
    addSample(s, T0 + 40_000, Number.NaN);
    expect(s.minutes).toEqual([[T0, 2, 8, 2, 6]]);
  });
});

describe('anomalies', () => {
  it('flag Redis memory 3.1× its 24-hour median, since when, suggesting the recipe that fits', () => {
    const s = emptySeries();
    for (let t = 0; t < 24 * HOUR; t += MINUTE) addSample(s, T0 + t, 20);
    const jump = T0 + 24 * HOUR;
    for (let t = 0; t < 6 * MINUTE; t += 10_000) addSample(s, jump + t, 62);
    const a = judge(REDIS, 'memory_mb', s, jump + 6 * MINUTE - 1);
    expect(a).toMatchObject({
      service: 'redis',
      metric: 'memory_mb',
      value: 62,
      baseline: 20,
      ratio: 3.1,
      since: new Date(jump).toISOString(),
      suggest: 'clear-cache',
    });
    expect(a!.text).toBe('Redis memory 3.1× its 24-hour median since 12:00 UTC (62 MB vs 20 MB)');
  });

  it('ignore a small absolute change, and judge nothing before an hour of history', () => {
    const s = emptySeries();
    for (let t = 0; t < 2 * HOUR; t += MINUTE) addSample(s, T0 + t, 2);
    for (let t = 0; t < 5 * MINUTE; t += MINUTE) addSample(s, T0 + 2 * HOUR + t, 9);
    expect(judge(REDIS, 'memory_mb', s, T0 + 2 * HOUR + 5 * MINUTE)).toBeNull();
    const young = emptySeries();
    for (let t = 0; t < 30 * MINUTE; t += MINUTE) addSample(young, T0 + t, 20);
    for (let t = 0; t < 5 * MINUTE; t += MINUTE) addSample(young, T0 + 30 * MINUTE + t, 200);
    expect(judge(REDIS, 'memory_mb', young, T0 + 35 * MINUTE)).toBeNull();
  });

  it('suggest a recipe by service kind and metric', () => {
    expect(suggestRecipe({ kind: 'redis', cache: false }, 'memory_mb')).toBe('optimize-memory');
    expect(suggestRecipe({ kind: 'worker' }, 'queue_length')).toBe('restart-workers');
    expect(suggestRecipe({ kind: 'postgres' }, 'probe_ms')).toBe('vacuum-analyze');
    expect(suggestRecipe({ kind: 'web' }, 'probe_ms')).toBe('diagnose-slow');
    expect(suggestRecipe({ kind: 'redis' }, 'clients')).toBe('connections');
  });
});

describe('the learner', () => {
  it('raises an anomaly event, shows it in status, and clears it when the figure comes back', () => {
    const { learner, events, feed } = learnerAt(tempDir());
    feed(120, { redis: { memory_mb: 20, ops_per_sec: 5 }, web: { memory_mb: 50, probe_ms: 3 } });
    expect(learner.anomalies()).toEqual([]);
    expect(learner.unusualText()).toMatch(/^Nothing unusual: every figure I learn is within 3× of its usual level/);
    feed(6, { redis: { memory_mb: 70, ops_per_sec: 5 }, web: { memory_mb: 50, probe_ms: 3 } });
    const [a] = learner.anomalies();
    expect(a).toMatchObject({ service: 'redis', metric: 'memory_mb', suggest: 'clear-cache' });
    expect(a!.text).toMatch(/^Redis memory 3\.5× its 2-hour median since 14:0\d UTC \(70 MB vs 20 MB\)$/);
    // One event when it first crosses the line (the figures in it are those of that moment).
    const raised = events.filter((e) => e.kind === 'anomaly');
    expect(raised).toHaveLength(1);
    expect(raised[0]!.detail).toMatch(
      /^Redis memory 3\.\d× its 2-hour median since 14:00 UTC \(\d+ MB vs 20 MB\) \(suggest: clear-cache\)$/,
    );
    expect(learner.unusualText()).toMatch(
      /Unusual right now:\n {2}Redis memory 3\.5×.*; the clear-cache recipe may help \(ask me to run it\)/,
    );
    const services: ServiceStatus[] = [
      {
        name: 'redis',
        kind: 'redis',
        label: 'Redis',
        state: 'running',
        health: 'healthy',
        pid: 1,
        ports: [],
        memory_bytes: null,
        cpu_percent: null,
        restarts: 0,
        uptime_s: 1,
        anomalies: [a!],
      },
    ];
    expect(summarize(services)).toMatch(
      /^Running 1 service: Redis \(healthy\)\. Unusual: Redis memory 3\.5×.*\(suggest: clear-cache\)$/,
    );
    expect(anomaliesSentence([])).toBe('');
    feed(10, { redis: { memory_mb: 20 }, web: { memory_mb: 50 } });
    expect(learner.anomalies()).toEqual([]);
    expect(events.at(-1)).toMatchObject({ kind: 'anomaly_cleared', service: 'redis' });
  });

  it('keeps its baselines across a restart of the CI, in bounded space', async () => {
    const dir = tempDir();
    const first = learnerAt(dir);
    first.feed(90, { redis: { memory_mb: 20 }, web: { memory_mb: 50 } });
    // The periodic save (serialised in slices) writes what the shutdown save would. The first await
    // lets the save the feed started (at 5 minutes) finish; the second is a save of now.
    await first.learner.saveInSlices();
    await first.learner.saveInSlices();
    const sliced = readFileSync(join(dir, BASELINES_FILE), 'utf8');
    first.learner.save();
    expect(readFileSync(join(dir, BASELINES_FILE), 'utf8')).toBe(sliced);
    const size = statSync(join(dir, BASELINES_FILE)).size;
    expect(size).toBeLessThan(100_000);
    const second = learnerAt(dir);
    second.setNow(first.now());
    expect(second.learner.learningSince()).toBe(T0);
    second.feed(6, { redis: { memory_mb: 90 }, web: { memory_mb: 50 } });
    expect(second.learner.anomalies().map((a) => a.metric)).toEqual(['memory_mb']);
    expect(second.warnings).toEqual([]);
  });

  it('sets a file cut in half or full of garbage aside with a warning, and learns again', () => {
    for (const damage of [
      (t: string) => t.slice(0, t.length >> 1),
      () => '{"format":1,"services":{"redis":{"memory_mb":{"minutes":[["x"]],"hours":[]}}}}',
      () => '\u0000\u0001garbage',
    ]) {
      const dir = tempDir();
      const a = learnerAt(dir);
      a.feed(3, { redis: { memory_mb: 20 } });
      a.learner.save();
      const path = join(dir, BASELINES_FILE);
      writeFileSync(path, damage(readFileSync(path, 'utf8')));
      const b = learnerAt(dir);
      expect(b.warnings).toHaveLength(1);
      expect(b.warnings[0]).toMatch(
        new RegExp(`${BASELINES_FILE} could not be read \\(.+\\); kept it as .+damaged-.+ and started learning again`),
      );
      expect(b.learner.learningSince()).toBeNull();
      expect(readdirSync(dir).filter((f) => f.includes('damaged'))).toHaveLength(1);
      b.feed(1, { redis: { memory_mb: 20 } });
      b.learner.save();
      expect(JSON.parse(readFileSync(path, 'utf8')).format).toBe(1);
    }
  });

  it('warns once and keeps learning in memory when the state directory cannot be written', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'blocker'), 'a file, not a directory');
    const { learner, warnings, feed } = learnerAt(join(dir, 'blocker'));
    feed(1, { redis: { memory_mb: 20 } });
    learner.save();
    learner.save();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot keep baselines in .*blocker .*learning continues in memory/);
    expect(learner.learningSince()).toBe(T0);
  });

  it('answers what changed: what the supervisor did first, then the metric moves over the last hour', () => {
    const { learner, feed } = learnerAt(tempDir());
    expect(learner.changesText([])).toMatch(
      /^Nothing the CI did in the last hour, and I have learned this container for 0 minutes/,
    );
    feed(120, { web: { probe_ms: 10, memory_mb: 50 } });
    feed(60, { web: { probe_ms: 300, memory_mb: 52 } });
    const text = learner.changesText(['web exited 2 times in the last hour (last 11:50 UTC: exit code 1)']);
    expect(text).toBe(
      'What changed:\n  web exited 2 times in the last hour (last 11:50 UTC: exit code 1)\n' +
        '  FastAPI probe latency rose to 300 ms over the last hour, from a 2-hour median of 10 ms',
    );
  });

  it('samples restarts as the count since the previous round', () => {
    const rt = {
      memoryBytes: 10 * 1048576,
      cpuPercent: 1.23,
      probe: { detail: '', latency_ms: 4, at: '' },
      restarts: 3,
      pid: 7,
    };
    expect(sampleOf(rt, undefined)).toEqual({ memory_mb: 10, cpu_percent: 1.2, probe_ms: 4, restarts: 0 });
    expect(sampleOf({ ...rt, pid: null }, 1)).toEqual({ restarts: 2 });
  });
});
