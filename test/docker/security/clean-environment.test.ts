// Nothing the app can write runs as root, proven on a real image built by the real pipeline from a
// user Dockerfile that does the worst it can: `/app` owned by the app user (as a Yarn PnP image's
// `.pnp.cjs` was), `ENV NODE_OPTIONS=--require /app/evil.js LD_PRELOAD=/app/evil.so` image-wide.
// Each payload leaves a marker named after the UID it ran as. Docker starts the CI, runs the image's
// HEALTHCHECK and `docker exec`s the relay as root with that environment: none of them may leave a
// root marker, while the app's own service (UID 10001) still gets its environment. The control runs
// the CI's tool as root the way the image did before clean-exec (node directly): both payloads run.
// A second attack rewrites /app/evil.js as the app user; the HEALTHCHECK still runs none of it.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../../plugin/docker/build-project';
import { HEALTHCHECK_CMD } from '../../../plugin/docker/dockerfile/generate-dockerfile';
import { DockerContainerClient } from '../../../plugin/engine/container-client';
import { ExecCiTransport } from '../../../plugin/transport/exec-transport';
import { APP_UID, CI_CLEAN_EXEC, CI_NODE, CI_TOOL } from '../../../protocol';
import { buildCiAssets } from '../../../scripts/build-ci-assets';
import { makeTestStateDir, type TestStateDir } from '../../support/state-dir';
import { eventually } from '../../support/eventually';
import { ask, type CiContainer, docker, removeContainer, startContainer, waitForCi } from '../ci-runtime/support';
import { removeImages } from '../docker/support/run-built-image';

const parent = mkdtempSync(join(tmpdir(), 'tekton-clean-env-'));
const project = join(parent, `tekton-test-clean-env-${process.pid}`);
let state: TestStateDir;
let image = '';
const images: string[] = [];
let c: CiContainer | undefined;

const DOCKERFILE = `ARG BASE=python:3.12-slim
FROM \${BASE}
WORKDIR /app
COPY . /app
# The app user owns its folder and every file in it: the payloads below are its to rewrite.
RUN useradd --uid ${APP_UID} --user-group app && chown -R app:app /app
ENV NODE_OPTIONS="--require /app/evil.js" LD_PRELOAD=/app/evil.so
EXPOSE 8000
CMD ["python3", "-m", "http.server", "8000"]
`;
// Runs in every dynamically linked process started with LD_PRELOAD: a marker named after the UID it
// ran as, holding the process's command line.
const EVIL_SO = `#include <stdio.h>
#include <unistd.h>
__attribute__((constructor)) static void mark(void) {
  char path[96], cmd[4096];
  size_t n = 0;
  FILE *in = fopen("/proc/self/cmdline", "r");
  if (in) { n = fread(cmd, 1, sizeof cmd, in); fclose(in); }
  snprintf(path, sizeof path, "/markers/ld_preload.%d.%d", (int)getuid(), (int)getpid());
  FILE *f = fopen(path, "w");
  if (f) { fwrite(cmd, 1, n, f); fclose(f); }
}`;
const EVIL_JS = (name: string) =>
  `const fs = require('node:fs'); fs.writeFileSync('/markers/${name}.' + process.getuid() + '.' + process.pid, fs.readFileSync('/proc/self/cmdline'));\n`;

// Bind-mounted from the host and empty at start, so the build's own RUN steps leave nothing in it,
// and the test reads it without starting anything in the container.
const markerDir = join(parent, 'markers');

/**
 * Markers as `payload.uid`, of the processes whose command line matches `started`: other tools on a
 * shared engine exec into every Tekton container too (`ergon ps` relays a status request), and
 * whatever they run is theirs, not this test's.
 */
function markers(started: RegExp): string[] {
  const ours = readdirSync(markerDir).filter((n) =>
    started.test(readFileSync(join(markerDir, n), 'utf8').replaceAll('\0', ' ')),
  );
  return [...new Set(ours.map((n) => n.split('.').slice(0, 2).join('.')))].sort();
}

function clearMarkers(): void {
  for (const name of readdirSync(markerDir)) rmSync(join(markerDir, name));
}

