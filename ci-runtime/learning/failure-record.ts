// The failure record (history.ts) wired to the running CI: the supervisor reports each run that
// ended unasked and each FATAL; the record is written to the state directory a moment later (once
// the run's last lines are in) and at shutdown. So "what changed?" counts across container
// restarts, and a restarted container can still show the last failed run's output.
import type { FailureHistory } from '../supervisor/supervisor';
import { lastFailureOf } from '../supervisor/last-failure';
import type { ServiceRuntime } from '../supervisor/service-spec';
import {
  decodeHistory,
  emptyHistory,
  historySentences,
  type LastRun,
  recordBoot,
  recordEnd,
  recordFatal,
  recordLastRun,
} from './history';
import { HOUR } from './series';
import { readStateFile, writeStateFile } from './state-file';

export const HISTORY_FILE = 'supervision.json';
/** Far above what the bounded record can reach (~50 KB a service). */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** What the supervisor reports to, and what chat and the CI's start read. */
export interface FailureRecord extends FailureHistory {
  /** "What changed?" lines about the last hour: container restarts, exits, FATAL. */
  sentences(): string[];
  /** Each service's last failed run from before this start of the CI. */
  before(): Map<string, LastRun>;
  /** Which start of the CI this is (1 = the first in this state directory). */
  boot(): number;
  /** Writes the record now (also at shutdown). Never throws; one warning per failing streak. */
  save(): void;
}

/** Reads the record (setting a damaged one aside), counts this start, and writes it at once. */
export function createFailureRecord(deps: {
  dir: string;
  services: string[];
  warn: (line: string) => void;
  now?: () => number;
  /** How long after a failure the record is written (the run's last lines arrive meanwhile). */
  saveDelayMs?: number;
}): FailureRecord {
  const now = deps.now ?? Date.now;
  const read = readStateFile({
    dir: deps.dir,
    name: HISTORY_FILE,
    maxBytes: MAX_FILE_BYTES,
    decode: (v) => decodeHistory(v, deps.services),
    now: now(),
    what: 'the failure record',
  });
  if (read.warning) deps.warn(read.warning);
  const history = read.value ?? emptyHistory();
  const before = new Map<string, LastRun>();
  for (const [name, s] of Object.entries(history.services)) if (s.last) before.set(name, s.last);
  recordBoot(history, now());
  const boot = history.boots;
  // Services that failed in this start: their last run is re-read from their output at each save.
  const failed = new Map<string, ServiceRuntime>();
  let writeFailed = false;
  let timer: NodeJS.Timeout | null = null;

  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    for (const [name, rt] of failed) {
      const f = lastFailureOf(rt);
      if (!f) continue;
      const lines = rt.output.linesOf(f.run).filter((l) => !l.startsWith('[tekton-ci] '));
      recordLastRun(history, name, { at: Date.parse(f.at), boot, run: f.run, exit: f.exit, error: f.error, lines });
    }
    try {
      writeStateFile(deps.dir, HISTORY_FILE, JSON.stringify(history));
      writeFailed = false;
    } catch (err) {
      if (!writeFailed)
        deps.warn(`cannot keep the failure record in ${deps.dir} (${(err as Error).message}); it is kept in memory`);
      writeFailed = true;
    }
  };
  const soon = () => {
    timer ??= setTimeout(save, deps.saveDelayMs ?? 1000);
    timer.unref?.();
  };
  save();
  return {
    ended(rt) {
      const end = rt.lastFailure;
      recordEnd(history, rt.spec.name, end?.at ?? now(), end?.exit ?? rt.lastExit ?? 'ended');
      failed.set(rt.spec.name, rt);
      soon();
    },
    fatal(rt, why) {
      recordFatal(history, rt.spec.name, now(), why);
      soon();
    },
    sentences: () => historySentences(history, now(), HOUR),
    before: () => before,
    boot: () => boot,
    save,
  };
}
