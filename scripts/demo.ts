// `npm run demo`: the whole story on the bundled example app, as a user would type it.
// plan → generate → build → ergon run → talk to the container CI → optimize memory → aish status →
// clean stop. Each step prints the command first, then its real output; the demo stops at the first
// step that fails, and always removes the container it started. `npm run demo` runs the setup
// (engine, base images, bundle) first, so dist/aish.js is current here.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const AISH = join(ROOT, 'dist', 'aish.js');
const APP = 'myapp';
const CI = `${APP}-container-ci`;

interface Step {
  /** What the user would type after `aish`. */
  args?: string[];
  /** Or a request to the app itself (method and path), sent to its published port on 127.0.0.1. */
  http?: [method: string, path: string];
  /** Why this step is here, shown above the command. */
  note: string;
  /** Exit status the step must end with (default 0). */
  expect?: number;
  /** Let the step read the terminal (confirmation prompts). */
  interactive?: boolean;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'tekton-demo-'));
  cpSync(join(ROOT, 'examples', APP), join(work, APP), { recursive: true });
  const started = Date.now();
  say(`The example app is copied to ${join(work, APP)}; every command below runs in ${work}.`);

  // A container left by an earlier, interrupted demo would make `ergon run` refuse the name.
  await aish(work, ['ergon', 'rm', APP, '--yes'], { quiet: true });
  const interactive = process.stdin.isTTY === true;
  const steps: Step[] = [
    {
      note: 'Read the project: what it is, how it starts, which services it needs, and why.',
      args: ['docker', 'plan', APP],
    },
    {
      note: 'Write the manifest, a production Dockerfile, .dockerignore (and compose.yaml when there are several containers).',
      args: ['docker', 'generate', APP, '--force'],
    },
    {
      note: "The generated Dockerfile passes the built-in lint (hadolint's checklist).",
      args: ['docker', 'lint', APP],
    },
    {
      note: 'Build the image through the Docker Engine API, with the container CI baked in.',
      args: ['docker', 'build', APP],
    },
    { note: 'Run it: ports on 127.0.0.1, the CI socket bind-mounted, the CI registered.', args: ['ergon', 'run', APP] },
    { note: 'The container CIs this machine knows.', args: ['ci', 'list'] },
    { note: 'Ask the container CI what runs.', args: [CI, 'status'] },
    { note: 'Use the app as its users do: warm its report cache...', http: ['POST', '/cache/warm?items=200000'] },
    {
      note: '...and invalidate it. Redis keeps the freed pages, so the container holds memory it does not use.',
      http: ['DELETE', '/cache'],
    },
    { note: 'A natural question; answered from measured facts, no language model.', args: [CI, 'why is it slow?'] },
    { note: 'Memory, in plain words.', args: [CI, 'how much memory are you using'] },
    interactive
      ? {
          note: 'A control action: the CI asks before it acts (answer y).',
          args: [CI, 'optimize memory'],
          interactive: true,
        }
      : {
          note: 'A control action without a terminal is refused unless confirmed with --yes...',
          args: [CI, 'optimize memory'],
          expect: 1,
        },
    ...(interactive
      ? []
      : [
          {
            note: '...so confirm it: the recipe runs and reports what it freed, measured.',
            args: [CI, 'optimize memory', '--yes'],
          },
        ]),
    { note: 'The recipes this CI offers, each with its risk.', args: [CI, 'what recipes do you have'] },
    { note: "Every recipe run, refused or done, is in the container's audit log.", args: ['ci', 'audit', CI] },
    { note: "The container CI in Tekton's status table.", args: ['status'] },
    {
      note: 'Clean stop: SIGTERM reaches the CI, which stops the services in reverse order.',
      args: ['ergon', 'stop', APP, '--yes'],
    },
  ];

  let ran = false;
  try {
    for (const [i, step] of steps.entries()) {
      say(`\n── ${i + 1}/${steps.length} ${step.note}`);
      if (step.http) {
        await request(work, ...step.http);
        continue;
      }
      const args = step.args ?? [];
      ran ||= args[0] === 'ergon' && args[1] === 'run';
      say(`$ aish ${args.map(quote).join(' ')}`);
      const status = await aish(work, args, { interactive: step.interactive });
      if (status !== (step.expect ?? 0)) {
        throw new Error(`'aish ${args.join(' ')}' exited ${status}, expected ${step.expect ?? 0}`);
      }
    }
    say(`\nDone in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } finally {
    if (ran) {
      say(`\n$ aish ergon rm ${APP} --yes`);
      await aish(work, ['ergon', 'rm', APP, '--yes']);
    }
    rmSync(work, { recursive: true, force: true });
  }
}

/** Runs the bundled aish, as an installed user would, and resolves with its exit status. */
function aish(cwd: string, args: string[], opts: { quiet?: boolean; interactive?: boolean } = {}): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const child = spawn(process.execPath, [AISH, ...args], {
      cwd,
      stdio: [
        opts.interactive ? 'inherit' : 'ignore',
        opts.quiet ? 'ignore' : 'inherit',
        opts.quiet ? 'ignore' : 'inherit',
      ],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolveStatus(code ?? (signal ? 128 : 1)));
  });
}

/** Sends one request to the app's published port (found with `aish ergon ps --json`) and prints the answer. */
async function request(cwd: string, method: string, path: string): Promise<void> {
  const port = await publishedPort(cwd, 8000);
  const url = `http://127.0.0.1:${port}${path}`;
  say(`$ curl -s -X ${method} '${url}'`);
  const response = await fetch(url, { method, signal: AbortSignal.timeout(60_000) });
  say(await response.text());
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
}

async function publishedPort(cwd: string, containerPort: number): Promise<number> {
  const out = await capture(cwd, ['ergon', 'ps', '--json']);
  const entry = (JSON.parse(out) as { containers: Array<{ container: string; ports: string[] }> }).containers.find(
    (c) => c.container === APP,
  );
  const mapping = entry?.ports.map((p) => new RegExp(`:(\\d+)->${containerPort}/`).exec(p)).find(Boolean);
  if (!mapping)
    throw new Error(`${APP} publishes no port for ${containerPort} (ports: ${entry?.ports.join(', ') ?? 'none'})`);
  return Number(mapping[1]);
}

/** Runs aish and resolves its stdout (for data the demo needs, such as a published port). */
function capture(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolveOut, reject) => {
    const child = spawn(process.execPath, [AISH, ...args], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolveOut(out) : reject(new Error(`'aish ${args.join(' ')}' exited ${code}`)),
    );
  });
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function quote(word: string): string {
  return /^[\w./:=@-]+$/.test(word) ? word : `"${word}"`;
}

main().catch((error: unknown) => {
  process.stderr.write(`Error: demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
