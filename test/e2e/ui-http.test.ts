// `aish ui` as a user starts it (the bundled dist/aish.js), checked at the HTTP level: loopback
// only, the printed token (in the URL's fragment, sent as a header, never a cookie), Host and Origin
// checks (DNS rebinding, cross-site and Origin-less changes get 403 and change nothing), the event
// stream's single-use tickets, and Ctrl-C stops it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../../scripts/bundle';

const root = resolve(__dirname, '..', '..');

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(
  port: number,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; host?: string } = {},
): Promise<Answer> {
  return new Promise((resolvePromise, reject) => {
    const headers = opts.method === 'POST' ? { 'content-type': 'application/json', ...opts.headers } : opts.headers;
    const req = request(
      { host: opts.host ?? '127.0.0.1', port, path, method: opts.method ?? 'GET', headers },
      (res) => {
        let body = '';
        res
          .setEncoding('utf8')
          .on('data', (d) => {
            body += d;
          })
          .on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('aish ui over HTTP', () => {
  let home = '';
  let child: ChildProcessWithoutNullStreams;
  let port = 0;
  let token = '';
  let out = '';
  let folder = '';
  const foldersJson = () => join(home, 'state', 'ui', 'folders.json');

  beforeAll(async () => {
    await bundle({ root, assets: false, log: () => undefined });
    home = mkdtempSync(join(tmpdir(), 'aish-ui-http-'));
    folder = join(home, 'some-project');
    mkdirSync(folder);
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEKTON_')));
    child = spawn(process.execPath, [join(root, 'dist', 'aish.js'), 'ui', '--no-open', '--port', '0'], {
      env: { ...env, HOME: home, TEKTON_STATE_DIR: join(home, 'state'), HERMES_PORT: '1', DISPLAY: '' },
    });
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    const deadline = Date.now() + 30_000;
    while (!/http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.test(out)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`aish ui did not print its URL: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const m = /http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+)/.exec(out)!;
    port = Number(m[1]);
    token = m[2]!;
  });
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  });

  it('prints a 127.0.0.1 URL with a long random token and listens on loopback only', async () => {
    expect(token.length).toBeGreaterThanOrEqual(32);
    await expect(call(port, '/', { host: '::1' })).rejects.toThrow();
    const own = await call(port, '/api/projects', { headers: { 'x-aish-token': token } });
    expect(own.status).toBe(200);
  });

  it('serves the page as public code; refuses the API without the token, or with a wrong one, or a cookie', async () => {
    const page = await call(port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-tekton-component="aish-ui"');
    expect(page.body).not.toContain(token);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'self'/);
    expect((await call(port, '/app.js')).status).toBe(200);
    expect((await call(port, '/app.js', { headers: { host: `evil.example:${port}` } })).status).toBe(403);
    expect((await call(port, '/api/containers')).status).toBe(401);
    expect((await call(port, '/api/events')).status).toBe(401);
    expect((await call(port, `/api/projects?token=${token}`)).status).toBe(401);
    // Browsers send a 127.0.0.1 cookie to every port: a cookie holding the token opens nothing.
    for (const cookie of [`aish_ui=${token}`, `token=${token}`])
      expect((await call(port, '/api/projects', { headers: { cookie } })).status).toBe(401);
    const bad = await call(port, '/api/projects', { headers: { 'x-aish-token': token.slice(1) } });
    expect(bad.status).toBe(401);
    expect(JSON.parse(bad.body).error).toMatch(/token/);
  });

  it('opens the event stream with a single-use ticket the token buys', async () => {
    const own = { origin: `http://127.0.0.1:${port}`, 'x-aish-token': token };
    expect((await call(port, '/api/events/ticket', { method: 'POST', headers: { origin: own.origin } })).status).toBe(
      401,
    );
    const issued = await call(port, '/api/events/ticket', { method: 'POST', headers: own });
    expect(issued.status).toBe(200);
    const { ticket } = JSON.parse(issued.body) as { ticket: string };
    const stream = await new Promise<{ status: number; first: string }>((done, fail) => {
      const req = request({ host: '127.0.0.1', port, path: `/api/events?ticket=${ticket}` }, (res) => {
        res.setEncoding('utf8').once('data', (d: string) => {
          done({ status: res.statusCode ?? 0, first: d });
          req.destroy();
        });
      });
      req.on('error', fail).end();
    });
    expect(stream.status).toBe(200);
    expect(stream.first).toMatch(/event: hello/);
    const again = await call(port, `/api/events?ticket=${ticket}`);
    expect(again.status).toBe(401);
    expect(JSON.parse(again.body).error).toMatch(/ticket is unknown, used or expired/);
  });

  it('refuses a DNS-rebound Host with 403 even with the token', async () => {
    for (const host of [`evil.example:${port}`, `127.0.0.1.nip.io:${port}`, '127.0.0.1', `localhost:${port + 1}`]) {
      const r = await call(port, '/api/projects', { headers: { host, 'x-aish-token': token } });
      expect(r.status, host).toBe(403);
      expect(JSON.parse(r.body).error).toMatch(/Host/);
    }
  });

  it('refuses a cross-site or missing Origin on a change with 403 and does nothing', async () => {
    const body = JSON.stringify({ path: folder });
    for (const origin of ['http://evil.example', `https://127.0.0.1:${port}`, 'null', `http://127.0.0.1:${port + 1}`]) {
      const r = await call(port, '/api/folders', {
        method: 'POST',
        headers: { origin, 'x-aish-token': token, 'content-type': 'application/json' },
        body,
      });
      expect(r.status, origin).toBe(403);
      expect(JSON.parse(r.body).error).toMatch(/Origin/);
    }
    // No Origin at all (a local program, or a page whose request lost it): refused too.
    const none = await call(port, '/api/folders', { method: 'POST', headers: { 'x-aish-token': token }, body });
    expect(none.status).toBe(403);
    expect(JSON.parse(none.body).error).toMatch(/without an Origin header/);
    expect(existsSync(foldersJson())).toBe(false);
    const same = await call(port, '/api/folders', {
      method: 'POST',
      headers: { origin: `http://127.0.0.1:${port}`, 'x-aish-token': token },
      body,
    });
    expect(same.status, same.body).toBe(201);
    expect(existsSync(foldersJson())).toBe(true);
  });

  it('answers bad input with a clear error', async () => {
    const headers = { 'x-aish-token': token, origin: `http://127.0.0.1:${port}` };
    const rel = await call(port, '/api/folders', {
      method: 'POST',
      headers,
      body: JSON.stringify({ path: 'relative/dir' }),
    });
    expect(rel.status).toBe(400);
    expect(JSON.parse(rel.body).error).toMatch(/not an absolute path/);
    expect((await call(port, '/api/folders', { method: 'POST', headers, body: '{not json' })).status).toBe(400);
    const form = await call(port, '/api/folders', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/plain' },
      body: JSON.stringify({ path: '/tmp' }),
    });
    expect(form.status).toBe(415);
    expect((await call(port, '/api/folders', { method: 'POST', headers, body: 'x'.repeat(70 * 1024) })).status).toBe(
      413,
    );
    const gone = await call(port, '/api/confirm/no-such-question', {
      method: 'POST',
      headers,
      body: '{"answer":true}',
    });
    expect(gone.status).toBe(410);
    expect(JSON.parse(gone.body).error).toMatch(/nothing was done/);
    expect((await call(port, '/api/projects/nope/plan', { headers })).status).toBe(404);
  });

  it('answers a body field that is no text with 400, not 500 (found by bench:fuzz)', async () => {
    const headers = { 'x-aish-token': token, origin: `http://127.0.0.1:${port}` };
    for (const [path, field] of [
      ['/api/containers/no-such/chat', 'text'],
      ['/api/folders', 'path'],
    ] as const) {
      for (const value of [{ toString: 1 }, [folder], 5]) {
        const r = await call(port, path, { method: 'POST', headers, body: JSON.stringify({ [field]: value }) });
        expect(r.status, `${path} ${JSON.stringify(value)}`).toBe(400);
        expect(JSON.parse(r.body).error).toMatch(new RegExp(`"${field}" must be a string`));
      }
    }
    // Control: the folder as text is added.
    const ok = await call(port, '/api/folders', { method: 'POST', headers, body: JSON.stringify({ path: folder }) });
    expect(ok.status).toBe(201);
  });

  it('answers an id that is no valid percent-encoding with 400, not 500 (found by bench:fuzz)', async () => {
    const headers = { 'x-aish-token': token, origin: `http://127.0.0.1:${port}` };
    for (const bad of ['%', '%E0%A4%A', '%c0%af', 'a%zz']) {
      for (const [method, path] of [
        ['GET', `/api/containers/${bad}`],
        ['POST', `/api/containers/${bad}/stop`],
        ['POST', `/api/containers/x/recipes/${bad}`],
        ['POST', `/api/confirm/${bad}`],
        ['GET', `/api/projects/${bad}/plan`],
      ] as const) {
        const r = await call(port, path, { method, headers, ...(method === 'POST' ? { body: '{}' } : {}) });
        expect(r.status, `${method} ${path}`).toBe(400);
        expect(JSON.parse(r.body).error).toMatch(/not valid percent-encoding/);
      }
    }
    // Control: the same routes with a valid encoding reach their handlers.
    expect((await call(port, '/api/containers/%E2%9C%93', { headers })).status).toBe(404);
  });

  it('stops on Ctrl-C', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toMatch(/aish ui: stopped/);
  });
});
