// A project with its own Dockerfile: the CI is added without rewriting it (our stage appended to
// an in-memory copy, built with --target); the user's command still runs, under the CI.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../../plugin/docker/build-project';
import { makeTestStateDir } from '../../support/state-dir';
import { askCiSocket, httpGet, removeImages, runImage, type RunningImage } from './support/run-built-image';
import { eventually } from '../../support/eventually';

const docker = new Docker();
const parent = mkdtempSync(join(tmpdir(), 'tekton-docker-user-'));
const project = join(parent, `tekton-test-userdf-${process.pid}`);
const state = makeTestStateDir();
const images: string[] = [];
let running: RunningImage | null = null;
const USER_DOCKERFILE = [
  'ARG BASE=python:3.12-slim',
  'FROM ${BASE}',
  'WORKDIR /srv',
  'COPY server.py ./',
  'CMD ["python3", "server.py"]',
  '',
].join('\n');

afterAll(async () => {
  await running?.stop();
  await removeImages(docker, images);
  state.cleanup();
  rmSync(parent, { recursive: true, force: true });
});

describe('a project with its own Dockerfile', () => {
  it('gets the CI stage appended at build time; the file on disk is untouched', async () => {
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'Dockerfile'), USER_DOCKERFILE);
    writeFileSync(
      join(project, 'server.py'),
      [
        'import http.server, json',
        'class H(http.server.BaseHTTPRequestHandler):',
        '    def do_GET(self):',
        '        body = json.dumps({"app": "user-dockerfile"}).encode()',
        '        self.send_response(200); self.send_header("content-type", "application/json"); self.end_headers(); self.wfile.write(body)',
        'if __name__ == "__main__":',
        '    http.server.HTTPServer(("0.0.0.0", 8000), H).serve_forever()',
        '',
      ].join('\n'),
    );
    const { plan, images: built } = await buildProject({
      target: project,
      env: state.env,
      docker,
      labels: { 'tekton.test': '1' },
    });
    const image = built[0]!;
    images.push(...image.tags);
    expect(plan.apps[0]!.userDockerfile).toBe(true);
    expect(plan.apps[0]!.target).toBe('tekton-ci');
    expect(plan.summary.start).toBe('python3 server.py');
    expect(readFileSync(join(project, 'Dockerfile'), 'utf8')).toBe(USER_DOCKERFILE);
    const info = await docker.getImage(image.image).inspect();
    expect(info.Config.Entrypoint).toEqual([
      '/opt/tekton-ci/tini',
      '--',
      '/opt/tekton-ci/clean-exec',
      '--app-env',
      '/opt/tekton-ci/node',
      '/opt/tekton-ci/ci-runtime.js',
    ]);
    expect(info.Config.Cmd).toEqual(['python3', 'server.py']);
    expect(info.Config.WorkingDir).toBe('/srv');

    running = await runImage(docker, image.image, [8000]);
    const body = await eventually(() => httpGet(`http://127.0.0.1:${running!.ports[8000]}/`), {
      timeoutMs: 60_000,
      what: 'the user app answering',
    });
    expect(JSON.parse(body)).toEqual({ app: 'user-dockerfile' });
    // The app can answer before the CI's own probe has moved the service from starting to running.
    const status = await eventually(
      async () => {
        const reply = await askCiSocket(running!.runDir, { type: 'status' });
        return (reply.services as Array<{ state: string }>)[0]?.state === 'running' ? reply : undefined;
      },
      { timeoutMs: 60_000, what: 'the CI reporting the web service running' },
    );
    expect(status.type).toBe('status_response');
    expect((status.services as Array<{ name: string; state: string }>)[0]).toMatchObject({
      name: 'web',
      state: 'running',
    });
  });
});
