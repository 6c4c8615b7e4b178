// The fuzzing run as rows of the benchmarks' table (scripts/bench/report.ts): one row per class,
// then the target's health across the run and the findings (pure: the figures are passed in).
import type { BenchRow } from '../report';
import type { Tally } from './fuzz-tally';
import type { CiTrack } from './ndjson-fuzz';
import type { UiTrack } from './ui-fuzz';
import { FUZZ_HISTORY } from './fuzz-history';

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const ms = (x: number) => `${x.toFixed(0)} ms`;

function codes(t: Tally): string {
  const list = Object.entries(t.codes).sort((a, b) => b[1] - a[1]);
  return list.length ? `; ${list.map(([c, n]) => `${c} ${n}`).join(', ')}` : '';
}

/** One row of a class: inputs, then what came back. */
export function classRow(cls: string, t: Tally, http: boolean): BenchRow {
  const ok = http
    ? `${t.errors} refused (4xx), ${t.others} answered (2xx/3xx)`
    : `${t.errors} error replies, ${t.others} other replies`;
  const failures = `${t.drops} drops, ${t.hangs} hangs, ${t.bad} ${http ? '5xx or wrongly allowed' : 'malformed'}`;
  return [cls, `${t.inputs} ${http ? 'requests' : 'inputs'}`, `${ok}; ${failures}${codes(t)}`];
}

/** The rows of the whole run. */
export function fuzzRows(
  tallies: Map<string, Tally>,
  ci: CiTrack | null,
  ui: UiTrack | null,
  findings: Array<[string, number]>,
): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const [cls, t] of tallies) if (!cls.startsWith('ui ')) rows.push(classRow(`NDJSON ${cls}`, t, false));
  if (ci)
    rows.push([
      'container CI across the run',
      `${ci.restarts} restarts, ${ci.failedChecks}/${ci.checks} checks failed`,
      `CI RSS ${mb(ci.firstRss ?? 0)} → max ${mb(ci.maxRss)}; container (cgroup) max ${mb(ci.maxCgroup)}; ping max ${ms(ci.maxPingMs)}, status max ${ms(ci.maxStatusMs)}`,
    ]);
  for (const [cls, t] of tallies) if (cls.startsWith('ui ')) rows.push(classRow(`HTTP ${cls.slice(3)}`, t, true));
  if (ui)
    rows.push([
      '`aish ui` across the run',
      `${ui.failedChecks}/${ui.checks} checks failed`,
      `${ui.refusedBatches} refused batches: ${ui.stateChanges} files changed, ${ui.engineWrites} engine writes; server RSS ${mb(ui.firstRss)} → max ${mb(ui.maxRss)}`,
    ]);
  rows.push([
    'findings',
    String(findings.reduce((n, [, c]) => n + c, 0)),
    findings.length ? findings.map(([k, n]) => `${k} ${n}`).join(', ') : 'none',
  ]);
  return rows;
}

/** The paragraphs before the table: how the run was made, then the record of findings and fixes. */
export function fuzzNotes(run: {
  seed: number;
  ndjson: number;
  http: number;
  seconds: number;
  ciSeconds: number;
}): string[] {
  const paragraphs = [
    `Seed ${run.seed} (\`FUZZ_SEED=${run.seed} npm run bench:fuzz\` replays it): ${run.ndjson} NDJSON inputs and ${run.http} HTTP requests, in ${run.seconds.toFixed(0)} s (the CI part ${run.ciSeconds.toFixed(0)} s), loopback and the bench's own container only.`,
    "**NDJSON**: a real container CI (the host tests' image, started with `aish ergon run`, labelled `tekton.test=1`, named `fuzz-<pid>`, removed after), reached through its bind-mounted socket on raw connections, 8 at a time, in batches of 200, round-robin over 18 classes: 12 structure-aware mutations of a valid request of every type in `protocol/messages.ts` (valid, a field of the wrong type, a missing field, extra fields (up to 2000, `__proto__`), strings up to 70 000 characters, numbers like `1e999` and `9007199254740993`, nesting 30 000 deep, odd Unicode, control characters and NUL, bytes that are not UTF-8, text that is not JSON, a wrong token) and 6 of the framing (lines of 64 KiB + 1 to 32 MiB, no newline then half-close, half-close, up to 3000 lines in one write, a request cut into 1 to 3 byte writes, a connection dropped mid-request). Each reply must be a JSON object with `ai_id`, the reply type that answers the request or an error with a known code and a message, its id echoed, and nothing but ping answered without the exact token; every line is owed one reply within 15 s. After each batch the host's own client asks ping and status (within 5 s); the CI's RSS is read from /proc, the container's memory from its status, restarts from the engine. Then 2000 connections at once, 600 connections trickling a line that never ends while the host asks, a client that never reads, and 100 000 `events` on one connection.",
    "**HTTP**: `aish ui` started as `test/e2e/ui-http.test.ts` starts it, its Docker engine behind a proxy of the bench's (`scripts/bench/fuzz/engine-recorder.ts`) that shows it only the bench's container and records every call that can change the engine; its routes, read from the server code into `scripts/bench/fuzz/ui-routes.ts`, are checked against the running server first. Batches of 100, refused classes and credentialed ones apart: without or with a wrong token (cookie, query, `Authorization`, near misses, doubled header), a foreign Host (rebinding names, other loopback addresses, none), a foreign, `null` or missing Origin, forged, spent or misplaced event-stream tickets, to every route, the build, send and save ones included; and with the page's credentials, wrong methods, wrong content types, malformed and huge bodies (to 8 MiB, chunked), traversal and bad percent-encoding in ids, Unicode and control characters. Around each refused batch the state dir, the project folder, the engine's write calls and the container are compared; after each batch the page and the API must answer. Then 300 requests at once, and 100 connections trickling headers or a body.",
    '"drops": the target closed the connection before answering everything owed; "hangs": not answered within the bound; "malformed": a reply that is no well-formed protocol reply; "5xx or wrongly allowed": a server error, or a request of a refused class answered 2xx/3xx on an API route.',
    ...FUZZ_HISTORY,
  ];
  // A blank line before each: Markdown paragraphs.
  return paragraphs.flatMap((p) => ['', p]);
}
