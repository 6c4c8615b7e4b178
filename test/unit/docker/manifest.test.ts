// The manifest of examples/myapp (web on 8000, redis, a celery worker; one container by default,
// redis in its own with --split), its `plan --json` summary, and the cache decision.
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateManifest } from '../../../protocol';
import { planCommand } from '../../../plugin/docker/commands/plan-command';
import { memoryTree } from '../../../plugin/docker/analysis/project-tree';
import { analyzeProject } from '../../../plugin/docker/analysis/analyze-project';
import { planProject } from '../../../plugin/docker/plan-project';
import { runSubcommand } from './run-subcommand';

const env = { HOME: process.env.HOME, TEKTON_STATE_DIR: '/nonexistent-tekton-state' };
const MYAPP = resolve(__dirname, '../../../examples/myapp');

describe('examples/myapp', () => {
  it('one container runs web, worker and redis; web and worker depend on redis', () => {
    const { manifest } = planProject({ target: MYAPP, env });
    expect(validateManifest(manifest)).toEqual([]);
    expect(Object.keys(manifest.containers)).toEqual(['myapp']);
    expect(manifest.containers.myapp!.applications.sort()).toEqual(['redis', 'web', 'worker']);
    expect(manifest.containers.myapp!.ci_name).toBe('myapp-container-ci');
    const { web, worker, redis } = manifest.applications;
    expect(web).toMatchObject({
      type: 'web',
      framework: 'fastapi',
      port: 8000,
      health: { kind: 'http', port: 8000 },
      depends_on: ['redis'],
    });
    expect(worker).toMatchObject({ type: 'worker', framework: 'celery', port: null, depends_on: ['redis'] });
    expect(worker!.run_command.slice(0, 3)).toEqual(['python3', '-m', 'celery']);
    expect(redis).toMatchObject({ type: 'redis', port: 6379, health: { kind: 'redis', port: 6379 } });
    // The password is the CI's to make at first start: the manifest (baked into the image) names it only.
    expect(redis).toMatchObject({ generated_password: true });
    expect(redis!.run_command.slice(0, 2)).toEqual(['redis-server', '-']);
    expect(web!.env?.REDIS_URL).toBe('redis://default:${secret:redis}@127.0.0.1:6379/0');
    expect(JSON.stringify(manifest)).not.toMatch(/requirepass/);
  });

  it('its Redis is not a cache: it also holds a counter and the Celery broker (and the plan says so)', () => {
    const plan = planProject({ target: MYAPP, env });
    expect(plan.manifest.applications.redis!.cache).toBe(false);
    const why = plan.reasons.find((r) => r.what === 'service redis')!;
    expect(why.source).toMatch(/not a cache/);
    expect(why.source).toMatch(/celery/);
  });

  it('plan --json prints the manifest, the summary and the reasons', async () => {
    const { code, stdout } = await runSubcommand(planCommand, [MYAPP], { json: true, env });
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as {
      summary: {
        language: string;
        framework: string;
        start: string;
        port: number;
        services: Array<{ name: string; type: string }>;
      };
      manifest: unknown;
      reasons: Array<{ what: string; source: string }>;
    };
    expect(out.summary).toMatchObject({ language: 'python', framework: 'fastapi', port: 8000 });
    expect(out.summary.start).toBe('python3 -m uvicorn app.main:app --host 0.0.0.0 --port 8000');
    expect(out.summary.services.map((s) => `${s.name}:${s.type}`).sort()).toEqual([
      'redis:redis',
      'web:web',
      'worker:worker',
    ]);
    expect(out.reasons.find((r) => r.what === 'port')!.source).toBe('Procfile web: --port 8000');
    expect(validateManifest(out.manifest)).toEqual([]);
  });

  it('plan prints each choice with its source', async () => {
    const { code, stdout } = await runSubcommand(planCommand, [MYAPP], { env });
    expect(code).toBe(0);
    expect(stdout).toMatch(/port\s+8000\s+← Procfile web: --port 8000/);
    expect(stdout).toMatch(/start\s+python3 -m uvicorn .* ← Procfile web:/);
    expect(stdout).toMatch(
      /container myapp: web \(web :8000\), worker \(worker\), redis \(redis :6379\); CI myapp-container-ci/,
    );
  });

  it('--split puts redis in a container of its own from the same image, with compose.yaml', () => {
    const plan = planProject({ target: MYAPP, env, split: true });
    expect(Object.keys(plan.manifest.containers).sort()).toEqual(['myapp', 'myapp-redis']);
    expect(plan.manifest.applications.web!.env?.REDIS_URL).toBe('redis://myapp-redis:6379/0');
    expect(plan.manifest.applications.redis!.run_command).toContain('0.0.0.0');
    const compose = plan.files.find((f) => f.path === 'compose.yaml')!;
    const doc = parse(compose.content) as {
      services: Record<
        string,
        { image: string; environment: Record<string, string | undefined>; depends_on?: Record<string, unknown> }
      >;
    };
    expect(doc.services['myapp-redis']!.image).toBe('myapp:latest');
    expect(doc.services['myapp-redis']!.environment.TEKTON_CI_SERVICES).toBe('redis');
    expect(doc.services.myapp!.environment.TEKTON_CI_SERVICES!.split(',').sort()).toEqual(['web', 'worker']);
    expect(doc.services.myapp!.depends_on).toEqual({ 'myapp-redis': { condition: 'service_healthy' } });
  });
});

describe('the cache decision', () => {
  const base = { 'requirements.txt': 'fastapi\nredis\n' };
  it('TTL writes and nothing durable: a cache', () => {
    const a = analyzeProject(
      memoryTree({
        ...base,
        'main.py':
          'import redis\nfrom fastapi import FastAPI\napp = FastAPI()\ncache = redis.Redis()\ncache.setex("k", 60, "v")\n',
      }),
      'x',
    );
    expect(a.apps[0]!.services).toEqual([{ kind: 'redis', cache: true, envVars: ['REDIS_URL'] }]);
  });
  it('counters or queues: not a cache', () => {
    const a = analyzeProject(
      memoryTree({
        ...base,
        'main.py':
          'import redis\nfrom fastapi import FastAPI\napp = FastAPI()\nr = redis.Redis()\nr.setex("k", 60, "v")\nr.lpush("jobs", "x")\n',
      }),
      'x',
    );
    expect(a.apps[0]!.services[0]!.cache).toBe(false);
  });
  it('no TTL use at all: not a cache', () => {
    const a = analyzeProject(
      memoryTree({
        ...base,
        'main.py': 'import redis\nfrom fastapi import FastAPI\napp = FastAPI()\nr = redis.Redis()\nr.set("k", "v")\n',
      }),
      'x',
    );
    expect(a.apps[0]!.services[0]!.cache).toBe(false);
  });
  it('REDIS_URL in the environment alone is enough to need Redis', () => {
    const a = analyzeProject(
      memoryTree({
        'requirements.txt': 'fastapi\n',
        'main.py': 'import os\nfrom fastapi import FastAPI\napp = FastAPI()\nURL = os.environ["REDIS_URL"]\n',
      }),
      'x',
    );
    expect(a.apps[0]!.services.map((s) => s.kind)).toEqual(['redis']);
  });
});
