// Boundary 1 (docs/security.md): the host reads nothing through a container's run dir. Root in a
// running container (made by `ergon run`, real engine) plants what it likes in the bind-mounted run
// dir: a link from its token to a file of the host, a FIFO for a token, a link from its socket to a
// socket of the host, a FIFO for a socket. Each attack has its control: the same payload against the
// undefended path (opening the run dir's file or socket by name, as the host did before issue 23).
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciFamily, containerCiRoute } from '../../../plugin/ci/family';
import { ergonFamily } from '../../../plugin/ergon/family';
import { eventually } from '../../support/eventually';
import { cleanup, hostFixture } from '../host/support/host-fixture';
import { runRoute, runSub } from '../host/support/run-command';
import { asRoot, seenByContainer, serveOwnSocket } from './support/hostile-container';

const NAME = `hrd-${process.pid}`;
const CI = `${NAME}-container-ci`;
const REPLY = { type: 'response', ai_id: CI, content: 'all fine, says the container', intent: 'status', args: {} };

describe("the host and a container's run dir", () => {
  let f: ReturnType<typeof hostFixture>;
  let runDir = '';
  let marker = '';
  const secret = `host-secret-${randomBytes(8).toString('hex')}`;
  const ask = () => runRoute(containerCiRoute, CI, { args: ['status'], env: f.env });

  beforeAll(async () => {
    f = hostFixture();
    runDir = join(f.stateDir, 'containers', 'run', NAME);
    marker = join(f.stateDir, 'marker-file');
    writeFileSync(marker, secret);
    const r = await runSub(ergonFamily, 'run', { args: [f.image], options: { name: NAME }, env: f.env });
    expect(r.status, r.stderr).toBe(0);
    await eventually(async () => (await ask()).status === 0, { what: `${CI} answers`, timeoutMs: 60_000 });
  });
  afterAll(() => cleanup(f.stateDir, [NAME]));

  it("a token swapped for a link to a host file: the host sends its own copy of the token, never the file's content", async () => {
    await serveOwnSocket(NAME, REPLY);
    asRoot(NAME, `rm -f /run/tekton-ci/token && ln -s ${marker} /run/tekton-ci/token`);
    // Control: the run dir's token opened by name (the host before issue 23) is the host's file.
    expect(readFileSync(join(runDir, 'token'), 'utf8')).toBe(secret);
    const r = await ask();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('all fine, says the container');
    const seen = seenByContainer(NAME);
    expect(seen.length).toBeGreaterThan(0);
    expect(JSON.stringify(seen)).not.toContain(secret);
    const hostCopy = readFileSync(join(f.stateDir, 'containers', 'tokens', NAME), 'utf8').trim();
    expect(seen.at(-1)?.token).toBe(hostCopy);
  });

  it('a FIFO for a token: aish and ci list answer at once, with the CI listed', async () => {
    asRoot(NAME, 'rm -f /run/tekton-ci/token && mkfifo /run/tekton-ci/token');
    // Control: reading it by name never returns (a child process, stopped after 2 s).
    const control = spawnSync(
      process.execPath,
      ['-e', `require('fs').readFileSync(${JSON.stringify(join(runDir, 'token'))})`],
      { timeout: 2000 },
    );
    expect(control.signal).toBe('SIGTERM');
    const r = await ask();
    expect(r.status, r.stderr).toBe(0);
    const list = await runSub(ciFamily, 'list', { args: [], env: f.env, json: true });
    expect(list.status, list.stderr).toBe(0);
    const row = (JSON.parse(list.stdout) as { cis: Array<{ ci_name: string; health: string }> }).cis.find(
      (c) => c.ci_name === CI,
    );
    expect(row?.health).not.toBe('unreachable');
  });

  it('a socket swapped for a link to a socket of the host, or a FIFO: refused by name, nothing sent', async () => {
    let hostConnections = 0;
    const hostSocket = join(f.stateDir, 'host.sock');
    const server: Server = createServer((s) => {
      hostConnections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(hostSocket, () => r()));
    try {
      asRoot(NAME, `rm -f /run/tekton-ci/ci.sock && ln -s ${hostSocket} /run/tekton-ci/ci.sock`);
      // Control: connecting by name follows the link to the host's socket.
      await new Promise<void>((resolve, reject) => {
        const c = createConnection(join(runDir, 'ci.sock'), () => {
          c.destroy();
          resolve();
        });
        c.on('error', reject);
      });
      await eventually(() => hostConnections === 1, { what: 'the control reached the host socket' });
      const linked = await ask();
      expect(linked.status).toBe(1);
      expect(linked.stderr).toMatch(
        new RegExp(
          `Refused the socket of ${CI} at \\S+/ci\\.sock: it is a symbolic link, not a socket; nothing was sent`,
        ),
      );
      expect(hostConnections).toBe(1);
      asRoot(NAME, 'rm -f /run/tekton-ci/ci.sock && mkfifo /run/tekton-ci/ci.sock');
      const fifo = await ask();
      expect(fifo.status).toBe(1);
      expect(fifo.stderr).toMatch(
        new RegExp(`Refused the socket of ${CI} at \\S+/ci\\.sock: it is a FIFO, not a socket`),
      );
    } finally {
      server.close();
    }
  });
});
