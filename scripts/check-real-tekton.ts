// A check against the real Tekton (issue 13; not run by CI, which cannot reach GitHub): given a
// checkout of ckoons/Tekton it prepares Tekton's Python in a venv from the package index, starts
// real Hermes on loopback, runs the example app through our aish, and checks that the container CI
// is registered and beating in real Hermes (also after Hermes, the sender and the container
// restart, with no duplicate), that `aish list` reaches the real aish, and that `aish status
// --json` holds Tekton's components and ours. With --record DIR it writes the real status JSON and
// Hermes' real answers there, verbatim, for the contract tests' doubles.
//
//   scripts/check-real-tekton <tekton checkout> [--record test/fixtures/tekton-real] [--keep]
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDotEnv } from '../plugin/tekton/dotenv';
import { sharedStateDir } from '../plugin/tekton/shared-state';
import { baseImageMapPath } from '../plugin/tekton/state-paths';
import { loadTektonEnv } from '../plugin/tekton/env';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const AISH = join(REPO, 'dist', 'aish.js');
// Tekton's pins are lower bounds only; FastAPI 0.117+ (Starlette 0.49+) no longer routes Hermes'
// `mount("", api_app)` under /api, so the check uses the FastAPI of the snapshot's time.
const PYTHON_DEPS = [
  'fastapi>=0.100,<0.117',
  'pydantic>=2',
  'pydantic-settings',
  'uvicorn',
  'python-dotenv',
  'aiohttp',
  'httpx',
  'psutil',
  'tabulate',
  'pyyaml',
  'requests',
  'websockets',
  'sse-starlette<3',
  'python-multipart',
  'jinja2',
  'colorama',
  'numpy',
  'PyJWT',
];

const results: { name: string; ok: boolean; detail: string }[] = [];
const t0 = Date.now();
const say = (line: string) =>
  process.stdout.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);

