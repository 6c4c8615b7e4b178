// "Hermes always knows" (docs/design-decisions.md, Hermes heartbeats): a host process that follows
// the container CIs and reports them to Hermes, started on demand by any aish command on a host with
// Tekton, detached so it outlives the shell, one per state dir (sender-lock.ts), and gone by itself
// once no container CI has run for a while.
import { spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { createHostDeps } from '../host';
import { componentUrl, stateDir, type Env } from '../tekton/env';
import { containersDir, registryPath } from '../tekton/state-paths';
import { CiRegistry } from '../registry/registry-store';
import { createHermesListener } from './hermes-listener';
import { CiMonitor, type MonitorListener } from './monitor';
import { SENDER_ARG, acquireSender, liveSender, releaseSender, stillOurs } from './sender-lock';

/** The pid file and the log of the sender for this environment's state dir. */
export function senderPaths(env: Env): { pidFile: string; logFile: string } {
  const dir = containersDir(stateDir(env));
  return { pidFile: join(dir, 'hermes-sender.json'), logFile: join(dir, 'hermes-sender.log') };
}

/** True on a host where Tekton is meant to be: TEKTON_ROOT or a Hermes address set, and not turned off. */
export function wantsSender(env: Env): boolean {
  if (env.AISH_HERMES_SENDER === 'off' || env.AISH_HERMES_SENDER === '0') return false;
  return !!(env.TEKTON_ROOT || env.HERMES_PORT || env.HERMES_HOST);
}

/** How to start this program again as the sender: the same node, loader flags and script. */
export function senderCommand(): string[] {
  return [process.execPath, ...process.execArgv, process.argv[1] ?? '', SENDER_ARG];
}

/**
 * Starts the sender when Tekton is configured, some container CI is running and no sender is alive.
 * Costs a file read or two when there is nothing to do. Never throws; resolves what it did.
 */
export async function ensureHermesSender(
  env: Env,
  command: string[] = senderCommand(),
): Promise<'off' | 'idle' | 'running' | 'started'> {
  try {
    if (!wantsSender(env)) return 'off';
    const { pidFile, logFile } = senderPaths(env);
    if (liveSender(pidFile)) return 'running';
    const registry = registryPath(stateDir(env));
    const entries = existsSync(registry) ? await new CiRegistry({ path: registry }).list() : [];
    if (!entries.some((e) => e.state === 'running')) return 'idle';
    const log = openSync(logFile, 'a', 0o600);
    const child = spawn(command[0]!, command.slice(1), {
      detached: true,
      stdio: ['ignore', log, log],
      env: env as NodeJS.ProcessEnv,
    });
    child.unref();
    return 'started';
  } catch {
    return 'off';
  }
}

/** Sender settings (tests shorten them). */
export interface SenderOptions {
  idleMs?: number;
  checkMs?: number;
  probeMs?: number;
  beatMs?: number;
  log?: (line: string) => void;
}

/** Timings from the environment (checks and tests shorten them): TEKTON_SENDER_{BEAT,PROBE,IDLE}_MS. */
export function senderTimings(env: Env): SenderOptions {
  const ms = (name: string) => {
    const v = Number(env[name]);
    return Number.isFinite(v) && v >= 200 ? v : undefined;
  };
  const out: SenderOptions = {};
  const beat = ms('TEKTON_SENDER_BEAT_MS'),
    probe = ms('TEKTON_SENDER_PROBE_MS'),
    idle = ms('TEKTON_SENDER_IDLE_MS');
  if (beat) out.beatMs = beat;
  if (probe) out.probeMs = probe;
  if (idle) {
    out.idleMs = idle;
    out.checkMs = Math.min(5000, Math.max(200, Math.floor(idle / 4)));
  }
  return out;
}

/** Runs the sender in this process until it is idle, replaced, or signalled; resolves its exit status. */
export async function runHermesSender(env: Env, given: SenderOptions = {}): Promise<number> {
  const opts = { ...senderTimings(env), ...given };
  const log = opts.log ?? ((line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`));
  const { pidFile } = senderPaths(env);
  const hermes = componentUrl('hermes', env);
  if (!acquireSender(pidFile, hermes)) {
    log('another sender is running; leaving');
    return 0;
  }
  const listener = createHermesListener(env, log, opts.beatMs);
  const deps = createHostDeps(env, log);
  // `ergon rm` deletes the registry entry before the engine's destroy event arrives, so the monitor
  // may go on probing a CI that is gone: only what the registry still holds is reported as alive.
  const current: MonitorListener = {
    onProbe: async (entry, probe) =>
      (await deps.registry.find(entry.ci_name))
        ? listener.onProbe?.(entry, probe)
        : listener.onRemoved?.(entry.ci_name),
    onRemoved: (name) => listener.onRemoved?.(name),
  };
  const monitor = new CiMonitor({ deps, notify: log, intervalMs: opts.probeMs ?? 20_000, listeners: [current] });
  let stop!: (why: string) => void;
  const stopped = new Promise<string>((resolve) => {
    stop = resolve;
  });
  const onSignal = () => stop('signalled');
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    await monitor.start();
    log(`reporting ${monitor.watched().length} container CIs to Hermes at ${hermes} (pid ${process.pid})`);
    let idleSince: number | null = null;
    const timer = setInterval(async () => {
      if (!existsSync(pidFile) && !existsSync(stateDir(env))) return stop('its state dir is gone');
      if (!stillOurs(pidFile)) return stop('another sender took over');
      const running = (await deps.registry.list().catch(() => [])).some((e) => e.state === 'running');
      idleSince = running ? null : (idleSince ?? Date.now());
      if (idleSince !== null && Date.now() - idleSince >= (opts.idleMs ?? 300_000)) {
        stop('no container CI has run for a while');
      }
    }, opts.checkMs ?? 5000);
    const why = await stopped;
    clearInterval(timer);
    log(`stopping: ${why}`);
    return 0;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await monitor.stop().catch(() => undefined);
    // Removed containers were unregistered as they went; running ones stay registered (a new
    // sender registers them again under the same component_id, so Hermes holds no duplicate).
    listener.detach();
    releaseSender(pidFile);
  }
}
