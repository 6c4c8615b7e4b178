// Part 1's attacks on the CI's connections as a whole, each one batch: thousands of connections at
// once, slowloris (many connections trickling a line that never ends, while the host asks for
// status), a client that sends without reading, and one connection subscribing to events over and
// over. The host's own check runs during the slow ones: the CI must keep serving its host.
import { createConnection, type Socket } from 'node:net';
import { LineSplitter } from '../../../protocol';
import { checkCi } from './ci-watch';
import type { FuzzTarget } from './fuzz-target';
import { countCode, type Findings, type Tally } from './fuzz-tally';
import { errorCodeOf, replyProblem } from './reply-shape';

/** Sizes of the attacks. */
export interface AttackPlan {
  concurrent: number;
  slowloris: number;
  holdMs: number;
  noReadBytes: number;
  /** How soon the CI must cut a client that reads nothing (its STALL_MS and a margin). */
  cutWithinMs: number;
  subscriptions: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function open(path: string): Promise<Socket | null> {
  return new Promise((resolve) => {
    const s = createConnection({ path, allowHalfOpen: true });
    s.once('connect', () => resolve(s));
    s.once('error', () => resolve(null));
  });
}

/** `n` connections at once, each asking ping: every one gets a pong or a well-formed refusal. */
export async function concurrentConnections(
  target: FuzzTarget,
  n: number,
  t: Tally,
  findings: Findings,
): Promise<void> {
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const s = createConnection({ path: target.socketPath });
      const lines = new LineSplitter(1 << 20);
      let got: string | null = null;
      let connected = false;
      let error = '';
      const timer = setTimeout(() => s.destroy(), 20_000);
      t.inputs++;
      s.on('connect', () => {
        connected = true;
        s.write(`{"type":"ping","id":${i}}\n`);
      });
      s.on('data', (c) => {
        for (const ev of lines.push(c)) if (ev.kind === 'line' && got === null) got = ev.text;
        if (got !== null) s.destroy();
      });
      s.on('error', (err: NodeJS.ErrnoException) => {
        error = err.code ?? err.message;
      });
      s.on('close', () => {
        clearTimeout(timer);
        // The kernel's listen backlog full: the connect itself failed, before the CI saw anything.
        if (!connected) countCode(t, `connect failed: ${error}`);
        else if (got === null) {
          t.drops++;
          findings.add(
            'concurrent-unanswered',
            `connection ${i} of ${n} closed without a reply (${error || 'closed'})`,
            null,
          );
        } else {
          const code = errorCodeOf(got);
          const problem = replyProblem(got, { type: 'ping', id: i });
          if (problem) {
            t.bad++;
            findings.add('bad-reply', `concurrent #${i}: ${problem}`, null);
          } else if (code) {
            t.errors++;
            countCode(t, code);
          } else t.others++;
        }
        resolve();
      });
    });
  await Promise.all(Array.from({ length: n }, (_, i) => one(i)));
}

/**
 * `n` connections each trickling a request that never ends (a byte every 500 ms); meanwhile the
 * host asks ping and status. The host must get through; afterwards the trickling ones are cut.
 */
export async function slowloris(target: FuzzTarget, plan: AttackPlan, t: Tally, findings: Findings): Promise<void> {
  const sockets = (await Promise.all(Array.from({ length: plan.slowloris }, () => open(target.socketPath)))).filter(
    (s): s is Socket => s !== null,
  );
  let closedByCi = 0;
  for (const s of sockets) {
    t.inputs++;
    s.on('error', () => undefined);
    s.on('close', () => closedByCi++);
    // A connection closed to make room is told why, in one error line.
    s.on('data', (c: Buffer) => {
      if (errorCodeOf(String(c).split('\n')[0]!)) t.errors++;
    });
    s.write(`{"type":"status","token":"${target.token}","content":"`);
  }
  const trickle = setInterval(() => {
    for (const s of sockets) if (!s.destroyed) s.write('a');
  }, 500);
  try {
    await sleep(plan.holdMs / 2);
    const during = await checkCi(target);
    if (during.problem) {
      t.bad++;
      findings.add('host-starved', `slowloris (${sockets.length} connections): ${during.problem}`, null);
    } else t.others++;
    await sleep(plan.holdMs / 2);
  } finally {
    clearInterval(trickle);
  }
  countCode(t, `cut by the CI: ${closedByCi}`);
  for (const s of sockets) s.destroy();
}

/**
 * Sends status requests without ever reading the replies: the CI must stop reading from this client
 * once its replies back up (so what it holds for it stays bounded), and cut it after a while.
 */
export async function noReader(target: FuzzTarget, plan: AttackPlan, t: Tally, findings: Findings): Promise<void> {
  const s = await open(target.socketPath);
  if (!s) {
    findings.add('check-failed', 'no-read: could not connect', null);
    return;
  }
  t.inputs++;
  s.pause();
  const chunk = Buffer.from(`{"type":"status","token":"${target.token}"}\n`.repeat(1000));
  let closed = false;
  s.on('error', () => undefined);
  s.on('close', () => {
    closed = true;
  });
  // Write until a write has not drained for a second: the CI has stopped reading (backpressure).
  let sent = 0;
  while (sent < plan.noReadBytes && !closed) {
    sent += chunk.length;
    if (s.write(chunk)) continue;
    const drained = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 1000);
      s.once('drain', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!drained) break;
  }
  const stoppedAt = performance.now();
  countCode(
    t,
    sent >= plan.noReadBytes
      ? `all ${(sent / 2 ** 20).toFixed(0)} MB read`
      : `CI stopped reading after ${(sent / 2 ** 20).toFixed(1)} MB`,
  );
  while (!closed && performance.now() - stoppedAt < plan.cutWithinMs) await sleep(200);
  if (closed) {
    t.errors++;
    countCode(t, 'cut by the CI');
  } else {
    t.bad++;
    findings.add(
      'no-read-held',
      `a client reading nothing was still connected ${plan.cutWithinMs} ms after the CI stopped reading`,
      null,
    );
  }
  s.destroy();
}

/** One connection sends `n` `events` requests: each may add a subscriber, so memory must stay bounded. */
export async function eventsFlood(target: FuzzTarget, n: number, t: Tally, findings: Findings): Promise<number> {
  const s = await open(target.socketPath);
  if (!s) {
    findings.add('check-failed', 'events flood: could not connect', null);
    return 0;
  }
  s.on('error', () => undefined);
  // Every `events` after the first is answered with an error: count them as they come.
  const lines = new LineSplitter(1 << 20);
  s.on('data', (c: Buffer) => {
    for (const ev of lines.push(c)) if (ev.kind === 'line' && errorCodeOf(ev.text)) t.errors++;
  });
  const line = `{"type":"events","token":"${target.token}"}\n`;
  const errorsBefore = t.errors;
  for (let i = 0; i < n; i += 1000) {
    t.inputs += Math.min(1000, n - i);
    if (!s.write(line.repeat(Math.min(1000, n - i)))) await new Promise((r) => s.once('drain', r));
  }
  // Checked while the subscription is open, once the CI has answered the lot (or after 15 s).
  for (const until = performance.now() + 15_000; t.errors - errorsBefore < n - 1 && performance.now() < until; )
    await sleep(100);
  const during = await checkCi(target);
  s.destroy();
  if (during.problem) {
    t.bad++;
    findings.add('check-failed', `with ${n} event subscriptions open: ${during.problem}`, null);
  } else t.others++;
  return during.rssBytes ?? 0;
}
