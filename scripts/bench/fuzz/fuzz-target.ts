// The bench's own container: the host tests' small CI image, started the way a user starts one
// (`aish ergon run`, so the host holds its token and the UI knows it), labelled tekton.test=1 and
// the run's own tekton.fuzz label, named fuzz-<pid>, and removed at the end.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runDirFor } from '../../../plugin/tekton/state-paths';
import { pollUntil, requestOverSocket } from '../../../protocol';
import { ensureCiTestImage } from '../../../test/docker/host/support/ci-test-image';

const run = promisify(execFile);

/** The container under test, as the fuzzer reaches it. */
export interface FuzzTarget {
  name: string;
  ciName: string;
  id: string;
  socketPath: string;
  token: string;
  /** The label only this run's objects carry (the engine proxy shows the UI nothing else). */
  label: string;
}

/** `docker …` stdout. */
export async function docker(args: string[]): Promise<string> {
  return (await run('docker', args, { maxBuffer: 16 * 1024 * 1024 })).stdout.trim();
}

/** Starts the container with `aish ergon run` in `stateDir` and waits until its CI answers ping. */
export async function startTarget({ root, stateDir }: { root: string; stateDir: string }): Promise<FuzzTarget> {
  const image = ensureCiTestImage();
  const name = `fuzz-${process.pid}`;
  const label = `tekton.fuzz=${name}`;
  const env = {
    ...process.env,
    TEKTON_STATE_DIR: stateDir,
    // No Hermes: no heartbeat sender is started for this state dir (it would follow every CI).
    HERMES_PORT: '1',
    AISH_HERMES_SENDER: 'off',
    AISH_MONITOR: 'off',
    TEKTON_LABELS: `tekton.test=1,${label}`,
  };
  await run(process.execPath, [join(root, 'dist', 'aish.js'), 'ergon', 'run', image, '--name', name, '--no-wait'], {
    env,
    cwd: root,
  });
  const id = await docker(['inspect', '-f', '{{.Id}}', name]);
  const runDir = runDirFor(stateDir, name);
  const token = readFileSync(join(stateDir, 'containers', 'tokens', name), 'utf8').trim();
  const target = { name, ciName: `${name}-container-ci`, id, socketPath: join(runDir, 'ci.sock'), token, label };
  const up = await pollUntil(
    () =>
      requestOverSocket({
        address: { path: target.socketPath },
        request: { type: 'ping', id: 'up' },
        timeoutMs: 2000,
        maxReplyBytes: 1 << 20,
      }).then(
        (r) => r.type === 'pong',
        () => false,
      ),
    (ok) => ok,
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  if (!up.ok)
    throw new Error(
      `the CI of ${name} did not answer ping within 30 s: ${await docker(['logs', '--tail', '20', name])}`,
    );
  return target;
}

/** Removes the container (and its volumes); the state dir is the caller's. */
export async function removeTarget(target: FuzzTarget | null): Promise<void> {
  if (target) await docker(['rm', '-f', '-v', target.id]).catch(() => undefined);
}
