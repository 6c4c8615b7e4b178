// The CI's record of failures across container restarts (pure): when the CI started (each start
// after the first one is a restart of the container), every run of a service that ended unasked,
// every FATAL, and each service's last failed run with its error. Docker counts the container's
// restarts; without this record the CI, started afresh each time, counted one (issue 24).
// Bounded: the last KEEP of each list, the last KEEP_LINES lines of a run.
import { plural } from './changes';

export const HISTORY_FORMAT = 1;
const KEEP = 100;
export const KEEP_LINES = 20;
const MAX_LINE_CHARS = 500;

/** A service's last failed run, kept so it can be shown after the container restarted. */
export interface LastRun {
  at: number;
  /** Which start of the CI it happened in (1 = the first). */
  boot: number;
  run: number;
  exit: string;
  error: string | null;
  lines: string[];
}

/** One service's failures. */
export interface ServiceHistory {
  /** Runs that ended unasked, ever (in this state directory). */
  ended: number;
  /** The last KEEP of them: [time ms, how it ended ('exit code 1', 'restarted by the CI: …')]. */
  recent: Array<[number, string]>;
  /** The last time it went FATAL, and why. */
  fatal: [number, string] | null;
  last: LastRun | null;
}

/** Everything kept, as saved. */
export interface History {
  format: typeof HISTORY_FORMAT;
  /** How many times the CI started here, and when the last KEEP of those starts were. */
  boots: number;
  bootTimes: number[];
  services: Record<string, ServiceHistory>;
}

export function emptyHistory(): History {
  return { format: HISTORY_FORMAT, boots: 0, bootTimes: [], services: {} };
}

/** The CI started. */
export function recordBoot(h: History, at: number): void {
  h.boots += 1;
  h.bootTimes = keep([...h.bootTimes, at]);
}

/** A run of `service` ended without anyone asking. */
export function recordEnd(h: History, service: string, at: number, how: string): void {
  const s = serviceOf(h, service);
  s.ended += 1;
  s.recent = keep([...s.recent, [at, how]]);
}

/** `service` went FATAL. */
export function recordFatal(h: History, service: string, at: number, why: string): void {
  serviceOf(h, service).fatal = [at, why];
}

/** The last failed run of `service` (its error and last lines). */
export function recordLastRun(h: History, service: string, run: LastRun): void {
  const lines = run.lines.slice(-KEEP_LINES).map((l) => l.slice(0, MAX_LINE_CHARS));
  serviceOf(h, service).last = { ...run, lines };
}

/** Checks parsed file content; returns the history or what is wrong with it. Unknown services are dropped. */
export function decodeHistory(value: unknown, services: string[]): History | string {
  const v = value as Partial<History> | null;
  if (!v || typeof v !== 'object' || v.format !== HISTORY_FORMAT) return `format is not ${HISTORY_FORMAT}`;
  if (!Number.isInteger(v.boots) || !isTimes(v.bootTimes)) return 'boots or bootTimes is not a count and times';
  if (!v.services || typeof v.services !== 'object') return 'services is missing';
  const out: History = { format: HISTORY_FORMAT, boots: v.boots!, bootTimes: keep(v.bootTimes), services: {} };
  for (const [name, s] of Object.entries(v.services as Record<string, unknown>)) {
    if (!services.includes(name)) continue;
    const problem = serviceProblem(s);
    if (problem) return `services.${name}: ${problem}`;
    const sh = s as ServiceHistory;
    out.services[name] = {
      ...sh,
      recent: keep(sh.recent),
      last: sh.last && { ...sh.last, lines: sh.last.lines.slice(-KEEP_LINES) },
    };
  }
  return out;
}

/**
 * What happened within `windowMs` before `now`, one sentence for the container's restarts and one
 * per service: "The container restarted 6 times in 10 min (12:01 to 12:11 UTC)", "web exited 12
 * times in the last hour, across 7 container starts (last 12:11 UTC: exit code 1): SyntaxError: …".
 */