beforeAll(async () => {
  mkdirSync(project);
  mkdirSync(markerDir);
  chmodSync(markerDir, 0o1777);
  writeFileSync(join(project, 'Dockerfile'), DOCKERFILE);
  writeFileSync(join(project, 'app.py'), "print('hello')\n");
  writeFileSync(join(project, 'evil.js'), EVIL_JS('node_options'));
  writeFileSync(join(parent, 'evil.c'), EVIL_SO);
  execFileSync('gcc', ['-shared', '-fPIC', '-o', join(project, 'evil.so'), join(parent, 'evil.c')]);
  await buildCiAssets();
  state = makeTestStateDir();
  const { images: built } = await buildProject({
    target: project,
    env: state.env,
    docker: new Docker(),
    labels: { 'tekton.test': '1' },
  });
  image = built[0]!.image;
  images.push(...built[0]!.tags);
  // The image's HEALTHCHECK, every second, so Docker itself runs it during the test.
  c = await startContainer({
    image,
    extra: ['--health-interval', '1s', '--health-start-period', '0s', '-v', `${markerDir}:/markers`],
  });
  await waitForCi(c, 60_000);
  await eventually(
    async () => {
      const s = await ask(c!, { type: 'status' });
      return (s.services as { health: string }[]).every((x) => x.health === 'healthy') || null;
    },
    { what: 'the web service healthy', timeoutMs: 60_000 },
  );
}, 900_000);

afterAll(async () => {
  await removeContainer(c);
  await removeImages(new Docker(), images);
  state?.cleanup();
  rmSync(parent, { recursive: true, force: true });
});

describe('an image whose environment loads app-writable code', () => {
  it("gives the app's service its environment, and the CI none of it", async () => {
    // Read from the host (the same kernel): PID 1 of the container is tini, its one child the CI.
    const tini = await docker(['inspect', '--format', '{{.State.Pid}}', c!.id]);
    const ciPid = readFileSync(`/proc/${tini}/task/${tini}/children`, 'utf8').trim();
    // The CI's children are the services and its own helpers (the recipe worker, the SQL judge): the web
    // service is the child whose command line runs the app's server.
    const children = readFileSync(`/proc/${ciPid}/task/${ciPid}/children`, 'utf8').trim().split(' ');
    const cmdline = (pid: string) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    const webPid = children.find((pid) => cmdline(pid).includes('http.server'));
    expect(webPid, `a child of the CI running http.server among ${children.map(cmdline).join(' | ')}`).toBeDefined();
    const environ = (pid: string) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
    expect(environ(webPid!)).toEqual(
      expect.arrayContaining(['LD_PRELOAD=/app/evil.so', 'NODE_OPTIONS=--require /app/evil.js']),
    );
    // What the CI started with (the initial block, as clean-exec gave it): the allow-list only.
    const ciEnv = environ(ciPid);
    expect(ciEnv.map((e) => e.split('=')[0]).sort()).toEqual(['PATH', 'TEKTON_CI_APP_ENV_FD', 'TEKTON_CI_CONTAINER']);
    // The service ran the app's own payload as the app's UID, and nothing ran as root at boot.
    expect(markers(/ci-runtime\.js|http\.server/)).toEqual([`ld_preload.${APP_UID}`]);
  });

  it("runs Docker's HEALTHCHECK and the docker-exec relay as root without running a payload", async () => {
    clearMarkers();
    const before = Number(await docker(['inspect', '--format', '{{len .State.Health.Log}}', c!.id]));
    await eventually(
      async () =>
        Number(await docker(['inspect', '--format', '{{len .State.Health.Log}}', c!.id])) > before + 1 || null,
      { what: 'two more runs of the HEALTHCHECK', timeoutMs: 30_000 },
    );
    expect(await docker(['inspect', '--format', '{{.State.Health.Status}}', c!.id])).toBe('healthy');
    const relay = new ExecCiTransport(new DockerContainerClient(new Docker()), c!.id);
    expect(await relay.request({ type: 'ping' }, { timeoutMs: 10_000 })).toMatchObject({ type: 'pong' });
    expect(await docker(['exec', c!.id, ...HEALTHCHECK_CMD])).toBe('container CI: healthy');
    expect(markers(/healthcheck|relay \{"type":"ping"/)).toEqual([]);
  });

  it('control: the same tool started as root with the image environment runs both payloads', async () => {
    clearMarkers();
    expect(await docker(['exec', c!.id, CI_NODE, CI_TOOL, 'healthcheck'])).toBe('container CI: healthy');
    expect(markers(/healthcheck/)).toEqual(['ld_preload.0', 'node_options.0']);
  });

  it('a payload the app user rewrites still runs as nobody but the app', async () => {
    clearMarkers();
    await docker([
      'exec',
      '-u',
      `${APP_UID}`,
      c!.id,
      CI_CLEAN_EXEC,
      '/bin/sh',
      '-c',
      `printf '%s' "$0" > /app/evil.js`,
      EVIL_JS('rewritten'),
    ]);
    await docker(['exec', c!.id, ...HEALTHCHECK_CMD]);
    await ask(c!, { type: 'run', recipe: 'disk-usage', sender: 'clean-env-test' });
    expect(markers(/healthcheck|recipe-worker/)).toEqual([]);
    // The app user did rewrite it: the control path (node as root with the image's env) would run it.
    await docker(['exec', c!.id, CI_NODE, '-e', '0']);
    expect(markers(/-e 0/)).toEqual(['ld_preload.0', 'rewritten.0']);
  });
});
