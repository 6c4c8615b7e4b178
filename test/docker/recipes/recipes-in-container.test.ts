// Recipes through the full container CI, in a real container with Redis, Celery and Postgres from
// Debian packages. Every effect is checked from outside (docker exec redis-cli / psql / /proc):
// optimize-memory frees what it says it freed, dry runs change nothing, destructive needs a token,
// a runaway recipe is killed while the CI keeps answering, and the audit log holds every run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, docker, removeContainer, startContainer, waitForCi, type CiContainer } from '../ci-runtime/support';
import { eventually } from '../../support/eventually';
import { buildRecipeImage, RECIPE_IMAGE } from './recipe-image';
import { WORKER_UID } from '../../../protocol';

let c: CiContainer | undefined;
const runs: { recipe: string; dry_run: boolean; outcome: string }[] = [];

const exec = (args: string[], user = 'root') => docker(['exec', '-u', user, c!.id, ...args], 120_000);
const redisCli = (...args: string[]) => exec(['redis-cli', '-p', '6379', ...args]);
const psql = (sql: string) => exec(['psql', '-h', '/tmp', '-d', 'app', '-At', '-c', sql], 'app');
const mb = (bytes: number) => bytes / 1048576;
// Our own keys only: Celery keeps a few keys of its own in db 0 that come and go.
const ourKeys = async () => Number(await redisCli('EVAL', "return #redis.call('KEYS','k:*')", '0'));

async function redisInfo(): Promise<Record<string, string>> {
  return Object.fromEntries(
    (await redisCli('INFO', 'memory'))
      .split(/\r?\n/)
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
  );
}
async function servicePid(name: string): Promise<number> {
  const status = await ask(c!, { type: 'status' });
  return (status.services as { name: string; pid: number }[]).find((s) => s.name === name)!.pid;
}
// RSS of a process and its descendants, read from /proc inside the container.
async function treeRssMb(pid: number): Promise<number> {
  const script = `import os\nkids={}\nfor p in filter(str.isdigit, os.listdir('/proc')):\n  try: kids.setdefault(int(open('/proc/%s/stat'%p).read().rsplit(')',1)[1].split()[1]),[]).append(int(p))\n  except Exception: pass\nt=[${pid}];i=0\nwhile i<len(t): t+=kids.get(t[i],[]); i+=1\nrss=0\nfor p in t:\n  try: rss+=int([l for l in open('/proc/%d/status'%p) if l.startswith('VmRSS')][0].split()[1])\n  except Exception: pass\nprint(rss)`;
  return Number(await exec(['python3', '-c', script])) / 1024;
}
async function run(req: Record<string, unknown>): Promise<Record<string, unknown>> {
  const reply = await ask(c!, { type: 'run', sender: 'recipe-test', ...req });
  const outcome = reply.confirm
    ? 'confirmation_requested'
    : reply.ok
      ? 'done'
      : String(reply.summary).includes('killed')
        ? 'killed'
        : 'other';
  runs.push({ recipe: String(req.recipe), dry_run: Boolean(reply.dry_run), outcome });
  return reply;
}

beforeAll(async () => {
  await buildRecipeImage();
  c = await startContainer({ image: RECIPE_IMAGE });
  await waitForCi(c);
  await eventually(
    async () => {
      const status = await ask(c!, { type: 'status' });
      return (status.services as { health: string }[]).every((s) => s.health === 'healthy');
    },
    { what: 'all four services healthy', timeoutMs: 60_000 },
  );
});

afterAll(async () => {
  await removeContainer(c);
  await docker(['rmi', '-f', RECIPE_IMAGE]).catch(() => undefined);
});

