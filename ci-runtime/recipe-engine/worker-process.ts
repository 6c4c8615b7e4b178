// Runs one job in a recipe worker process and enforces its limits from outside: SIGKILL at the
// time limit (vm2's own timeout never stops a busy loop) and at the RSS limit. The CI keeps serving
// meanwhile: the worker is another process, and this only awaits messages.
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { WorkerSpawnPlan } from './worker-spawn-plan';
import type { DescribeResult, FromWorker, ToWorker } from './worker-messages';

/** How a worker job ended. */
export type WorkerOutcome =
  | { kind: 'described'; results: DescribeResult[] }
  | { kind: 'done'; ok: boolean; summary: string; data?: unknown; error?: string }
  | { kind: 'killed'; reason: 'time' | 'memory'; detail: string }
  | { kind: 'crashed'; detail: string };

/** A job, its limits and the handlers for the worker's ctx calls. */
export interface WorkerJob {
  plan: WorkerSpawnPlan;
  message: ToWorker;
  timeLimitMs: number;
  rssLimitBytes: number;
  /** Answers one ctx call; throw to send the recipe an error (its message is all it sees). */
  onCall?(method: string, args: unknown[]): Promise<unknown>;
  onLog?(text: string): void;
  spawn?: (command: string, args: string[], options: SpawnOptions) => ChildProcess;
  readRss?: (pid: number) => number | null;
}

const MAX_SUMMARY = 4000;
const MAX_DATA_CHARS = 256 * 1024;

/** Reads VmRSS of a process from /proc, in bytes (null when gone). */
export function readProcRss(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Spawns the worker, sends the job, answers its calls, and resolves with how it ended. */
export function runWorkerJob(job: WorkerJob): Promise<WorkerOutcome> {
  const spawn = job.spawn ?? nodeSpawn;
  const readRss = job.readRss ?? readProcRss;
  return new Promise((resolve) => {
    const child = spawn(job.plan.command, job.plan.args, {
      cwd: job.plan.cwd,
      env: job.plan.env,
      uid: job.plan.uid,
      gid: job.plan.gid,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let stderr = '';
    let settled = false;
    const finish = (outcome: WorkerOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(memoryWatch);
      child.kill('SIGKILL');
      resolve(outcome);
    };
    const timer = setTimeout(
      () => finish({ kind: 'killed', reason: 'time', detail: `killed at its time limit of ${job.timeLimitMs} ms` }),
      job.timeLimitMs,
    );
    const memoryWatch = setInterval(() => {
      const rss = child.pid ? readRss(child.pid) : null;
      if (rss !== null && rss > job.rssLimitBytes) {
        finish({
          kind: 'killed',
          reason: 'memory',
          detail: `killed at its memory limit: RSS ${mb(rss)} MB > ${mb(job.rssLimitBytes)} MB`,
        });
      }
    }, 200);
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString('utf8');
    });
    child.on('error', (err) =>
      finish({ kind: 'crashed', detail: `the recipe worker could not start: ${err.message}` }),
    );
    child.on('exit', (code, signal) => {
      const tail = stderr.trim().split('\n').slice(-3).join(' | ');
      finish({
        kind: 'crashed',
        detail: `the recipe worker exited (${signal ?? `code ${code}`}) before finishing${tail ? `: ${tail}` : ''}`,
      });
    });
    child.on('message', (raw: unknown) => {
      const message = raw as FromWorker;
      if (!message || typeof message !== 'object') return;
      if (message.op === 'described' && job.message.op === 'describe' && Array.isArray(message.results)) {
        finish({ kind: 'described', results: message.results });
      } else if (message.op === 'done' && job.message.op === 'run') {
        finish(doneOutcome(message));
      } else if (message.op === 'log' && typeof message.text === 'string') {
        job.onLog?.(message.text.slice(0, 500));
      } else if (
        message.op === 'call' &&
        Number.isInteger(message.id) &&
        typeof message.method === 'string' &&
        Array.isArray(message.args)
      ) {
        answerCall(child, job, message.id, message.method, message.args, () => settled);
      }
    });
    child.send(job.message);
  });
}

function answerCall(
  child: ChildProcess,
  job: WorkerJob,
  id: number,
  method: string,
  args: unknown[],
  isSettled: () => boolean,
): void {
  const handler = job.onCall ?? (() => Promise.reject(new Error('this job takes no ctx calls')));
  handler(method, args)
    .then(
      (value) => ({ op: 'reply' as const, id, ok: true, value: value === undefined ? null : value }),
      (err: unknown) => ({
        op: 'reply' as const,
        id,
        ok: false,
        error: err instanceof Error ? err.message : String(err),
      }),
    )
    .then((reply) => {
      if (!isSettled() && child.connected) child.send(reply);
    });
}

function doneOutcome(message: Extract<FromWorker, { op: 'done' }>): WorkerOutcome {
  const summary = typeof message.summary === 'string' ? message.summary.slice(0, MAX_SUMMARY) : '';
  const error = typeof message.error === 'string' ? message.error.slice(0, MAX_SUMMARY) : undefined;
  let data: unknown = message.data;
  if (data !== undefined && JSON.stringify(data).length > MAX_DATA_CHARS) data = { truncated: true };
  return { kind: 'done', ok: message.ok === true, summary, data, error };
}

function mb(bytes: number): number {
  return Math.round(bytes / 1048576);
}
