// TektonCore projects: a name resolves through projects.json, generate saves Docker settings into
// the project's metadata (other fields untouched), and the Docker button's endpoint answers.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProject } from '../../../plugin/docker/generate-project';
import { planProject } from '../../../plugin/docker/plan-project';
import { startDockerServer } from '../../../plugin/docker/project/serve-http';
import { findTektonCiPort } from '../../../plugin/docker/project/ask-project-ci';
import { request, type Server } from 'node:http';

const root = mkdtempSync(join(tmpdir(), 'tekton-root-'));
const projectDir = join(root, 'work', 'shop');
const projectsJson = join(root, '.tekton', 'projects', 'projects.json');
const env = { HOME: process.env.HOME, TEKTON_ROOT: root, TEKTON_STATE_DIR: join(root, 'state') };
let server: Server;
let base: string;
let token = '';
// What a caller sends: the server's own origin (or Tekton's UI), JSON, and this run's token.
let JSON_TYPE: Record<string, string> = {};

beforeAll(async () => {
  mkdirSync(join(root, '.tekton', 'projects'), { recursive: true });
  cpSync(resolve(__dirname, '../../../examples/corpus/python-flask'), projectDir, { recursive: true });
  writeFileSync(
    projectsJson,
    JSON.stringify(
      {
        version: '1.0',
        projects: [
          {
            id: 'p-123',
            name: 'Shop',
            description: 'a shop',
            state: 'active',
            local_directory: projectDir,
            metadata: { owner: 'casey' },
          },
          { id: 'p-404', name: 'Ghost', local_directory: join(root, 'missing'), metadata: {} },
        ],
      },
      null,
      2,
    ),
  );
  ({ server, token } = await startDockerServer({ port: 0, env }));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  JSON_TYPE = { 'content-type': 'application/json', origin: base, 'x-aish-token': token };
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(root, { recursive: true, force: true });
});

