// Part 2's attacks on the server as a whole, each one batch: many requests at once, and slowloris
// (connections trickling their headers or a body a byte at a time) while the page keeps asking.
// The server must answer the page throughout; the trickling ones may wait or be cut.
import { connect, type Socket } from 'node:net';
import { httpExchange } from './http-exchange';
import { countCode, type Findings, type Tally } from './fuzz-tally';
import { checkUi, pageRequest } from './ui-fuzz';
import type { UiWorld } from './ui-requests';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `n` requests at once (the API with the token, and the page): every one answered 200. */
export async function concurrentRequests(w: UiWorld, n: number, t: Tally, findings: Findings): Promise<void> {
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      t.inputs++;
      const ask =
        i % 2
          ? pageRequest(w, 'GET', '/api/projects')
          : { method: 'GET', path: '/', headers: [['Host', `127.0.0.1:${w.port}`]] as Array<[string, string]> };
      const a = await httpExchange(w.port, ask, 30_000);
      countCode(t, String(a.status ?? 'none'));
      if (a.status === 200) t.others++;
      else if (a.status === null) {
        if (a.timedOut) t.hangs++;
        else t.drops++;
        findings.add(
          'ui-concurrent-unanswered',
          `${ask.path} #${i} of ${n}: ${a.timedOut ? 'no answer in 30 s' : 'closed'}`,
          null,
        );
      } else {
        t.bad++;
        findings.add('ui-concurrent-failed', `${ask.path} #${i} of ${n}: ${a.status} ${a.body.slice(0, 200)}`, null);
      }
    }),
  );
}

/** `n` connections trickling (half their headers, half a promised body) for `holdMs`; the page asks meanwhile. */
export async function slowRequests(w: UiWorld, n: number, holdMs: number, t: Tally, findings: Findings): Promise<void> {
  const sockets: Socket[] = [];
  let cut = 0;
  for (let i = 0; i < n; i++) {
    const s = connect({ host: '127.0.0.1', port: w.port });
    s.on('error', () => undefined);
    s.on('close', () => cut++);
    const head =
      i % 2
        ? `POST /api/folders HTTP/1.1\r\nHost: 127.0.0.1:${w.port}\r\nX-Aish-Token: ${w.token}\r\nOrigin: http://127.0.0.1:${w.port}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"path":"`
        : `GET /api/projects HTTP/1.1\r\nHost: 127.0.0.1:${w.port}\r\n`;
    s.write(head);
    sockets.push(s);
    t.inputs++;
  }
  const trickle = setInterval(() => {
    for (const [i, s] of sockets.entries()) if (!s.destroyed) s.write(i % 2 ? 'a' : 'X-Slow: a\r\n');
  }, 500);
  try {
    await sleep(holdMs / 2);
    const problem = await checkUi(w);
    if (problem) {
      t.bad++;
      findings.add('ui-starved', `with ${n} slow connections: ${problem}`, null);
    } else t.others++;
    await sleep(holdMs / 2);
  } finally {
    clearInterval(trickle);
  }
  countCode(t, `cut by the server: ${cut}`);
  for (const s of sockets) s.destroy();
}
