// `aish ui` in a real browser (Debian's chromium through playwright-core) against the real engine:
// press 🐳 Docker on a project, read the Dockerfile in the modal, build and register it, run it,
// ask its CI "status" in the chat panel, confirm a restart and see the timeline change; a build
// error shows its failing step; a CI that does not answer is marked; the engine going away shows
// a banner that clears when it returns. First paint is measured with the Performance API. The token
// lives in the page (from the URL's fragment), never in a cookie: a page on another 127.0.0.1 port
// gets nothing from the browser and can do nothing with the API (the attack test at the end).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { containerCiRoute } from '../../plugin/ci/family';
import { startUiServer, type UiServer } from '../../plugin/ui/ui-server';
import { EngineProxy } from '../docker/host/support/engine-proxy';
import { runRoute } from '../docker/host/support/run-command';
import { makeTestStateDir, type TestStateDir } from '../support/state-dir';

const NAME = `uib-${process.pid}`;
const BROKEN = `uib-broken-${process.pid}`;
const SHOTS = process.env.UI_SCREENSHOTS ? resolve(process.env.UI_SCREENSHOTS) : null;
/** The launch the brief prescribes: no downloads, no background traffic, a fresh profile. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
];

function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

describe('aish ui in chromium', () => {
  let state: TestStateDir;
  let proxy: EngineProxy;
  let ui: UiServer;
  let browser: BrowserContext;
  let page: Page;
  let profile = '';
  let env: Record<string, string | undefined>;
  let hephaestus: Server;
  let frameSrc = '';

  beforeAll(async () => {
    state = makeTestStateDir('uib-');
    proxy = new EngineProxy(join(state.dir, 'engine.sock'));
    await proxy.up();
    const tekton = join(state.dir, 'tekton');
    const project = join(state.dir, NAME);
    cpSync(resolve(__dirname, '../../examples/corpus/node-http'), project, { recursive: true });
    mkdirSync(join(tekton, '.tekton', 'projects'), { recursive: true });
    writeFileSync(
      join(tekton, '.tekton', 'projects', 'projects.json'),
      JSON.stringify({ projects: [{ id: 'p-uib', name: NAME, local_directory: project, metadata: {} }] }),
    );
    const broken = join(state.dir, BROKEN);
    cpSync(resolve(__dirname, '../../examples/corpus/node-http'), broken, { recursive: true });
    // The user's own Dockerfile, on a local base, with a step that fails.
    writeFileSync(
      join(broken, 'Dockerfile'),
      'FROM tekton-local/node:18\nWORKDIR /app\nCOPY . .\nRUN echo the-build-broke-here && exit 3\nCMD ["node", "server.js"]\n',
    );
    env = {
      ...state.env,
      DOCKER_HOST: `unix://${proxy.path}`,
      TEKTON_ROOT: tekton,
      HERMES_PORT: '1',
      ERGON_PORT: '1',
      TEKTON_CI_TIMEOUT_MS: '15000',
      AISH_MONITOR: 'on',
      // The container `ergon run` creates carries the test label (images get it through buildLabels).
      TEKTON_LABELS: 'tekton.test=1',
    };
    hephaestus = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!doctype html><title>Ergon</title><script>window.msgs=[];addEventListener('message',(e)=>msgs.push({origin:e.origin,data:e.data}))</script><iframe id="containers" style="width:1200px;height:700px" src="${frameSrc}"></iframe>`,
      );
    });
    await new Promise<void>((r) => hephaestus.listen(0, '127.0.0.1', () => r()));
    const parentOrigin = `http://localhost:${(hephaestus.address() as AddressInfo).port}`;
    ui = await startUiServer({
      env,
      port: 0,
      buildLabels: { 'tekton.test': '1' },
      probeIntervalMs: 2000,
      frameAncestors: [parentOrigin],
    });
    frameSrc = `http://127.0.0.1:${ui.port}/?embed=1#token=${ui.token}`;
    profile = mkdtempSync(join(tmpdir(), 'uib-profile-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 900 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
  });

  afterAll(async () => {
    await browser?.close();
    await ui?.close();
    hephaestus?.close();
    await proxy?.up().catch(() => undefined);
    await proxy?.down();
    for (const n of [NAME]) {
      try {
        docker('rm', '-f', n);
      } catch {
        /* not created */
      }
    }
    for (const ref of [NAME, BROKEN]) {
      const ids = docker('images', '-q', '--filter', `reference=${ref}`).split('\n').filter(Boolean);
      if (ids.length) {
        try {
          docker('rmi', '-f', ...new Set(ids));
        } catch {
          /* in use by another tag */
        }
      }
    }
    rmSync(profile, { recursive: true, force: true });
    state?.cleanup();
  });

  // A failed step must not leave a modal open over the next one.
  afterEach(async () => {
    await page
      ?.locator('dialog[open]')
      .evaluateAll((open) => open.forEach((d) => (d as unknown as { close(): void }).close()));
  });

  it('opens the printed URL, keeps the token in the page (no cookie, out of the address bar) and paints within 300 ms', async () => {
    await page.goto(ui.url);
    expect(new URL(page.url()).hash).toBe('');
    await page.getByRole('article', { name: `Project ${NAME}` }).waitFor();
    const fcp = () => page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
    const first = await fcp();
    const nav = await page.evaluate(
      () => (performance.getEntriesByType('navigation' as never)[0] as unknown as { responseEnd: number }).responseEnd,
    );
    // Three more cold page loads (new tab each; server and browser warm): the machine is shared, so
    // the figure asserted is the median of the four.
    const more: number[] = [];
    for (let i = 0; i < 3; i++) {
      const tab = await browser.newPage();
      await tab.goto(ui.url);
      await tab.getByRole('article', { name: `Project ${NAME}` }).waitFor();
      more.push(
        (await tab.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null)) ??
          Infinity,
      );
      await tab.close();
    }
    const all = [first ?? Infinity, ...more].sort((a, b) => a - b);
    const median = (all[1]! + all[2]!) / 2;
    console.log(
      `[ui-bench] first-contentful-paint: first load ${first?.toFixed(1)} ms (document at ${nav.toFixed(1)} ms); new tabs ${more.map((m) => m.toFixed(1)).join(', ')} ms; median ${median.toFixed(1)} ms`,
    );
    expect(first).not.toBeNull();
    expect(median).toBeLessThanOrEqual(300);
    expect(await browser.cookies()).toEqual([]);
    // A reload keeps working: the tab holds the token (sessionStorage of this origin only).
    await page.reload();
    await page.getByRole('article', { name: `Project ${NAME}` }).waitFor();
  });

  it('🐳 Docker shows the plan with reasons and the generated Dockerfile; Send to Ergon builds and registers it', async () => {
    await page.getByRole('button', { name: `Docker for ${NAME}` }).click();
    const modal = page.locator('#docker-modal');
    await modal.getByRole('table', { name: 'Plan' }).waitFor();
    await expect.poll(() => modal.getByRole('table', { name: 'Plan' }).innerText()).toMatch(/language\s+node/);
    expect(await modal.getByRole('table', { name: 'Plan' }).innerText()).toMatch(/package\.json scripts\.start/);
    const dockerfile = await page.locator('#dockerfile').innerText();
    expect(dockerfile).toMatch(/^# Generated by `aish docker generate`/);
    expect(dockerfile).toMatch(/FROM \$\{NODE_IMAGE\}|FROM .*node/);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'ui-projects.png') });
    await modal.getByRole('button', { name: 'Send to Ergon' }).click();
    await expect
      .poll(() => page.locator('#docker-result').innerText(), { timeout: 240_000 })
      .toMatch(/Built .*Registered in .*builds\.json/);
    expect(await page.locator('#docker-steps li').count()).toBeGreaterThan(3);
    await modal.getByRole('button', { name: 'Close' }).click();
  });

  it('a build error shows the failing step and its output in the modal', async () => {
    await page.getByLabel('Add a project folder').fill(join(state.dir, BROKEN));
    await page.getByRole('button', { name: 'Add folder' }).click();
    await page.getByRole('button', { name: `Docker for ${BROKEN}` }).click();
    const modal = page.locator('#docker-modal');
    await expect.poll(() => page.locator('#dockerfile').innerText()).toMatch(/the-build-broke-here/);
    await modal.getByRole('button', { name: 'Build' }).click();
    await expect
      .poll(() => page.locator('#docker-result').innerText(), { timeout: 120_000 })
      .toMatch(/Build failed at step: .*RUN echo the-build-broke-here/);
    expect(await page.locator('#docker-log').innerText()).toMatch(/failing step output[\s\S]*the-build-broke-here/);
    await modal.getByRole('button', { name: 'Close' }).click();
  });

  it('Containers: run the built image, its CI answers "status" as `aish <ci> "status"` does', async () => {
    await page.locator('label[for="tekton-tab-containers"]').click();
    const card = page.locator(`.ergon__container-card[data-tekton-container="${NAME}"]`);
    await card.waitFor();
    expect(await card.getAttribute('data-state')).toBe('built');
    await card.click();
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 60_000 }).toBe('running');
    await expect.poll(() => card.getAttribute('data-health'), { timeout: 60_000 }).toBe('healthy');
    await expect.poll(() => card.locator('.ergon__ci-badge').innerText()).toBe(`${NAME}-container-ci`);
    expect(docker('inspect', '-f', '{{index .Config.Labels "tekton.test"}}', NAME)).toBe('1');
    await page.getByLabel('Message to the container CI').fill('status');
    await page.getByRole('button', { name: 'Send' }).click();
    const reply = page.locator('.ergon__msg--ci').last();
    await expect.poll(() => reply.innerText(), { timeout: 30_000 }).toMatch(/web/);
    const cli = await runRoute(containerCiRoute, `${NAME}-container-ci`, { args: ['status'], env });
    expect(cli.status, cli.stderr).toBe(0);
    const shape = (t: string) =>
      t
        .trim()
        .split('\n')[0]!
        .replace(/[\d.]+/g, '#');
    expect(shape(await reply.innerText())).toBe(shape(cli.stdout));
  });

  it('live without polling: probes are pushed and update the page in place; requests only follow other events', async () => {
    // Listen to the same stream beside the page, to know which events it received meanwhile.
    const ctrl = new AbortController();
    const events: string[] = [];
    const { ticket } = (await (
      await fetch(`http://127.0.0.1:${ui.port}/api/events/ticket`, {
        method: 'POST',
        headers: { 'x-aish-token': ui.token, origin: `http://127.0.0.1:${ui.port}` },
      })
    ).json()) as { ticket: string };
    const stream = fetch(`http://127.0.0.1:${ui.port}/api/events?ticket=${ticket}`, { signal: ctrl.signal })
      .then(async (res) => {
        const decoder = new TextDecoder();
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          for (const m of decoder.decode(chunk).matchAll(/^event: (\w+)$/gm)) events.push(m[1]!);
        }
      })
      .catch(() => undefined);
    // Let the reload the last chat reply scheduled (250 ms) happen first.
    await new Promise((r) => setTimeout(r, 1000));
    const requests: string[] = [];
    const count = (r: { url(): string }) => {
      requests.push(r.url());
    };
    page.on('request', count);
    const samples = async () =>
      Number(
        /(\d+) samples/.exec((await page.locator('#charts svg').first().getAttribute('aria-label')) ?? '')?.[1] ?? 0,
      );
    const before = await samples();
    await new Promise((r) => setTimeout(r, 6000));
    page.off('request', count);
    ctrl.abort();
    await stream;
    const probes = events.filter((e) => e === 'probe').length;
    const others = events.filter((e) => e !== 'probe' && e !== 'hello').length;
    console.log(
      `[ui-bench] idle 6 s: ${probes} probe events, ${others} other events, ${requests.length} page requests`,
    );
    expect(probes).toBeGreaterThanOrEqual(2);
    expect(await samples()).toBeGreaterThan(before);
    // A burst of other events costs at most one list and one detail reload; probes cost nothing.
    expect(requests.length, requests.join(', ')).toBeLessThanOrEqual(2 * others);
  });

  it('a restart asks for confirmation as the CLI does, then the timeline shows it; the audit log names the sender', async () => {
    const timeline = page.locator('#timeline li');
    await expect.poll(() => timeline.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const before = await page.locator('#timeline li[data-action="start"]').count();
    await page.getByRole('button', { name: '↻ Restart' }).click();
    const confirm = page.locator('#confirm-modal');
    await confirm.waitFor({ state: 'visible' });
    expect(await page.locator('#confirm-msg').innerText()).toBe(`Restart container ${NAME}?`);
    await page.locator('#confirm-yes').click();
    await expect
      .poll(() => page.locator('#timeline li[data-action="restart"]').count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
    expect(await page.locator('#timeline li[data-action="start"]').count()).toBeGreaterThan(before);
    await expect
      .poll(() => page.locator('#audit').innerText(), { timeout: 20_000 })
      .toMatch(/via aish ui restart: Restarted/);
  });

  it("a control action through the chat needs the CI's own confirmation; its audit log records the sender", async () => {
    const card = page.locator(`.ergon__container-card[data-tekton-container="${NAME}"]`);
    await expect.poll(() => card.getAttribute('data-health'), { timeout: 60_000 }).toBe('healthy');
    await page.getByLabel('Message to the container CI').fill('restart web');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#confirm-modal').waitFor({ state: 'visible' });
    const question = await page.locator('#confirm-msg').innerText();
    expect(question).toMatch(/restart/i);
    await page.locator('#confirm-no').click();
    await expect
      .poll(() => page.locator('.ergon__msg--error').last().innerText())
      .toMatch(/Not confirmed: nothing was done/);
    await page.getByLabel('Message to the container CI').fill('restart web');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#confirm-modal').waitFor({ state: 'visible' });
    await page.locator('#confirm-yes').click();
    await expect
      .poll(() => page.locator('.ergon__msg--ci').last().innerText(), { timeout: 30_000 })
      .toMatch(/restart/i);
  });

  it('recipes: Run of a control recipe asks (No does nothing), Dry run changes nothing; the CI audit log names the sender', async () => {
    await page.getByRole('button', { name: 'Run disk-usage', exact: true }).click();
    await expect
      .poll(() => page.locator('.ergon__msg--ci').last().innerText(), { timeout: 30_000 })
      .toMatch(/disk|bytes|MB|KB/i);
    await page.getByRole('button', { name: 'Run optimize-memory', exact: true }).click();
    await page.locator('#confirm-modal').waitFor({ state: 'visible' });
    await page.locator('#confirm-no').click();
    await expect
      .poll(() => page.locator('.ergon__msg--error').last().innerText())
      .toMatch(/Not confirmed: nothing was done/);
    await page.getByRole('button', { name: 'Dry run optimize-memory' }).click();
    await expect
      .poll(() => page.locator('.ergon__msg--ci').last().innerText(), { timeout: 30_000 })
      .toMatch(/^\[dry run\]/);
    const detail = await page.evaluate(
      async ([n, token]) =>
        (await fetch(`/api/containers/${n}`, { headers: { 'x-aish-token': token! } })).json() as Promise<{
          audit: Array<{ sender: string; recipe: string; dry_run: boolean }>;
        }>,
      [NAME, ui.token],
    );
    const ours = detail.audit.filter((e) => /via aish ui$/.test(e.sender));
    expect(
      ours.map((e) => `${e.recipe}${e.dry_run ? ' (dry)' : ''}`),
      JSON.stringify(detail.audit),
    ).toEqual(expect.arrayContaining(['disk-usage', 'optimize-memory (dry)']));
    await expect
      .poll(() => page.locator('#audit').innerText(), { timeout: 10_000 })
      .toMatch(/via aish ui optimize-memory \(dry run\)/);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'ui-containers.png') });
  });

  it('Export shows the Kubernetes YAML `aish ergon export k8s` writes', async () => {
    await page.getByRole('button', { name: '⇪ Export' }).click();
    await page.locator('#text-modal').waitFor({ state: 'visible' });
    const yaml = await page.locator('#text-body').innerText();
    expect(yaml).toMatch(/kind: Deployment/);
    expect(yaml).toMatch(/kind: Service/);
    expect(yaml).toContain(`image: ${NAME}:`);
    await page.locator('#text-close').click();
  });

  it('marks a CI that does not answer, with the reason, and recovers', async () => {
    const card = page.locator(`.ergon__container-card[data-tekton-container="${NAME}"]`);
    docker('pause', NAME);
    try {
      await expect.poll(() => card.getAttribute('data-health'), { timeout: 30_000 }).toBe('unreachable');
      expect(await card.locator('.ergon__reason').innerText()).toMatch(/paused|did not answer|timed out/);
    } finally {
      docker('unpause', NAME);
    }
    await expect.poll(() => card.getAttribute('data-health'), { timeout: 30_000 }).toBe('healthy');
  });

  it('shows a banner while the engine is away and clears it when it returns', async () => {
    await proxy.down();
    await expect.poll(() => page.locator('#banner').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await page.locator('#banner').innerText()).toMatch(/Docker engine/);
    // It stays while the engine is away (the page's own reloads must not hide it).
    await page.locator('label[for="tekton-tab-projects"]').click();
    await page.locator('label[for="tekton-tab-containers"]').click();
    await new Promise((r) => setTimeout(r, 3000));
    expect(await page.locator('#banner').isVisible()).toBe(true);
    await proxy.up();
    await expect.poll(() => page.locator('#banner').isVisible(), { timeout: 60_000 }).toBe(false);
  });

  it('embeds in Ergon as an iframe tab (Hephaestus framing, token carried by the page, postMessage both ways)', async () => {
    const parent = await browser.newPage();
    await parent.goto(`http://localhost:${(hephaestus.address() as AddressInfo).port}/`);
    const frame = parent.frameLocator('#containers');
    await frame.getByRole('article', { name: `Project ${NAME}` }).waitFor();
    await expect
      .poll(() =>
        parent.evaluate(() =>
          (globalThis as unknown as { msgs: Array<{ data: { event: string } }> }).msgs.map((m) => m.data.event),
        ),
      )
      .toContain('ready');
    await parent.evaluate(
      (n) =>
        (
          (globalThis as unknown as { document: unknown }).document as {
            getElementById(id: string): { contentWindow: { postMessage(m: unknown, o: string): void } };
          }
        )
          .getElementById('containers')
          .contentWindow.postMessage({ type: 'ergon-to-containers', action: 'select', container: n }, '*'),
      NAME,
    );
    await expect.poll(() => frame.locator('#details-h').innerText(), { timeout: 20_000 }).toMatch(new RegExp(NAME));
    const msgs = () =>
      parent.evaluate(() => (globalThis as unknown as { msgs: Array<{ origin: string; data: unknown }> }).msgs);
    await expect.poll(msgs, { timeout: 20_000 }).toContainEqual({
      origin: `http://127.0.0.1:${ui.port}`,
      data: { type: 'containers-to-ergon', event: 'selected', container: NAME },
    });
    await parent.close();
  });

  it('a page of another site cannot use the server: its form post gets 403 and nothing is done', async () => {
    // A classic cross-site form post from http://localhost:<other port> (another site than 127.0.0.1).
    const evil = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<form id="f" method="POST" enctype="text/plain" action="http://127.0.0.1:${ui.port}/api/folders"><input name='{"path":"/tmp","x":"' value='"}'></form><script>f.submit()</script>`,
      );
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', () => r()));
    try {
      const other = await browser.newPage();
      const answer = other.waitForResponse((r) => r.url().endsWith('/api/folders'));
      await other.goto(`http://localhost:${(evil.address() as AddressInfo).port}/`);
      const r = await answer;
      expect(r.status()).toBe(403);
      expect(await r.text()).toMatch(/Origin 'http:\/\/localhost:\d+' is not allowed/);
      await other.close();
    } finally {
      evil.close();
    }
    const cards = await page.evaluate(
      async (token) =>
        (
          (await (await fetch('/api/projects', { headers: { 'x-aish-token': token } })).json()) as {
            projects: Array<{ dir: string }>;
          }
        ).projects.map((p) => p.dir),
      ui.token,
    );
    expect(cards).not.toContain('/tmp');
  });

  it('a page on another 127.0.0.1 port (a published container) gets no token and cannot use the API', async () => {
    // The other port: records the cookies the browser sends it, and its page tries the API every way a
    // page can (a credentialed fetch, a form post, the event stream without a ticket and with a spent one).
    const seen: string[] = [];
    const { ticket } = (await (
      await fetch(`http://127.0.0.1:${ui.port}/api/events/ticket`, {
        method: 'POST',
        headers: { 'x-aish-token': ui.token, origin: `http://127.0.0.1:${ui.port}` },
      })
    ).json()) as { ticket: string };
    expect((await fetch(`http://127.0.0.1:${ui.port}/api/events?ticket=${ticket}`)).status).toBe(200);
    const api = `http://127.0.0.1:${ui.port}`;
    const other = createServer((req, res) => {
      seen.push(String(req.headers.cookie ?? ''));
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!doctype html><form id="f" method="POST" enctype="text/plain" action="${api}/api/folders" target="sink"><input name='{"path":"/tmp","x":"' value='"}'></form><iframe name="sink"></iframe><script>
        window.stored = sessionStorage.getItem('aish-token');
        fetch('${api}/api/projects', { credentials: 'include', mode: 'no-cors' });
        new EventSource('${api}/api/events');
        new EventSource('${api}/api/events?ticket=${ticket}');
        f.submit();
        </script>`,
      );
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
    // What the UI server answered each request of the other page (the server's own view: a browser
    // hides the answers CORS does not let the page read).
    const visit = async (ctx: BrowserContext) => {
      const answers: Record<string, number> = {};
      const record = (req: IncomingMessage, res: ServerResponse) => {
        const url = new URL(req.url ?? '/', api);
        if (!url.pathname.startsWith('/api/') || req.headers.origin === api) return;
        const key = `${req.method} ${url.pathname}${url.searchParams.has('ticket') ? '?ticket' : ''}`;
        res.on('finish', () => {
          answers[key] = res.statusCode;
        });
      };
      ui.server.on('request', record);
      const tab = await ctx.newPage();
      try {
        await tab.goto(otherUrl);
        await expect.poll(() => Object.keys(answers).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
        const stored = await tab.evaluate(() => (globalThis as unknown as { stored: string | null }).stored);
        return { answers, stored };
      } finally {
        ui.server.off('request', record);
        await tab.close();
      }
    };
    // A credentialed no-cors fetch carries no Origin and no token (401); the event streams (CORS
    // requests) and the form post carry the other port's Origin (403).
    const expectNothingDone = (answers: Record<string, number>) =>
      expect(answers).toEqual({
        'GET /api/projects': 401,
        'GET /api/events': 403,
        'GET /api/events?ticket': 403,
        'POST /api/folders': 403,
      });
    try {
      // This browser opened the UI (first test): it holds no cookie, so the other port hears nothing,
      // and nothing the other page tries works.
      const defended = await visit(browser);
      expect(seen.join(' ')).not.toContain(ui.token);
      expect(defended.stored).toBeNull();
      expectNothingDone(defended.answers);
      // Control: what a cookie would have done (the UI before issue 23 set one). The browser sends a
      // 127.0.0.1 cookie to every port, so the other port receives the token...
      const cookieProfile = mkdtempSync(join(tmpdir(), 'uib-cookie-'));
      const withCookie = await chromium.launchPersistentContext(cookieProfile, {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: CHROMIUM_ARGS,
      });
      try {
        await withCookie.addCookies([
          { name: 'aish_ui', value: ui.token, domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Strict' },
        ]);
        seen.length = 0;
        const leaked = await visit(withCookie);
        const stolen = /aish_ui=([^;\s]+)/.exec(seen.join(' '))?.[1] ?? '';
        expect(stolen).toBe(ui.token);
        // ...which then opens the API to whoever runs that port (a program sends any header it likes):
        const used = await fetch(`${api}/api/projects`, { headers: { 'x-aish-token': stolen } });
        expect(used.status).toBe(200);
        // The cookie itself opens nothing here: the token must come as the header.
        expectNothingDone(leaked.answers);
      } finally {
        await withCookie.close();
        rmSync(cookieProfile, { recursive: true, force: true });
      }
    } finally {
      other.close();
    }
    const after = (await (await fetch(`${api}/api/projects`, { headers: { 'x-aish-token': ui.token } })).json()) as {
      projects: Array<{ dir: string }>;
    };
    expect(after.projects.map((p) => p.dir)).not.toContain('/tmp');
  });
});
