// Issue 13, items 1 and 2 (CI side) and its bad input: `aish status` with Tekton. The planner picks
// Tekton's launcher only where it runs, else its status script with its Python and environment; the
// script is played by a double replaying the real script's recorded JSON verbatim
// (test/support/tekton-status-double.mjs), Hermes by the double replaying real Hermes' answers.
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusFamily } from '../../../plugin/status/family';
import { defaultStatusPlanIo } from '../../../plugin/tekton/status-plan-io';
import { planTektonStatus, type StatusPlanIo } from '../../../plugin/tekton/tekton-status-plan';
import { registryPath } from '../../../plugin/tekton/state-paths';
import { HermesTestServer } from '../../support/hermes-server';

const FIXTURES = resolve(__dirname, '../../fixtures/tekton-real');
const RECORDED = JSON.parse(readFileSync(join(FIXTURES, 'status.json'), 'utf8')) as {
  system: Record<string, unknown>;
  components: { name: string }[];
};
const MACH_O = Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]);
const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);

let dir: string;
let root: string;
let python: string;
let hermes: HermesTestServer;

/** A checkout shaped like ckoons/Tekton: `tekton/` a folder, scripts/tekton a link to a Mach-O launcher. */
function fakeTekton(at: string): string {
  mkdirSync(join(at, 'tekton'), { recursive: true });
  mkdirSync(join(at, 'scripts'), { recursive: true });
  mkdirSync(join(at, 'config'), { recursive: true });
  mkdirSync(join(at, 'src', 'tekton-launcher'), { recursive: true });
  writeFileSync(join(at, 'src', 'tekton-launcher', 'tekton-clean-launch'), MACH_O);
  chmodSync(join(at, 'src', 'tekton-launcher', 'tekton-clean-launch'), 0o755);
  symlinkSync('../src/tekton-launcher/tekton-clean-launch', join(at, 'scripts', 'tekton'));
  writeFileSync(
    join(at, 'scripts', 'enhanced_tekton_status.py'),
    '# played by test/support/tekton-status-double.mjs\n',
  );
  writeFileSync(join(at, 'config', 'tekton_components.yaml'), 'components: {}\n');
  copyFileSync(join(FIXTURES, 'env.local.example'), join(at, '.env.local.example'));
  return at;
}

