// After each batch: does the CI still answer ping and status correctly and promptly (through the
// host's own client, protocol/socket-client.ts), how much memory does it hold (its node process,
// read from the host's /proc; the container's cgroup, from its own status), and did it crash or
// restart (the engine's restart count and start time).
import { readFileSync } from 'node:fs';
import { parseVmRss } from '../../../ci-runtime/metrics/proc-parse';
import { requestOverSocket } from '../../../protocol';
import { hostPid } from '../container-process';
import { docker, type FuzzTarget } from './fuzz-target';

/** What one check saw. */
export interface CiCheck {
  /** Null when ping and status both came back right within the bound. */
  problem: string | null;
  pingMs: number;
  statusMs: number;
  /** The CI's node process (RSS), null when it could not be found. */
  rssBytes: number | null;
  /** The container's memory as the CI reports it (cgroup). */
  cgroupBytes: number | null;
  /** The engine's view: running, restarts, when it last started. */
  running: boolean;
  restarts: number;
  startedAt: string;
}

/** How long ping or status may take before the check fails: the host's own default bound. */
export const CHECK_BOUND_MS = 5000;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T | Error }> {
  const t = performance.now();
  try {
    const value = await work();
    return { ms: performance.now() - t, value };
  } catch (err) {
    return { ms: performance.now() - t, value: err as Error };
  }
}

function ciRss(initPid: number): number | null {
  try {
    const pid = hostPid(initPid, /^\/opt\/tekton-ci\/node .*ci-runtime\.js/);
    return parseVmRss(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return null;
  }
}

/** Checks the CI once. */
export async function checkCi(target: FuzzTarget): Promise<CiCheck> {
  const ask = (request: Parameters<typeof requestOverSocket>[0]['request']) =>
    requestOverSocket({
      address: { path: target.socketPath },
      request,
      timeoutMs: CHECK_BOUND_MS,
      maxReplyBytes: 16 * 1024 * 1024,
    });
  const ping = await timed(() => ask({ type: 'ping', id: 'check-ping' }));
  const status = await timed(() => ask({ type: 'status', id: 'check-status', token: target.token }));
  const problems: string[] = [];
  if (ping.value instanceof Error) problems.push(`ping: ${ping.value.message}`);
  else if (ping.value.type !== 'pong' || ping.value.id !== 'check-ping')
    problems.push(`ping answered ${JSON.stringify(ping.value).slice(0, 200)}`);
  let cgroupBytes: number | null = null;
  if (status.value instanceof Error) problems.push(`status: ${status.value.message}`);
  else if (status.value.type !== 'status_response' || status.value.id !== 'check-status')
    problems.push(`status answered ${JSON.stringify(status.value).slice(0, 200)}`);
  else cgroupBytes = status.value.container.memory_bytes;
  const [running, restarts, startedAt, pid] = (
    await docker([
      'inspect',
      '-f',
      '{{.State.Running}} {{.RestartCount}} {{.State.StartedAt}} {{.State.Pid}}',
      target.id,
    ])
  ).split(' ');
  return {
    problem: problems.length ? problems.join('; ') : null,
    pingMs: ping.ms,
    statusMs: status.ms,
    rssBytes: ciRss(Number(pid)),
    cgroupBytes,
    running: running === 'true',
    restarts: Number(restarts),
    startedAt: startedAt ?? '',
  };
}
