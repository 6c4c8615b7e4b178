// `aish ui` started as a user starts it and as test/e2e/ui-http.test.ts does (the bundled
// dist/aish.js, --no-open, a free port on 127.0.0.1, the token from the printed URL), with its own
// HOME and state dir and DOCKER_HOST pointing at the bench's engine recorder.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVmRss } from '../../../ci-runtime/metrics/proc-parse';

/** The running server. */
export interface UiProcess {
  child: ChildProcess;
  port: number;
  token: string;
  /** Everything it printed (stdout and stderr). */
  output(): string;
  /** Its resident memory now. */
  rss(): number | null;
  stop(): Promise<void>;
}

/** Starts `aish ui` and waits for its URL. */
export async function startUi({
  root,
  home,
  stateDir,
  dockerHost,
}: {
  root: string;
  home: string;
  stateDir: string;
  dockerHost: string;
}): Promise<UiProcess> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEKTON_')));
  const child = spawn(process.execPath, [join(root, 'dist', 'aish.js'), 'ui', '--no-open', '--port', '0'], {
    env: {
      ...env,
      HOME: home,
      TEKTON_STATE_DIR: stateDir,
      DOCKER_HOST: dockerHost,
      DOCKER_CONTEXT: '',
      HERMES_PORT: '1',
      AISH_HERMES_SENDER: 'off',
      DISPLAY: '',
    },
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  const deadline = Date.now() + 30_000;
  while (!/http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.test(out)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`aish ui did not print its URL: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const m = /http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+)/.exec(out)!;
  return {
    child,
    port: Number(m[1]),
    token: m[2]!,
    output: () => out,
    rss: () => {
      try {
        return parseVmRss(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      } catch {
        return null;
      }
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
