// Part 1's per-connection classes: N generated inputs in batches, a few connections at a time, each
// reply checked against what the protocol owes; after every batch the CI is checked (ping, status,
// memory, restarts). A batch after which the CI restarted is saved whole: one of its inputs did it.
import { expectedReplies } from './line-expectation';
import { checkCi, type CiCheck } from './ci-watch';
import type { FuzzTarget } from './fuzz-target';
import { countCode, type Findings, type Tally, tallyOf } from './fuzz-tally';
import { playInput } from './ndjson-exchange';
import { INPUT_CLASSES, type InputClass, makeInput, type NdjsonInput } from './ndjson-inputs';
import { errorCodeOf, replyProblem } from './reply-shape';
import type { CiWorld } from './request-shapes';
import type { SeededRandom } from './seeded-random';

/** How much to send. */
export interface NdjsonPlan {
  inputs: number;
  batch: number;
  concurrency: number;
  /** Bound for the owed replies of one input. */
  replyBoundMs: number;
  /** The classes to send, in turn (default: all of them). */
  classes?: readonly InputClass[];
}

/** What the CI looked like across the run. */
export interface CiTrack {
  checks: number;
  failedChecks: number;
  restarts: number;
  maxRss: number;
  maxCgroup: number;
  maxPingMs: number;
  maxStatusMs: number;
  firstRss: number | null;
  /** The CI's RSS after each check, in order. */
  rssSamples: number[];
}

/** A fresh track from the first check. */
export function startTrack(first: CiCheck): CiTrack {
  return {
    checks: 0,
    failedChecks: 0,
    restarts: first.restarts,
    maxRss: first.rssBytes ?? 0,
    maxCgroup: first.cgroupBytes ?? 0,
    maxPingMs: 0,
    maxStatusMs: 0,
    firstRss: first.rssBytes,
    rssSamples: [],
  };
}

/** Checks the CI and folds the result into the track; returns true when the CI restarted since. */
export async function recordCheck(
  target: FuzzTarget,
  track: CiTrack,
  findings: Findings,
  after: string,
): Promise<boolean> {
  const c = await checkCi(target);
  track.checks++;
  track.maxPingMs = Math.max(track.maxPingMs, c.pingMs);
  track.maxStatusMs = Math.max(track.maxStatusMs, c.statusMs);
  track.maxRss = Math.max(track.maxRss, c.rssBytes ?? 0);
  track.rssSamples.push(c.rssBytes ?? 0);
  track.maxCgroup = Math.max(track.maxCgroup, c.cgroupBytes ?? 0);
  if (c.problem) {
    track.failedChecks++;
    findings.add('check-failed', `after ${after}: ${c.problem}`, null);
  }
  const restarted = c.restarts !== track.restarts || !c.running;
  if (restarted) findings.add('ci-restart', `after ${after}: running=${c.running}, restarts=${c.restarts}`, null);
  track.restarts = c.restarts;
  return restarted;
}

const flat = (input: NdjsonInput) => Buffer.concat(input.writes.filter((w): w is Buffer => typeof w !== 'number'));

function judge(
  input: NdjsonInput,
  index: number,
  ex: Awaited<ReturnType<typeof playInput>>,
  token: string,
  t: Tally,
  findings: Findings,
) {
  const sent = flat(input);
  const owed = input.abandon ? [] : expectedReplies(sent, input.halfClose, token);
  const save = (kind: string, what: string) =>
    findings.add(kind, `${input.cls} #${index}: ${what}`, sent.length > 1 << 20 ? sent.subarray(0, 1 << 20) : sent);
  for (let i = 0; i < ex.replies.length; i++) {
    const line = ex.replies[i]!;
    const asked = owed[i]?.asked ?? {};
    const problem = replyProblem(line, owed[i]?.tooLarge ? {} : asked);
    const code = errorCodeOf(line);
    if (code) {
      t.errors++;
      countCode(t, code);
      if (code === 'internal') save('internal-error', line.slice(0, 300));
    } else t.others++;
    if (problem && !(owed[i]?.tooLarge && code === 'too_large')) {
      t.bad++;
      save(
        problem.startsWith('AUTH') ? 'auth-bypass' : 'bad-reply',
        `${problem} (reply ${i + 1}: ${line.slice(0, 200)})`,
      );
    }
    if (owed[i]?.tooLarge && code !== 'too_large') {
      t.bad++;
      save('bad-reply', `reply ${i + 1} to a line over the limit is not too_large: ${line.slice(0, 200)}`);
    }
  }
  const required = owed.filter((o) => !o.optional).length;
  const missing = required - Math.min(required, ex.replies.length);
  if (missing > 0 && ex.closedByCi) {
    t.drops++;
    save(
      'dropped',
      `${missing} of ${required} replies missing, connection closed by the CI${ex.writeError ? ` (${ex.writeError})` : ''}`,
    );
  } else if (missing > 0) {
    t.hangs++;
    save('hang', `${missing} of ${required} replies missing after the bound`);
  }
}

/** Runs the per-connection classes; returns the inputs it sent, by class. */
export async function fuzzNdjson(
  target: FuzzTarget,
  world: CiWorld,
  rnd: SeededRandom,
  plan: NdjsonPlan,
  tallies: Map<string, Tally>,
  track: CiTrack,
  findings: Findings,
  log: (line: string) => void,
): Promise<void> {
  let index = 0;
  for (let b = 0; index < plan.inputs; b++) {
    const batch: NdjsonInput[] = [];
    for (let i = 0; i < plan.batch && index + i < plan.inputs; i++) {
      const classes = plan.classes ?? INPUT_CLASSES;
      const cls = classes[(index + i) % classes.length]!;
      batch.push(makeInput(cls, world, rnd.fork(`${cls}:${index + i}`)));
    }
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const k = next++;
        const input = batch[k]!;
        const owed = input.abandon
          ? 0
          : expectedReplies(flat(input), input.halfClose, world.token).filter((o) => !o.optional).length;
        const t = tallyOf(tallies, input.cls);
        t.inputs++;
        const ex = await playInput(target.socketPath, input, owed, { timeoutMs: plan.replyBoundMs, graceMs: 100 });
        judge(input, index + k, ex, world.token, t, findings);
      }
    };
    await Promise.all(Array.from({ length: plan.concurrency }, worker));
    if (await recordCheck(target, track, findings, `batch ${b}`)) {
      // One of these inputs crashed the CI: keep them all, in order, for a replay.
      batch.forEach((input, k) =>
        findings.add('crash-batch-input', `batch ${b} input ${k} (${input.cls})`, flat(input)),
      );
    }
    index += batch.length;
    log(`ndjson: ${index}/${plan.inputs} inputs, CI RSS ${((track.maxRss ?? 0) / 2 ** 20).toFixed(0)} MB max`);
  }
}
