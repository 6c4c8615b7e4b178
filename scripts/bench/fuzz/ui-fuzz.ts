// Part 2's runner: batches of generated requests to `aish ui`, refused classes and credentialed
// ones apart. Around each refused batch the state dir, the project folder, the engine's write calls
// and the bench's container are compared: a refused request must change none of them. After every
// batch the server must still answer (the page, and the API with the token) and its memory is read.
import { type HttpAnswer, type HttpAsk, httpExchange } from './http-exchange';
import type { EngineRecorder } from './engine-recorder';
import { docker } from './fuzz-target';
import { countCode, type Findings, type Tally, tallyOf } from './fuzz-tally';
import type { SeededRandom } from './seeded-random';
import { memoryGrowth } from './memory-trend';
import { snapshot, snapshotDiff } from './state-snapshot';
import {
  FRESH_TICKET,
  makeUiInput,
  publicInput,
  REFUSED_CLASSES,
  SPENT_TICKET,
  UI_CLASSES,
  type UiClass,
  type UiInput,
  type UiWorld,
} from './ui-requests';
import type { UiProcess } from './ui-process';

/** How much to send. */
export interface UiPlan {
  requests: number;
  batch: number;
  concurrency: number;
  boundMs: number;
}

/** What the server looked like across the run. */
export interface UiTrack {
  checks: number;
  failedChecks: number;
  maxRss: number;
  firstRss: number;
  refusedBatches: number;
  stateChanges: number;
  engineWrites: number;
  /** The server's RSS after each batch, in order. */
  rssSamples: number[];
}

/** The things a refused request could change. */
export interface Guarded {
  roots: string[];
  engine: EngineRecorder;
  containerId: string;
}

const own = (w: UiWorld, method: string): Array<[string, string]> => [
  ['Host', `127.0.0.1:${w.port}`],
  ['X-Aish-Token', w.token],
  ...(method === 'POST'
    ? ([
        ['Origin', `http://127.0.0.1:${w.port}`],
        ['Content-Type', 'application/json'],
      ] as Array<[string, string]>)
    : []),
];

/** A request the page itself would make. */
export function pageRequest(w: UiWorld, method: 'GET' | 'POST', path: string, body?: object): HttpAsk {
  return { method, path, headers: own(w, method), body: body ? [Buffer.from(JSON.stringify(body))] : undefined };
}

async function buyTicket(w: UiWorld, spend: boolean): Promise<string> {
  const r = await httpExchange(w.port, pageRequest(w, 'POST', '/api/events/ticket', {}), 5000);
  const ticket = (JSON.parse(r.body || '{}') as { ticket?: string }).ticket ?? 'none';
  if (spend)
    await httpExchange(w.port, { method: 'GET', path: `/api/events?ticket=${ticket}`, headers: own(w, 'GET') }, 5000);
  return ticket;
}

async function withTickets(w: UiWorld, ask: HttpAsk): Promise<HttpAsk> {
  const text = JSON.stringify(ask.headers) + ask.path;
  if (!text.includes(FRESH_TICKET) && !text.includes(SPENT_TICKET)) return ask;
  const fresh = await buyTicket(w, false);
  const spent = await buyTicket(w, true);
  const put = (s: string) => s.split(FRESH_TICKET).join(fresh).split(SPENT_TICKET).join(spent);
  return { ...ask, path: put(ask.path), headers: ask.headers.map(([k, v]) => [k, put(v)]) };
}

const isProtected = (path: string) => path.split('?')[0]!.toLowerCase().startsWith('/api');

function judge(input: UiInput, a: HttpAnswer, t: Tally, findings: Findings): void {
  const what = `${input.cls} ${input.ask.method} ${input.ask.path.slice(0, 120)} (${input.route})`;
  const save = (kind: string, why: string) =>
    findings.add(
      kind,
      `${what}: ${why}`,
      JSON.stringify({
        ...input.ask,
        body: input.ask.body?.map((b) => (typeof b === 'number' ? b : b.subarray(0, 4096).toString('latin1'))),
      }),
    );
  if (a.status === null) {
    if (a.timedOut) {
      t.hangs++;
      save('ui-hang', 'no answer within the bound');
    } else if (a.cutWhileSending) {
      countCode(t, 'reset while sending the body');
    } else {
      t.drops++;
      save('ui-dropped', 'connection closed without an answer');
    }
    return;
  }
  countCode(t, String(a.status));
  if (a.status >= 500) {
    t.bad++;
    save('ui-5xx', `${a.status} ${a.body.slice(0, 200)}`);
  } else if (input.mustRefuse && a.status < 400 && isProtected(input.ask.path)) {
    t.bad++;
    save('ui-refused-succeeded', `${a.status} ${a.body.slice(0, 200)}`);
  } else if (a.status >= 400) t.errors++;
  else t.others++;
}