describe('recipes in a FastAPI + Celery + Redis + Postgres container', () => {
  it('lists the built-in and project recipes with their risk', async () => {
    const reply = await eventually(
      async () => {
        const r = await ask(c!, { type: 'recipes' });
        return r.type === 'recipes_response' ? r : null;
      },
      { what: 'the recipe list' },
    );
    const risks = Object.fromEntries(
      (reply.recipes as { name: string; risk: string; source: string }[]).map((r) => [r.name, `${r.risk}/${r.source}`]),
    );
    expect(risks).toMatchObject({
      'optimize-memory': 'control/builtin',
      'clear-cache': 'destructive/builtin',
      'vacuum-analyze': 'control/builtin',
      runaway: 'inspect/project',
    });
  });

  it('optimize-memory: the dry run changes nothing, the real run asks, then frees measured memory', async () => {
    // Fragment Redis: write ~120 MB, delete two thirds. Make the Celery worker hold 200 MB.
    await redisCli('EVAL', "for i=1,300000 do redis.call('SET','k:'..i,string.rep('x',400)) end return 1", '0');
    await redisCli('EVAL', "for i=1,200000 do redis.call('DEL','k:'..i) end return 1", '0');
    await exec(['sh', '-c', 'cd /app && python3 -c "from tasks import hog; print(hog.delay(200).get(timeout=60))"']);
    const workerPid = await servicePid('worker');
    const redisPid = await servicePid('redis');
    const postgresPid = await servicePid('postgres');
    const keys = await ourKeys();
    expect(keys).toBe(100_000);
    expect(await treeRssMb(workerPid)).toBeGreaterThan(200);

    const dry = await run({ recipe: 'optimize-memory', dry_run: true });
    expect(dry).toMatchObject({ ok: true, dry_run: true });
    expect(dry.steps).toEqual(
      expect.arrayContaining([
        "would Redis MEMORY PURGE on 'redis' (port 6379, db 0)",
        "would restart service 'worker'",
      ]),
    );
    expect(await ourKeys()).toBe(keys);
    expect(await servicePid('worker')).toBe(workerPid);

    // Through chat, as `aish <ci> "optimize memory"` does: it asks first and does nothing yet.
    const asked = await ask(c!, { type: 'chat', content: 'optimize memory', sender: 'recipe-test' });
    runs.push({ recipe: 'optimize-memory', dry_run: false, outcome: 'confirmation_requested' });
    const confirm = asked.confirm as { token: string; prompt: string; risk: string };
    expect(confirm.risk).toBe('control');
    expect(confirm.prompt).toContain("restart service 'worker'");
    expect(await servicePid('worker')).toBe(workerPid);

    const rssBefore = mb(Number((await redisInfo()).used_memory_rss));
    const done = await ask(c!, {
      type: 'chat',
      content: 'optimize memory',
      confirm: confirm.token,
      sender: 'recipe-test',
    });
    runs.push({ recipe: 'optimize-memory', dry_run: false, outcome: 'done' });
    const result = done.data as {
      ok: boolean;
      data: { freed_mb: number; figures: Record<string, { before_mb: number; after_mb: number }> };
    };
    expect(result.ok).toBe(true);
    expect(String(done.content)).toMatch(/^Freed \d+(\.\d)? MB \(measured before\/after\)/);
    const rssAfter = mb(Number((await redisInfo()).used_memory_rss));
    const redisFig = result.data.figures['redis:redis']!;
    const workerFig = result.data.figures.worker!;
    // The recipe's figures agree with what we read from outside.
    expect(Math.abs(redisFig.before_mb - rssBefore)).toBeLessThan(8);
    // Ours is read after the whole run: the restarted worker has reconnected and declared its queues
    // in Redis since the recipe's reading, which moves Redis's RSS by a few MB more.
    expect(Math.abs(redisFig.after_mb - rssAfter)).toBeLessThan(16);
    const newWorkerPid = await servicePid('worker');
    expect(newWorkerPid).not.toBe(workerPid);
    expect(workerFig.before_mb).toBeGreaterThan(200);
    expect(Math.abs(workerFig.after_mb - (await treeRssMb(newWorkerPid)))).toBeLessThan(25);
    const claimed = result.data.freed_mb;
    expect(claimed).toBeCloseTo(redisFig.before_mb - redisFig.after_mb + workerFig.before_mb - workerFig.after_mb, 0);
    expect(claimed).toBeGreaterThan(150);
    // Redis and Postgres were not restarted as a memory fix; Redis kept its data.
    expect(await servicePid('redis')).toBe(redisPid);
    expect(await servicePid('postgres')).toBe(postgresPid);
    expect(await ourKeys()).toBe(keys);
    console.log(`optimize-memory: ${done.content}`);
  });

  it('clear-cache: refused without a token or with a wrong one, names the target, flushes with the token', async () => {
    // The test's own keys: the app and its worker write keys of their own (Celery's) at any moment.
    const keys = await ourKeys();
    expect(keys).toBeGreaterThan(0);
    const asked = await run({ recipe: 'clear-cache' });
    const confirm = asked.confirm as { token: string; prompt: string; risk: string };
    expect(confirm.risk).toBe('destructive');
    expect(confirm.prompt).toContain("FLUSHDB on 'redis' (port 6379, db 0)");
    expect(await ourKeys()).toBe(keys);
    const forged = await run({ recipe: 'clear-cache', confirm: 'f'.repeat(32) });
    expect(forged.ok).toBe(false);
    expect(String(forged.summary)).toMatch(/unknown or already used confirmation token/);
    expect(await ourKeys()).toBe(keys);
    const done = await run({ recipe: 'clear-cache', confirm: confirm.token });
    expect(done.ok).toBe(true);
    const [, before] = /(\d+) → \d+ keys/.exec(String(done.summary)) ?? [];
    expect(Number(before)).toBeGreaterThanOrEqual(keys);
    expect(await ourKeys()).toBe(0);
  });

  it('vacuum-analyze: logs in with SCRAM from the manifest and vacuums (seen in pg_stat_user_tables)', async () => {
    await psql(
      "CREATE TABLE items(id int, v text); INSERT INTO items SELECT g, 'x' FROM generate_series(1, 20000) g; DELETE FROM items WHERE id % 2 = 0;",
    );
    const dry = await run({ recipe: 'vacuum-analyze', dry_run: true });
    expect(dry.ok).toBe(true);
    expect(await psql("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'items'")).toBe('0');
    const asked = await run({ recipe: 'vacuum-analyze' });
    const done = await run({ recipe: 'vacuum-analyze', confirm: (asked.confirm as { token: string }).token });
    expect(done.ok).toBe(true);
    expect(String(done.summary)).toMatch(/dead tuples \d+ → \d+/);
    expect(
      Number(await psql("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'items'")),
    ).toBeGreaterThanOrEqual(1);
  });

  it("the CI's Postgres client logs in with SCRAM-SHA-256, md5 and trust, and reports a wrong password", async () => {
    const probe = async (...args: string[]) =>
      JSON.parse(await exec(['/opt/tekton-ci/node', '/opt/pg-probe.js', ...args])) as {
        ok: boolean;
        rows?: string[][];
        error?: string;
      };
    expect(await probe('app', 'secret-pw', 'SELECT current_user')).toMatchObject({ ok: true, rows: [['app']] });
    expect(await probe('md5user', 'md5-pw', 'SELECT current_user')).toMatchObject({ ok: true, rows: [['md5user']] });
    expect(await probe('app', '-', 'SELECT 1', '/tmp/.s.PGSQL.5432')).toMatchObject({ ok: true, rows: [['1']] });
    expect((await probe('app', 'wrong', 'SELECT 1')).error).toMatch(
      /password authentication failed for user "app" \(SQLSTATE 28P01\)/,
    );
    expect((await probe('app', '-', 'SELECT 1')).error).toMatch(
      /wants a password for user 'app' and none is configured/,
    );
    expect((await probe('app', 'secret-pw', 'SELECT * FROM nope')).error).toMatch(/relation "nope" does not exist/);
  });

  it('kills a runaway recipe at its limit while the CI keeps answering', async () => {
    const pending = run({ recipe: 'runaway' });
    let settled = false;
    void pending.then(() => {
      settled = true;
    });
    const status = await ask(c!, { type: 'status' });
    expect(status.type).toBe('status_response');
    expect(settled).toBe(false);
    // While it spins: the worker runs as its own user (not the app's), with no token in its environment.
    const pid = await eventually(
      async () =>
        (await exec(['sh', '-c', 'grep -l "recipe-worke[r]" /proc/[0-9]*/cmdline 2>/dev/null | head -1'])).split(
          '/',
        )[2],
      { what: 'the recipe worker process' },
    );
    expect(await exec(['sh', '-c', `grep Uid /proc/${pid}/status`])).toMatch(
      new RegExp(`^Uid:\\s+${WORKER_UID}\\s+${WORKER_UID}`),
    );
    expect(await exec(['sh', '-c', `tr '\\0' ' ' < /proc/${pid}/cmdline`])).toMatch(
      /--permission --allow-fs-read=\/opt\/tekton-ci\/recipe-worker\.js /,
    );
    // Read as the worker's own user: root in a container lacks CAP_SYS_PTRACE for other users' environ.
    const environ = await exec(['sh', '-c', `tr '\\0' '\\n' < /proc/${pid}/environ`], `${WORKER_UID}:${WORKER_UID}`);
    expect(environ).toMatch(/^PATH=/m);
    expect(environ).not.toMatch(/TEKTON_CI_TOKEN|POSTGRES_PASSWORD|DATABASE_URL/);
    // And the token file is out of its reach.
    await expect(exec(['cat', '/run/tekton-ci/token'], String(WORKER_UID))).rejects.toThrow(/Permission denied/);
    const result = await pending;
    expect(result.ok).toBe(false);
    expect(String(result.summary)).toMatch(/killed at its time limit of 3000 ms/);
    // No worker process is left behind.
    expect(await exec(['sh', '-c', 'grep -l "recipe-worke[r]" /proc/[0-9]*/cmdline 2>/dev/null | wc -l'])).toBe('0');
  });

  it('the audit log holds every run, dry or real, with its outcome', async () => {
    const reply = await ask(c!, { type: 'audit', lines: 500 });
    const entries = reply.entries as {
      recipe: string;
      dry_run: boolean;
      outcome: string;
      sender: string;
      duration_ms: number;
    }[];
    expect(entries.length).toBe(runs.length);
    for (const r of runs) {
      expect(
        entries.some(
          (e) =>
            e.recipe === r.recipe &&
            e.dry_run === r.dry_run &&
            e.sender === 'recipe-test' &&
            (r.outcome === 'other' || e.outcome === r.outcome),
        ),
        JSON.stringify(r),
      ).toBe(true);
    }
  });
});