function ioFor(platform: NodeJS.Platform): StatusPlanIo {
  return { ...defaultStatusPlanIo, platform };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tekton-status-'));
  root = fakeTekton(join(dir, 'Tekton'));
  python = join(dir, 'python');
  writeFileSync(
    python,
    `#!/bin/sh\nexec "${process.execPath}" "${resolve(__dirname, '../../support/tekton-status-double.mjs')}" "$@"\n`,
  );
  chmodSync(python, 0o755);
  hermes = new HermesTestServer();
  await hermes.start();
});
afterAll(async () => {
  await hermes.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("how Tekton's status is run", () => {
  it("the public checkout on Linux: not the Mach-O launcher, not the tekton/ folder, but the script with Tekton's Python and env", () => {
    const plan = planTektonStatus({ TEKTON_ROOT: root, PATH: '/usr/bin' }, ioFor('linux'));
    expect(plan).toMatchObject({
      kind: 'run',
      file: 'python3',
      args: [join(root, 'scripts/enhanced_tekton_status.py'), '--json', '--no-storage'],
    });
    if (plan.kind !== 'run') throw new Error('unreachable');
    expect(plan.env).toMatchObject({
      TEKTON_ROOT: root,
      PYTHONPATH: `${root}:${join(root, 'shared')}`,
      HERMES_PORT: '8001',
      TEKTON_CORE_PORT: '8010',
      _TEKTON_ENV_FROZEN: '1',
    });
  });

  it('on macOS the same checkout runs its launcher; a script launcher runs anywhere; an ELF one not on macOS', () => {
    expect(planTektonStatus({ TEKTON_ROOT: root }, ioFor('darwin'))).toMatchObject({
      kind: 'run',
      file: join(root, 'scripts', 'tekton'),
      args: ['status', '--json'],
      cwd: root,
    });
    const other = fakeTekton(join(dir, 'other'));
    rmSync(join(other, 'tekton'), { recursive: true });
    writeFileSync(join(other, 'tekton'), '#!/bin/sh\necho {}\n');
    expect(planTektonStatus({ TEKTON_ROOT: other }, ioFor('linux'))).toMatchObject({
      kind: 'run',
      file: join(other, 'tekton'),
    });
    writeFileSync(join(other, 'tekton'), ELF);
    expect(planTektonStatus({ TEKTON_ROOT: other }, ioFor('linux'))).toMatchObject({
      kind: 'run',
      file: join(other, 'tekton'),
    });
    expect(planTektonStatus({ TEKTON_ROOT: other }, ioFor('darwin'))).toMatchObject({
      kind: 'run',
      file: join(other, 'scripts', 'tekton'),
    });
  });

  it("Tekton's own env files win over its port template; a venv under TEKTON_ROOT is its Python", () => {
    const own = fakeTekton(join(dir, 'own'));
    mkdirSync(join(own, '.venv', 'bin'), { recursive: true });
    writeFileSync(join(own, '.venv', 'bin', 'python'), '');
    const plan = planTektonStatus({ TEKTON_ROOT: own, HERMES_PORT: '8931' }, ioFor('linux'));
    expect(plan).toMatchObject({
      kind: 'run',
      file: join(own, '.venv', 'bin', 'python'),
      env: { HERMES_PORT: '8931', ERGON_PORT: '8002' },
    });
  });

  it('no TEKTON_ROOT: nothing to run; a TEKTON_ROOT that is missing or not a checkout: one line why', () => {
    expect(planTektonStatus({}, ioFor('linux'))).toEqual({ kind: 'none' });
    expect(planTektonStatus({ TEKTON_ROOT: join(dir, 'nope') }, ioFor('linux'))).toMatchObject({
      kind: 'broken',
      reason: expect.stringMatching(/is not a directory/),
    });
    expect(planTektonStatus({ TEKTON_ROOT: dir }, ioFor('linux'))).toMatchObject({
      kind: 'broken',
      reason: expect.stringMatching(/is not a Tekton checkout/),
    });
    expect(planTektonStatus({ TEKTON_LAUNCHER: join(root, 'scripts', 'tekton') }, ioFor('linux'))).toMatchObject({
      kind: 'broken',
      reason: expect.stringMatching(/mach-o program, which does not run on linux/),
    });
  });
});

/** Runs `aish status [--json]` in-process; `registry` entries are put in the state dir first. */
async function status(env: Record<string, string | undefined>, json: boolean) {
  const state = mkdtempSync(join(dir, 'state-'));
  const entry = {
    ci_name: 'web-container-ci',
    container: 'web',
    container_id: 'c0ffee',
    image: 'web:1',
    project: 'web',
    app: null,
    manifest_hash: 'abc',
    endpoint: { kind: 'socket', path: join(state, 'none.sock') },
    token_file: null,
    state: 'exited',
    ports: [],
    source: 'ergon',
    updated_at: '',
  };
  mkdirSync(join(state, 'containers'), { recursive: true });
  const registry = JSON.stringify({ version: 1, updated_at: '', entries: { [entry.ci_name]: entry } });
  writeFileSync(registryPath(state), registry);
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => {
    stdout += d;
  });
  err.on('data', (d) => {
    stderr += d;
  });
  const code = await statusFamily.run!({
    args: [],
    options: {},
    json,
    interactive: false,
    readStdin: async () => '',
    stdout: out,
    stderr: err,
    signal: new AbortController().signal,
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      TEKTON_STATE_DIR: state,
      DOCKER_HOST: `unix://${join(dir, 'no-docker.sock')}`,
      HERMES_HOST: '127.0.0.1',
      HERMES_PORT: hermes.url.split(':').pop(),
      TEKTON_PYTHON: python,
      ...env,
    },
  });
  return {
    code,
    stdout,
    stderr,
    registryAfter: readFileSync(registryPath(state), 'utf8').includes('web-container-ci'),
  };
}

describe('aish status with Tekton (recorded real JSON)', () => {
  it("--json: Tekton's components exactly as its script printed them, then ours; Tekton's system fields kept", async () => {
    const r = await status({ TEKTON_ROOT: root }, true);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { system: Record<string, unknown>; components: { name: string }[] };
    expect(doc.components.slice(0, RECORDED.components.length)).toEqual(RECORDED.components);
    expect(doc.components.at(-1)).toMatchObject({
      name: 'web-container-ci',
      status: 'not_running',
      registered_with_hermes: false,
    });
    expect(doc.system).toMatchObject({
      system_health_score: RECORDED.system.system_health_score,
      total_components: RECORDED.components.length + 1,
      container_cis: 1,
    });
  });

  it("the table: Tekton's rows in its columns and emoji, then ours; Hermes recycles itself (♻️)", async () => {
    const r = await status({ TEKTON_ROOT: root }, false);
    expect(r.stdout).toMatch(/^Component\s+Port\s+Status\s+Version\s+CI Status\s+Response\s+Reg/);
    expect(r.stdout).toMatch(/^hermes\s+\d+\s+✅ healthy .*♻️/m);
    expect(r.stdout).toMatch(/^tekton_core\s+8010\s+⭕ not_running/m);
    expect(r.stdout).toMatch(/^web-container-ci\s+-\s+⭕ not_running/m);
  });

  it('a launcher that runs here is used, in TEKTON_ROOT, with `status --json`', async () => {
    const withLauncher = fakeTekton(join(dir, 'with-launcher'));
    rmSync(join(withLauncher, 'tekton'), { recursive: true });
    writeFileSync(
      join(withLauncher, 'tekton'),
      `#!/bin/sh\n[ "$*" = "status --json" ] && [ "$(pwd -P)" = "$(cd "${withLauncher}" && pwd -P)" ] || exit 9\n` +
        `cat "${join(FIXTURES, 'status.json')}"\n`,
    );
    chmodSync(join(withLauncher, 'tekton'), 0o755);
    const r = await status({ TEKTON_ROOT: withLauncher, TEKTON_PYTHON: '/nonexistent/python3' }, true);
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as { components: unknown[] }).components.slice(0, RECORDED.components.length)).toEqual(
      RECORDED.components,
    );
  });

  it("registered_with_hermes comes from Hermes' list", async () => {
    const { HermesClient } = await import('../../../plugin/tekton/hermes-client');
    const c = new HermesClient(hermes.url);
    const { token } = await c.register({
      component_id: 'web-container-ci',
      name: 'web-container-ci',
      version: '1',
      type: 'container_ci',
      endpoint: 'x',
      capabilities: [],
      metadata: {},
    });
    try {
      const doc = JSON.parse((await status({ TEKTON_ROOT: root }, true)).stdout) as {
        components: { name: string; registered_with_hermes: boolean }[];
      };
      expect(doc.components.find((x) => x.name === 'web-container-ci')!.registered_with_hermes).toBe(true);
    } finally {
      await c.unregister('web-container-ci', token);
    }
  });
});