export function historySentences(h: History, now: number, windowMs: number): string[] {
  const within = (t: number) => t <= now && now - t <= windowMs;
  const out: string[] = [];
  // bootTimes[i] is start number (boots - bootTimes.length + i + 1); every start but the first is a restart.
  const firstNumber = h.boots - h.bootTimes.length + 1;
  const restarts = h.bootTimes.filter((t, i) => firstNumber + i > 1 && within(t));
  if (restarts.length === 1) out.push(`The container restarted once (${hhmm(restarts[0]!)} UTC)`);
  else if (restarts.length > 1) {
    const first = restarts[0]!,
      last = restarts[restarts.length - 1]!;
    const minutes = Math.round((last - first) / 60_000);
    out.push(
      `The container restarted ${restarts.length} times in ${minutes ? `${minutes} min` : 'under a minute'} (${hhmm(first)} to ${hhmm(last)} UTC)`,
    );
  }
  for (const [name, s] of Object.entries(h.services)) {
    const ends = s.recent.filter(([t]) => within(t));
    const byCi = ends.filter(([, how]) => how.startsWith(BY_CI));
    const exits = ends.filter(([, how]) => !how.startsWith(BY_CI));
    const fatal = s.fatal && within(s.fatal[0]) ? `; FATAL since ${hhmm(s.fatal[0])} UTC (${brief(s.fatal[1])})` : '';
    const error = s.last && within(s.last.at) && s.last.error ? `: ${s.last.error}` : '';
    if (exits.length) {
      const [at, how] = exits[exits.length - 1]!;
      const starts = new Set(exits.map(([t]) => startOf(h, t))).size;
      const across = starts > 1 ? `, across ${starts} container starts` : '';
      out.push(
        `${name} exited ${plural(exits.length, 'time')} in the last hour${across} (last ${hhmm(at)} UTC: ${how})${error}${fatal}`,
      );
    }
    if (byCi.length) {
      const [at, how] = byCi[byCi.length - 1]!;
      out.push(
        `${name} was restarted ${plural(byCi.length, 'time')} by the CI in the last hour (last ${hhmm(at)} UTC: ${how.slice(BY_CI.length)})${exits.length ? '' : fatal}`,
      );
    }
    if (!ends.length && fatal) out.push(`${name} went FATAL at ${hhmm(s.fatal![0])} UTC (${brief(s.fatal![1])})`);
  }
  return out;
}

/** The supervisor's FATAL reason without what FATAL already says. */
function brief(why: string): string {
  return why.replace(/; not restarting$/, '');
}

/** How the supervisor words a run it ended itself (supervisor.ts onExit). */
const BY_CI = 'restarted by the CI: ';

/** Which CI start a time falls in: the number of the last start at or before it (0: before all kept). */
function startOf(h: History, t: number): number {
  let n = 0;
  h.bootTimes.forEach((b, i) => {
    if (b <= t) n = h.boots - h.bootTimes.length + i + 1;
  });
  return n;
}

function serviceOf(h: History, service: string): ServiceHistory {
  h.services[service] ??= { ended: 0, recent: [], fatal: null, last: null };
  return h.services[service];
}

function keep<T>(list: T[]): T[] {
  return list.slice(-KEEP);
}

function hhmm(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

function isTimes(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((t) => Number.isFinite(t));
}

function serviceProblem(value: unknown): string | null {
  const s = value as Partial<ServiceHistory> | null;
  if (!s || typeof s !== 'object') return 'is not an object';
  if (!Number.isInteger(s.ended)) return 'ended is not a count';
  const pair = (p: unknown) => Array.isArray(p) && p.length === 2 && Number.isFinite(p[0]) && typeof p[1] === 'string';
  if (!Array.isArray(s.recent) || !s.recent.every(pair)) return 'recent is not a list of [time, how]';
  if (s.fatal !== null && !pair(s.fatal)) return 'fatal is not [time, why] or null';
  if (s.last !== null) {
    const l = s.last as Partial<LastRun> | undefined;
    if (
      !l ||
      !Number.isFinite(l.at) ||
      !Number.isInteger(l.boot) ||
      !Number.isInteger(l.run) ||
      typeof l.exit !== 'string' ||
      (l.error !== null && typeof l.error !== 'string') ||
      !Array.isArray(l.lines) ||
      !l.lines.every((x) => typeof x === 'string')
    )
      return 'last is not a run (at, boot, run, exit, error, lines)';
  }
  return null;
}
