import { describe, expect, it } from 'vitest';
import type { ContainerClient } from '../../../plugin/engine/container-client';
import { ExecCiTransport, relayCommand } from '../../../plugin/transport/exec-transport';

// The exec transport's side of the relay: the argv it runs in the container and how it reads the
// result (the relay itself is tested in test/unit/ci-runtime/ci-tool.test.ts, the whole path against
// a real container in test/docker/host/registry-follow.test.ts).
type ExecResult = { exitCode: number; stdout: string; stderr: string };
const container = (result: ExecResult, seen: string[][] = []): ContainerClient =>
  ({
    exec: async (_id: string, argv: string[]) => {
      seen.push(argv);
      return result;
    },
  }) as unknown as ContainerClient;

describe('exec transport', () => {
  it('runs ci-tool.js relay with the request and a timeout a little under its own', async () => {
    expect(relayCommand({ type: 'status' }, 5000)).toEqual([
      '/opt/tekton-ci/clean-exec',
      '/opt/tekton-ci/node',
      '/opt/tekton-ci/ci-tool.js',
      'relay',
      '{"type":"status","id":"x1"}',
      '4900',
    ]);
    const seen: string[][] = [];
    const reply = await new ExecCiTransport(
      container({ exitCode: 0, stdout: '{"type":"pong","id":"x1","timestamp":"t"}\n', stderr: '' }, seen),
      'c0ffee',
    ).request({ type: 'ping' }, { timeoutMs: 2000 });
    expect(reply).toEqual({ type: 'pong', id: 'x1', timestamp: 't' });
    expect(seen[0]?.slice(3)).toEqual(['relay', '{"type":"ping","id":"x1"}', '1900']);
  });

  it("says the CI did not answer, with the relay's reason, and tells an image without ci-tool.js to be rebuilt", async () => {
    const refused = new ExecCiTransport(
      container({ exitCode: 3, stdout: '', stderr: 'unix:/run/tekton-ci/ci.sock: ENOENT' }),
      'c0ffee',
    );
    await expect(refused.request({ type: 'ping' })).rejects.toThrow(
      /docker exec c0ffee: the CI socket inside the container did not answer \(unix:.*ENOENT\)/,
    );
    const old = new ExecCiTransport(
      container({ exitCode: 1, stdout: '', stderr: "Error: Cannot find module '/opt/tekton-ci/ci-tool.js'" }),
      'c0ffee',
    );
    await expect(old.request({ type: 'ping' })).rejects.toThrow(
      /has no \/opt\/tekton-ci\/ci-tool\.js .*rebuild it with 'aish docker build'/,
    );
    // An image from before clean-exec: refused, never run as root with the image's environment.
    const noCleanExec = new ExecCiTransport(
      container({
        exitCode: 126,
        stdout: '',
        stderr:
          'OCI runtime exec failed: exec failed: unable to start container process: exec: "/opt/tekton-ci/clean-exec": stat /opt/tekton-ci/clean-exec: no such file or directory: unknown',
      }),
      'c0ffee',
    );
    await expect(noCleanExec.request({ type: 'ping' })).rejects.toThrow(
      /has no \/opt\/tekton-ci\/clean-exec .*rebuild it with 'aish docker build'/,
    );
  });
});
