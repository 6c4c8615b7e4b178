// The fuzzing run as rows of the benchmarks' table (scripts/bench/report.ts): one row per class,
// then the target's health across the run and the findings (pure: the figures are passed in).
import type { BenchRow } from '../report';
import type { Tally } from './fuzz-tally';
import type { CiTrack } from './ndjson-fuzz';
import type { UiTrack } from './ui-fuzz';

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

/** The paragraphs before the table: how the run was made. */
export function fuzzNotes(run: {
  seed: number;
  ndjson: number;
  http: number;
  seconds: number;
  ciSeconds: number;
}): string[] {
  return [
    `Seed ${run.seed} (\`FUZZ_SEED=${run.seed} npm run bench:fuzz\` replays it): ${run.ndjson} NDJSON inputs and ${run.http} HTTP requests, in ${run.seconds.toFixed(0)} s (the CI part ${run.ciSeconds.toFixed(0)} s).`,
  ];
}