/** The server answers the page and the API; returns what was wrong, or null. */
export async function checkUi(w: UiWorld): Promise<string | null> {
  const page = await httpExchange(
    w.port,
    { method: 'GET', path: '/', headers: [['Host', `127.0.0.1:${w.port}`]] },
    5000,
  );
  const api = await httpExchange(w.port, pageRequest(w, 'GET', '/api/projects'), 5000);
  if (page.status !== 200) return `GET / answered ${page.status ?? 'nothing'}`;
  if (api.status !== 200) return `GET /api/projects answered ${api.status ?? 'nothing'} ${api.body.slice(0, 200)}`;
  return null;
}

async function containerState(id: string): Promise<string> {
  return docker(['inspect', '-f', '{{.State.Status}} {{.State.StartedAt}} {{.RestartCount}}', id]).catch(
    (e: Error) => e.message,
  );
}

async function runBatch(w: UiWorld, inputs: UiInput[], plan: UiPlan, tallies: Map<string, Tally>, findings: Findings) {
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const input = inputs[next++]!;
      const t = tallyOf(tallies, `ui ${input.cls}`);
      t.inputs++;
      judge(input, await httpExchange(w.port, await withTickets(w, input.ask), plan.boundMs), t, findings);
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
}

/** Runs the generated classes in batches (refused and credentialed apart). */
export async function fuzzUi(
  ui: UiProcess,
  w: UiWorld,
  guarded: Guarded,
  rnd: SeededRandom,
  plan: UiPlan,
  tallies: Map<string, Tally>,
  track: UiTrack,
  findings: Findings,
  log: (line: string) => void,
): Promise<void> {
  const refusedClasses = UI_CLASSES.filter((c) => REFUSED_CLASSES.has(c));
  const otherClasses = UI_CLASSES.filter((c) => !REFUSED_CLASSES.has(c));
  let sent = 0;
  for (let b = 0; sent < plan.requests; b++) {
    const refusing = b % 2 === 0;
    const classes: readonly UiClass[] = refusing ? refusedClasses : otherClasses;
    const inputs: UiInput[] = [];
    for (let i = 0; i < plan.batch && sent + i < plan.requests; i++) {
      const r = rnd.fork(`ui:${sent + i}`);
      inputs.push(
        !refusing && r.chance(0.05) ? publicInput(w, r) : makeUiInput(classes[(sent + i) % classes.length]!, w, r),
      );
    }
    const before = refusing ? snapshot(guarded.roots) : null;
    const container = refusing ? await containerState(guarded.containerId) : '';
    const since = Date.now();
    await runBatch(w, inputs, plan, tallies, findings);
    if (before) {
      track.refusedBatches++;
      const diff = snapshotDiff(before, snapshot(guarded.roots));
      const writes = guarded.engine.writesSince(since);
      const after = await containerState(guarded.containerId);
      if (diff.length) {
        track.stateChanges += diff.length;
        findings.add('ui-state-changed', `refused batch ${b}: ${diff.slice(0, 5).join('; ')}`, null);
      }
      if (writes.length) {
        track.engineWrites += writes.length;
        findings.add(
          'ui-engine-write',
          `refused batch ${b}: ${writes
            .slice(0, 5)
            .map((x) => `${x.method} ${x.path}`)
            .join('; ')}`,
          null,
        );
      }
      if (after !== container)
        findings.add('ui-container-changed', `refused batch ${b}: ${container} → ${after}`, null);
    }
    const problem = await checkUi(w);
    track.checks++;
    if (problem) {
      track.failedChecks++;
      findings.add('ui-check-failed', `after batch ${b}: ${problem}`, null);
    }
    const rss = ui.rss() ?? 0;
    track.maxRss = Math.max(track.maxRss, rss);
    track.rssSamples.push(rss);
    sent += inputs.length;
    log(`ui: ${sent}/${plan.requests} requests, server RSS ${(track.maxRss / 2 ** 20).toFixed(0)} MB max`);
  }
  const growth = memoryGrowth(track.rssSamples);
  if (growth) findings.add('ui-memory-growth', growth, null);
}