describe('bad input: one clear line each, our rows still shown, nothing lost', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    [
      'TEKTON_ROOT is not a Tekton checkout',
      { TEKTON_ROOT: '/tmp' },
      /^Warning: Tekton's status: TEKTON_ROOT=\/tmp is not a Tekton checkout .*; showing container CIs only$/,
    ],
    [
      'the status script crashes',
      { TEKTON_ROOT: '', TEKTON_STATUS_DOUBLE: 'crash' },
      /exited with status 1: OSError: \[Errno 24\] Too many open files; showing container CIs only$/,
    ],
    [
      'the status script prints non-JSON',
      { TEKTON_ROOT: '', TEKTON_STATUS_DOUBLE: 'garbage' },
      /printed no status JSON \(its output begins 'Checking Tekton components\.\.\. 19 found'\)/,
    ],
    [
      'the status script hangs',
      { TEKTON_ROOT: '', TEKTON_STATUS_DOUBLE: 'hang', TEKTON_STATUS_TIMEOUT_MS: '1500' },
      /gave no answer within 2 s/,
    ],
    [
      "Tekton's Python is missing",
      { TEKTON_ROOT: '', TEKTON_PYTHON: '/nonexistent/python3' },
      /could not start: \/nonexistent\/python3 not found; create a venv under TEKTON_ROOT/,
    ],
    [
      "a port is missing from Tekton's env",
      { TEKTON_ROOT: '', ONLY_TEMPLATE_MISSING: '1' },
      /ValueError: Port for component 'tekton_core' not found/,
    ],
  ];
  for (const [what, env, line] of cases) {
    it(what, async () => {
      let useRoot = root;
      if (env.ONLY_TEMPLATE_MISSING) {
        useRoot = fakeTekton(join(dir, `noports-${Date.now()}`));
        writeFileSync(join(useRoot, '.env.local.example'), '# empty\n');
      }
      const r = await status({ ...env, TEKTON_ROOT: env.TEKTON_ROOT || useRoot }, false);
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(line);
      expect(r.stdout).toMatch(/^web-container-ci\s/m);
      expect(r.code).toBe(0);
      expect(r.registryAfter).toBe(true);
    });
  }

  for (const [what, fail, line] of [
    [
      'Hermes answers 401',
      401,
      /Hermes at http:\/\/127\.0\.0\.1:\d+: GET \/api\/components answered HTTP 401; the Reg column/,
    ],
    ['Hermes answers 500', 500, /answered HTTP 500; the Reg column/],
  ] as const) {
    it(what, async () => {
      hermes.failWith = fail;
      try {
        const r = await status({ TEKTON_ROOT: root }, false);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(line);
        expect(r.stdout).toMatch(/^hermes\s/m);
        expect(r.stdout).toMatch(/^web-container-ci\s.*❌$/m);
        expect(r.registryAfter).toBe(true);
      } finally {
        hermes.failWith = null;
      }
    });
  }

  it('Hermes does not answer at all', async () => {
    const r = await status({ TEKTON_ROOT: root, HERMES_PORT: '1' }, true);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^Warning: Hermes at http:\/\/127\.0\.0\.1:1 is not reachable \(.+\); the Reg column/),
    ]);
    const doc = JSON.parse(r.stdout) as { system: Record<string, unknown>; components: { name: string }[] };
    expect(doc.system.hermes_error).toMatch(/not reachable/);
    expect(doc.components.map((c) => c.name)).toContain('web-container-ci');
  });
});