function check(name: string, ok: boolean, detail: string): void {
  results.push({ name, ok, detail });
  say(`${ok ? 'PASS' : 'FAIL'} ${name}: ${detail}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null> | T | null): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch {
      /* not yet */
    }
    await sleep(500);
  }
  say(`(gave up waiting for ${what} after ${timeoutMs / 1000} s)`);
  return null;
}

/** A free port in 8000-9999 (Tekton's health model wants component ports there). */
async function freePort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 8200 + Math.floor(Math.random() * 1700);
    const free = await new Promise<boolean>((r) => {
      const s = createServer();
      s.once('error', () => r(false));
      s.listen(port, '127.0.0.1', () => s.close(() => r(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port in 8200-9899');
}

function aish(
  env: NodeJS.ProcessEnv,
  args: string[],
  timeoutMs = 600_000,
): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [AISH, ...args], {
      env,
      encoding: 'utf8',
      timeout: timeoutMs,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 32 << 20,
    });
    return { status: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    return { status: e.status ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const root = argv.find((a) => !a.startsWith('--') && argv[argv.indexOf(a) - 1] !== '--record');
  const recordDir = argv.includes('--record') ? resolve(argv[argv.indexOf('--record') + 1] ?? '') : null;
  if (
    !root ||
    !existsSync(join(root, 'scripts', 'enhanced_tekton_status.py')) ||
    !existsSync(join(root, 'Hermes', 'hermes'))
  ) {
    process.stderr.write(
      'Error: give a checkout of ckoons/Tekton (with scripts/enhanced_tekton_status.py and Hermes/): scripts/check-real-tekton <dir> [--record DIR]\n',
    );
    process.exit(2);
  }
  const tekton = resolve(root);
  say(`Tekton checkout: ${tekton} (${gitHead(tekton)})`);

  // 1. Tekton's Python in a venv under TEKTON_ROOT, from the package index.
  const venv = join(tekton, '.venv');
  const python = join(venv, 'bin', 'python');
  const pipEnv = {
    ...process.env,
    PIP_CERT: process.env.PIP_CERT ?? '/etc/ssl/certs/ca-certificates.crt',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
  };
  if (!existsSync(python)) execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
  const pipStart = Date.now();
  execFileSync(python, ['-m', 'pip', 'install', '-q', ...PYTHON_DEPS], { env: pipEnv, stdio: 'inherit' });
  const versions = execFileSync(
    python,
    [
      '-c',
      'import fastapi, pydantic, uvicorn; print(f"fastapi {fastapi.__version__}, pydantic {pydantic.VERSION}, uvicorn {uvicorn.__version__}")',
    ],
    { encoding: 'utf8' },
  ).trim();
  check('venv', true, `${venv}: ${versions} (pip ${((Date.now() - pipStart) / 1000).toFixed(1)} s)`);

  // 2. Real Hermes on loopback.
  const port = await freePort();
  const template = parseDotEnv(readFileSync(join(tekton, '.env.local.example'), 'utf8'));
  const pyEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...template,
    TEKTON_ROOT: tekton,
    HERMES_PORT: String(port),
    _TEKTON_ENV_FROZEN: '1',
    PYTHONPATH: [tekton, join(tekton, 'shared'), join(tekton, 'Hermes')].join(':'),
    PATH: `${join(venv, 'bin')}:${process.env.PATH}`,
  };
  const hermesUrl = `http://127.0.0.1:${port}`;
  let hermes = await startHermes(tekton, python, port, pyEnv, hermesUrl);

  // 3. Our aish, against this Tekton and this Hermes, with its own state dir.
  const state = mkdtempSync(join(tmpdir(), 'check-real-tekton-'));
  const map = baseImageMapPath(sharedStateDir(loadTektonEnv()));
  if (existsSync(map)) {
    mkdirSync(join(state, 'containers'), { recursive: true });
    copyFileSync(map, baseImageMapPath(state));
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEKTON_ROOT: tekton,
    HERMES_HOST: '127.0.0.1',
    HERMES_PORT: String(port),
    TEKTON_STATE_DIR: state,
    TEKTON_PYTHON: python,
    PATH: `${join(venv, 'bin')}:${process.env.PATH}`,
    AISH_MONITOR: 'off',
    TEKTON_SENDER_BEAT_MS: '5000',
    TEKTON_SENDER_PROBE_MS: '5000',
  };
  const name = `checkapp-${process.pid}`;
  const ci = `${name}-container-ci`;
  try {
    say(`aish container create --name ${name} --ci-managed --purpose "..." examples/myapp (builds the example app)`);
    const created = aish(env, [
      'container',
      'create',
      '--name',
      name,
      '--ci-managed',
      '--purpose',
      'check against the real Tekton',
      join(REPO, 'examples', 'myapp'),
    ]);
    check(
      'example app runs',
      created.status === 0,
      created.status === 0
        ? created.stdout.trim().split('\n').join(' | ')
        : created.stderr.trim().split('\n').slice(-3).join(' | '),
    );
    if (created.status !== 0) return;

    // 4. Registered and beating in real Hermes, by the host sender alone (no monitor running).
    const first = await until('registration', 30_000, () => component(hermesUrl, ci));
    check(
      'registered in real Hermes',
      !!first,
      first ? `${ci}: type ${String(first.metadata?.type)}, endpoint ${String(first.endpoint)}` : 'not listed',
    );
    // Registration comes before the first beat (last_heartbeat null): beating means two beats.
    const firstBeat = await until('a first heartbeat', 20_000, async () => {
      const c = await component(hermesUrl, ci);
      return c?.last_heartbeat ? c : null;
    });
    const beat1 = Number(firstBeat?.last_heartbeat ?? Infinity);
    const beating = await until('a later heartbeat', 20_000, async () => {
      const c = await component(hermesUrl, ci);
      return c && Number(c.last_heartbeat) > beat1 ? c : null;
    });
    check(
      'beating in real Hermes',
      !!beating,
      beating
        ? `last_heartbeat ${beat1.toFixed(1)} → ${Number(beating.last_heartbeat).toFixed(1)}, metadata.health ${String(beating.metadata?.health ?? '?')}`
        : 'no newer heartbeat',
    );
    const sender = readJson(join(state, 'containers', 'hermes-sender.json')) as { pid?: number } | null;
    check(
      'one sender for the host',
      !!sender?.pid && senderCount(state) === 1,
      `pid ${sender?.pid ?? '-'}, ${senderCount(state)} sender process(es) for this state dir`,
    );

    // 5. Hermes restarts (it keeps its registry in memory): registered again, once.
    say('restarting Hermes');
    await stopHermes(hermes);
    hermes = await startHermes(tekton, python, port, pyEnv, hermesUrl);
    // The sender beats every 25 s at most and probes every 20 s: after a restart Hermes hears from it within
    // its own 60 s health window; 70 s leaves room for a loaded machine.
    const again = await until('re-registration', 70_000, () => component(hermesUrl, ci));
    check(
      're-registered after Hermes restarts',
      !!again && (await count(hermesUrl, ci)) === 1,
      again ? `${ci} listed once again` : 'not listed',
    );

    // 6. The sender restarts: still one component.
    if (sender?.pid) {
      process.kill(sender.pid, 'SIGTERM');
      await until('the sender to stop', 10_000, () => !alive(sender.pid!));
      aish(env, ['container', 'list']);
      const next = await until('a new sender', 10_000, () => {
        const s = readJson(join(state, 'containers', 'hermes-sender.json')) as { pid?: number } | null;
        return s?.pid && s.pid !== sender.pid && alive(s.pid) ? s : null;
      });
      await sleep(7000);
      check(
        'sender restart: no duplicate',
        !!next && (await count(hermesUrl, ci)) === 1,
        `new sender pid ${next?.pid ?? '-'}; ${await count(hermesUrl, ci)} component(s) named ${ci}`,
      );
    }

    // 7. The container restarts: still one component, still beating.
    const restarted = aish(env, ['ergon', 'restart', name, '--yes']);
    await sleep(8000);
    const afterRestart = await component(hermesUrl, ci);
    check(
      'container restart: no duplicate',
      restarted.status === 0 && (await count(hermesUrl, ci)) === 1,
      `${restarted.stdout.trim()}; ${await count(hermesUrl, ci)} component(s), last_heartbeat ${String(afterRestart?.last_heartbeat ?? '-')}`,
    );

    // 8. `aish list` reaches the real aish.
    const list = aish(env, ['list']);
    check(
      'aish list reaches the real aish',
      list.status === 0 && /Unified CI Registry|Greek Chorus/.test(list.stdout),
      list.stdout.split('\n').filter(Boolean).slice(0, 2).join(' | ') || list.stderr.trim(),
    );

    // 9. `aish status --json` holds Tekton's components and ours.
    const status = aish(env, ['status', '--json']);
    let doc: {
      system?: Record<string, unknown>;
      components?: { name: string; status: string; registered_with_hermes?: boolean }[];
    } = {};
    try {
      doc = JSON.parse(status.stdout);
    } catch {
      /* reported below */
    }
    const names = (doc.components ?? []).map((c) => c.name);
    const ours = doc.components?.find((c) => c.name === ci);
    const theirs = doc.components?.find((c) => c.name === 'hermes');
    check(
      "aish status --json holds Tekton's components and ours",
      !!ours && !!theirs && names.includes('tekton_core'),
      `${names.length} components; hermes ${theirs?.status ?? 'missing'}; ${ci} ${ours?.status ?? 'missing'} (registered_with_hermes ${String(ours?.registered_with_hermes)})${status.stderr ? `; stderr: ${status.stderr.trim()}` : ''}`,
    );
    const table = aish(env, ['status']);
    say(`aish status (table):\n${table.stdout}${table.stderr}`);

    if (recordDir) record(recordDir, tekton, python, pyEnv, hermesUrl);
  } finally {
    if (!argv.includes('--keep')) {
      const rm = aish(env, ['container', 'rm', name, '--yes', '--force']);
      const gone = await until('unregistration', 20_000, async () => (await count(hermesUrl, ci)) === 0);
      check('removed and unregistered', rm.status === 0 && !!gone, rm.stdout.trim() || rm.stderr.trim());
      const s = readJson(join(state, 'containers', 'hermes-sender.json')) as { pid?: number } | null;
      if (s?.pid && alive(s.pid)) process.kill(s.pid, 'SIGTERM');
      await stopHermes(hermes);
      rmSync(state, { recursive: true, force: true });
    }
    const failed = results.filter((r) => !r.ok);
    say(
      `${results.length - failed.length}/${results.length} checks passed${failed.length ? `; failed: ${failed.map((f) => f.name).join(', ')}` : ''}`,
    );
    process.exitCode = failed.length ? 1 : 0;
  }
}

async function startHermes(
  tekton: string,
  python: string,
  port: number,
  env: NodeJS.ProcessEnv,
  url: string,
): Promise<ChildProcess> {
  // uvicorn on 127.0.0.1 (Hermes' own __main__ binds 0.0.0.0).
  const child = spawn(
    python,
    ['-m', 'uvicorn', 'hermes.api.app:app', '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warning'],
    {
      cwd: join(tekton, 'Hermes'),
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const up = await until(
    'Hermes',
    60_000,
    async () => (await fetch(`${url}/api/components`, { signal: AbortSignal.timeout(2000) })).ok || null,
  );
  check(
    'real Hermes on loopback',
    !!up,
    up ? `${url} (pid ${child.pid})` : `did not answer: ${stderr.trim().split('\n').slice(-2).join(' | ')}`,
  );
  if (!up) throw new Error('Hermes did not start');
  return child;
}

async function stopHermes(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await until('Hermes to stop', 10_000, () => child.exitCode !== null || child.signalCode !== null);
}

type HermesComponent = {
  component_id: string;
  last_heartbeat?: number;
  endpoint?: string;
  metadata?: Record<string, unknown>;
};

async function components(url: string): Promise<HermesComponent[]> {
  const res = await fetch(`${url}/api/components`, { signal: AbortSignal.timeout(3000) });
  return ((await res.json()) as { components: HermesComponent[] }).components;
}

async function component(url: string, id: string): Promise<HermesComponent | null> {
  return (await components(url)).find((c) => c.component_id === id) ?? null;
}

async function count(url: string, id: string): Promise<number> {
  try {
    return (await components(url)).filter((c) => c.component_id === id || (c as { name?: string }).name === id).length;
  } catch {
    return -1;
  }
}

function senderCount(state: string): number {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  // The sender's environment names the state dir; its command line names its role.
  return out
    .split('\n')
    .filter((l) => l.includes('__hermes-sender'))
    .filter((l) => {
      const pid = Number(l.trim().split(/\s+/)[0]);
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`TEKTON_STATE_DIR=${state}`);
      } catch {
        return false;
      }
    }).length;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

function gitHead(dir: string): string {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'not a git work tree';
  }
}

/** Writes the real answers, verbatim, for the doubles of the contract tests. */
function record(dir: string, tekton: string, python: string, pyEnv: NodeJS.ProcessEnv, hermesUrl: string): void {
  mkdirSync(dir, { recursive: true });
  const status = execFileSync(
    python,
    [join(tekton, 'scripts', 'enhanced_tekton_status.py'), '--json', '--no-storage'],
    { env: pyEnv, encoding: 'utf8' },
  );
  writeFileSync(join(dir, 'status.json'), status);
  // Tekton's port template (its port lines only): the ports the status script is run with.
  const ports = readFileSync(join(tekton, '.env.local.example'), 'utf8')
    .split('\n')
    .filter((l) => /^[A-Z_]+_PORT(_BASE)?=/.test(l));
  writeFileSync(join(dir, 'env.local.example'), `${ports.join('\n')}\n`);
  const curl = (args: string[]) => execFileSync('curl', ['-s', '-w', '\n%{http_code}', ...args], { encoding: 'utf8' });
  const reg = {
    component_id: 'fixture-container-ci',
    name: 'fixture-container-ci',
    version: '0.1.0',
    type: 'container_ci',
    endpoint: 'unix:///run/x/ci.sock',
    capabilities: ['chat'],
    metadata: { container: 'fixture' },
  };
  const json = ['-H', 'content-type: application/json'];
  const register = curl(['-X', 'POST', `${hermesUrl}/api/register`, ...json, '-d', JSON.stringify(reg)]);
  const token = (JSON.parse(register.slice(0, register.lastIndexOf('\n'))) as { token: string }).token;
  const answers = {
    register,
    heartbeat: curl([
      '-X',
      'POST',
      `${hermesUrl}/api/heartbeat`,
      ...json,
      '-H',
      `X-Authentication-Token: ${token}`,
      '-d',
      JSON.stringify({ component_id: reg.component_id, status: { health: 'healthy' } }),
    ]),
    heartbeat_bad_token: curl([
      '-X',
      'POST',
      `${hermesUrl}/api/heartbeat`,
      ...json,
      '-H',
      'X-Authentication-Token: wrong',
      '-d',
      JSON.stringify({ component_id: reg.component_id, status: {} }),
    ]),
    components: curl([`${hermesUrl}/api/components`]),
    unregister: curl([
      '-X',
      'POST',
      `${hermesUrl}/api/unregister?component_id=${reg.component_id}`,
      '-H',
      `X-Authentication-Token: ${token}`,
    ]),
    unknown_route: curl([`${hermesUrl}/api/no-such-route`]),
  };
  const split = (text: string) => ({
    status: Number(text.slice(text.lastIndexOf('\n') + 1)),
    body: text.slice(0, text.lastIndexOf('\n')),
  });
  writeFileSync(
    join(dir, 'hermes.json'),
    `${JSON.stringify(Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, split(v)])), null, 2)}\n`,
  );
  say(`recorded status.json and hermes.json in ${dir}`);
}

main().catch((err: unknown) => {
  say(`Error: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