describe('TektonCore projects', () => {
  it('a project name (any case) resolves to its local_directory', () => {
    const plan = planProject({ target: 'shop', env });
    expect(plan.project).toMatchObject({ root: projectDir, name: 'Shop', projectId: 'p-123' });
    expect(plan.manifest.project.name).toBe('shop');
    expect(() => planProject({ target: 'Ghost', env })).toThrow(/has no local_directory on this machine/);
  });

  it('generate stores Docker settings in metadata.docker and keeps the other fields', async () => {
    await generateProject({ target: 'Shop', env });
    const data = JSON.parse(readFileSync(projectsJson, 'utf8')) as {
      projects: Array<{ id: string; description?: string; metadata: Record<string, unknown> }>;
    };
    const shop = data.projects.find((p) => p.id === 'p-123')!;
    expect(shop.description).toBe('a shop');
    expect(shop.metadata.owner).toBe('casey');
    expect(shop.metadata.docker).toMatchObject({ dockerfile: join(projectDir, 'Dockerfile'), containers: ['shop'] });
  });

  it('POST /api/projects/{id}/docker/generate answers {dockerfile, project_id, project_name, saved_to}', async () => {
    const res = await fetch(`${base}/api/projects/p-123/docker/generate`, { method: 'POST', headers: JSON_TYPE });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    expect(body.project_id).toBe('p-123');
    expect(body.project_name).toBe('Shop');
    expect(body.saved_to).toBe(join(projectDir, 'Dockerfile'));
    expect(body.dockerfile).toBe(readFileSync(join(projectDir, 'Dockerfile'), 'utf8'));
    expect(body.dockerfile).toMatch(/gunicorn/);
  });

  it('the endpoint says what is wrong: unknown project, wrong method, bad body, user Dockerfile', async () => {
    expect(
      (await fetch(`${base}/api/projects/nope/docker/generate`, { method: 'POST', headers: JSON_TYPE })).status,
    ).toBe(404);
    expect((await fetch(`${base}/api/projects/p-123/docker/generate`, { headers: JSON_TYPE })).status).toBe(405);
    expect(
      (await fetch(`${base}/api/projects/p-123/docker/generate`, { method: 'POST', headers: JSON_TYPE, body: '{oops' }))
        .status,
    ).toBe(400);
    writeFileSync(join(projectDir, 'Dockerfile'), 'FROM python:3.12-slim\nCMD ["python3", "app.py"]\n');
    const kept = await fetch(`${base}/api/projects/p-123/docker/generate`, { method: 'POST', headers: JSON_TYPE });
    expect(kept.status).toBe(409);
    expect(((await kept.json()) as { error: string }).error).toMatch(/force/);
    const forced = await fetch(`${base}/api/projects/p-123/docker/generate`, {
      method: 'POST',
      headers: JSON_TYPE,
      body: '{"force": true}',
    });
    expect(forced.status).toBe(200);
  });

  it('refuses cross-site and rebinding requests and writes nothing then', async () => {
    const dockerfile = join(projectDir, 'Dockerfile');
    writeFileSync(dockerfile, "FROM scratch\n# the user's\n");
    const port = (server.address() as AddressInfo).port;
    const post = (headers: Record<string, string>, body = '{"force": true}') =>
      raw('POST', port, { origin: `http://127.0.0.1:${port}`, 'x-aish-token': token, ...headers }, body);
    // DNS rebinding: a page on evil.example whose name now points at 127.0.0.1.
    expect((await post({ host: `evil.example:${port}`, 'content-type': 'application/json' })).status).toBe(421);
    expect((await post({ host: `127.0.0.1:${port + 1}`, 'content-type': 'application/json' })).status).toBe(421);
    // Cross-site: any Origin not allow-listed, and the opaque 'null' origin.
    expect(
      (await post({ host: `127.0.0.1:${port}`, origin: 'https://evil.example', 'content-type': 'application/json' }))
        .status,
    ).toBe(403);
    expect((await post({ host: `localhost:${port}`, origin: 'null', 'content-type': 'application/json' })).status).toBe(
      403,
    );
    // A form or a no-cors fetch cannot declare JSON.
    expect((await post({ host: `127.0.0.1:${port}`, 'content-type': 'text/plain' })).status).toBe(415);
    expect(
      (await post({ host: `127.0.0.1:${port}`, 'content-type': 'application/x-www-form-urlencoded' }, 'force=true'))
        .status,
    ).toBe(415);
    expect((await post({ host: `127.0.0.1:${port}` }, '')).status).toBe(415);
    // Another local program or user, or a page riding a cookie, has no token; a POST with no Origin is
    // refused even with it (control: the same request with both is allowed below).
    const json = { host: `127.0.0.1:${port}`, 'content-type': 'application/json' };
    expect((await post({ ...json, 'x-aish-token': '' })).status).toBe(401);
    expect((await post({ ...json, 'x-aish-token': `${token}x` })).status).toBe(401);
    expect((await raw('POST', port, { ...json, 'x-aish-token': token }, '{"force": true}')).status).toBe(403);
    const preflight = await raw(
      'OPTIONS',
      port,
      { host: `127.0.0.1:${port}`, origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      '',
    );
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(readFileSync(dockerfile, 'utf8')).toBe("FROM scratch\n# the user's\n");
    // Tekton's UI (Hephaestus, 8080) is allowed, with CORS headers naming it (and the token header).
    const ui = await raw(
      'OPTIONS',
      port,
      { host: `localhost:${port}`, origin: 'http://localhost:8080', 'access-control-request-method': 'POST' },
      '',
    );
    expect(ui.status).toBe(204);
    expect(ui.headers['access-control-allow-origin']).toBe('http://localhost:8080');
    expect(ui.headers['access-control-allow-headers']).toMatch(/X-Aish-Token/);
    const allowed = await post({
      host: `localhost:${port}`,
      origin: 'http://localhost:8080',
      'content-type': 'application/json; charset=utf-8',
    });
    expect(allowed.status).toBe(200);
    expect(readFileSync(dockerfile, 'utf8')).not.toMatch(/the user/);
  });

  it("finds <project>-ci's port in Tekton's CI registry only on loopback, and nothing without TEKTON_ROOT", () => {
    const dir = join(root, '.tekton', 'aish', 'ci-registry');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'registry.json'),
      JSON.stringify({ 'shop-ci': { port: 45123, host: 'localhost' }, 'far-ci': { port: 45124, host: '10.1.2.3' } }),
    );
    writeFileSync(join(dir, 'broken.json'), '{ half');
    expect(findTektonCiPort(env, 'shop-ci')).toBe(45123);
    expect(findTektonCiPort(env, 'far-ci')).toBeNull();
    expect(findTektonCiPort(env, 'none-ci')).toBeNull();
    expect(findTektonCiPort({}, 'shop-ci')).toBeNull();
  });
});

/** A request with exactly these headers (fetch would set Host and Origin itself). */
function raw(
  method: string,
  port: number,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: '/api/projects/p-123/docker/generate',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
