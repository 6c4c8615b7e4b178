// Assembles the container CI from its parts: manifest → supervisor, monitor, chat, recipe engine,
// server. Side effects (spawn, fs, env, stdout) come in here and nowhere deeper.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statfsSync } from 'node:fs';
import { CI_MANIFEST, CI_SOCKET, CI_STATE_DIR, CI_TOKEN_FILE, ENV, type Manifest } from '../protocol';
import { catalogueOf, handleChat, parseFor, type ChatWorld } from './chat/chat-handler';
import { requestControl } from './chat/control';
import { createConfirmationStore, type ConfirmationStore } from './confirmations';
import { parsePeers } from './chat/peers';
import { parseManifest, resolveConfig } from './config';
import { findMismatches } from './discovery/mismatches';
import { scanProcesses } from './discovery/scan';
import { EventBus } from './events';
import { APP_ENV_FD, type AppEnvSource, takeAppEnv } from './app-env';
import { canDropPrivileges, describeIsolation, readCapEff, restrictSocket } from './isolation';
import { createFailureRecord } from './learning/failure-record';
import { createLearning } from './learning/learning';
import { Monitor } from './monitor';
import { probeFor } from './probes/probe-for';
import { createRecipeHost } from './recipe-host';
import { readTextOrNull } from './recipe-engine/engine-deps';
import { redisAuthFor } from './recipe-engine/redis-credentials';
import type { RecipeEngine } from './recipe-engine/types';
import type { Probe } from './readiness';
import type { CiCore } from './server/core';
import { startServer } from './server/server';
import { loadToken } from './server/token';
import { toServiceStatus } from './status-view';
import { LineRing } from './supervisor/ring-buffer';
import type { ServiceRuntime } from './supervisor/service-spec';
import { Supervisor } from './supervisor/supervisor';
import { resolveUser } from './supervisor/users';
import { CI_VERSION } from './version';
import { prepareDatastoreSecrets, setGeneratedPostgresPasswords } from './datastore-setup';

/** Docker's default stop grace is 10 s; the services get 8 of them, the CI the rest to close. */
const STOP_BUDGET_MS = 8000;

/** Process-level inputs, defaulted by main.ts. */
export interface CiOptions {
  env: Record<string, string | undefined>;
  /** The app's environment for its services (app-env.ts); default: `env` itself. */
  appEnv?: { appEnv: Record<string, string>; source: AppEnvSource };
  argv: string[];
  out: (line: string) => void;
  /** Builds the recipe engine; absent means none. */
  loadRecipes?: (
    host: ReturnType<typeof createRecipeHost>,
    canDropPrivileges: boolean,
    confirmations: ConfirmationStore,
  ) => Promise<RecipeEngine>;
  exit: (code: number) => void;
}

/** A running CI. */
export interface RunningCi {
  core: CiCore;
  supervisor: Supervisor;
  shutdown(reason: string): Promise<void>;
}

/** Starts the server first (so the CI answers at once), then the services in order. */
export async function startCi(opts: CiOptions): Promise<RunningCi> {
  const { env, out } = opts;
  const manifestPath = env.TEKTON_CI_MANIFEST || CI_MANIFEST;
  const manifest: Manifest = parseManifest(readFileSync(manifestPath, 'utf8'), manifestPath);
  const config = resolveConfig(manifest, env, opts.argv);
  const datastores = prepareDatastoreSecrets(manifest, config, out);
  const applications = datastores.applications;
  const { token, source } = loadToken(env, env.TEKTON_CI_TOKEN_FILE || CI_TOKEN_FILE);
  // The services get the app's environment (never the CI's token); the CI itself runs without it.
  const app = opts.appEnv ?? takeAppEnv(env);
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(app.appEnv)) if (k !== ENV.token && k !== APP_ENV_FD) childEnv[k] = v;
  const bus = new EventBus();
  const allOutput = new LineRing(2000);
  // Root without CAP_SETUID (--cap-drop ALL) cannot drop either: services then keep the CI's UID.
  const capEff = readCapEff();
  const isRoot = canDropPrivileges(process.getuid?.() ?? -1, capEff);
  const passwd = existsSync('/etc/passwd') ? readFileSync('/etc/passwd', 'utf8') : '';
  const maxFailures = Number(env[ENV.maxRestarts] ?? '') || undefined;
  const stateDir = env.TEKTON_CI_STATE_DIR || CI_STATE_DIR;
  // Read before any service starts, so this start of the CI is counted even if it dies soon after.
  const record = createFailureRecord({
    dir: stateDir,
    services: config.services.map((s) => s.name),
    warn: (line) => out(`[tekton-ci] Warning: ${line}`),
  });
  const exitOnFatal = manifest.containers[config.container]?.exit_on_fatal === true;
  const probes = new Map<string, Probe>();
  // A Redis started with requirepass answers NOAUTH to a bare PING: probes and sampling log in.
  const redisAuth = (service: string, port: number) => redisAuthFor(applications, service, port, readTextOrNull);
  let supervisor!: Supervisor;
  const probeOf = (rt: ServiceRuntime): Probe => {
    let p = probes.get(rt.spec.name);
    if (!p) {
      const { check } = rt.spec;
      const auth = check.kind === 'redis' ? redisAuth(rt.spec.name, check.port) : null;
      p = probeFor(check, {
        upForMs: () => (rt.child !== null && rt.startedAt !== null ? Date.now() - rt.startedAt : null),
        stableMs: rt.policy.backoff.stableMs,
        redisAuth: auth,
      });
      probes.set(rt.spec.name, p);
    }
    return p;
  };
  let stopping = false;
  const shutdown = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    bus.publish({ kind: 'ci_stopping', detail: reason });
    monitor.stop();
    learning.save();
    record.save();
    const order = await supervisor.stopAll(Number(env.TEKTON_CI_STOP_BUDGET_MS ?? '') || STOP_BUDGET_MS);
    out(`[tekton-ci] stopped ${order.join(', ')} (${reason})`);
    await server.close();
    opts.exit(code);
  };
  supervisor = new Supervisor(config.services, {
    spawn: (cmd, args, o) => spawn(cmd, args, o),
    bus,
    out: (line) => {
      allOutput.push(`${line}\n`);
      out(line);
    },
    probeOf,
    runAs: (spec) => (isRoot ? resolveUser(passwd, spec.app.user) : null),
    env: childEnv,
    overrides: { maxFailures },
    history: record,
    // By default the CI stays: a container that exits takes the one witness of why with it, and
    // a restart policy turns one broken app into a loop that answers nothing (issue 24).
    onEssentialFatal: (name) => {
      if (exitOnFatal) return void shutdown(`essential service ${name} is FATAL`, 1);
      out(
        `[tekton-ci] essential service ${name} is FATAL: the CI stays up and answers, and the container reports unhealthy ` +
          `(containers.${config.container}.exit_on_fatal: true makes it exit instead)`,
      );
    },
  });
  // The last failed run of each service before this start of the CI, so `logs` shows it at once.
  for (const [name, last] of record.before()) {
    const rt = supervisor.runtimes.get(name);
    if (!rt) continue;
    const when = new Date(last.at).toISOString().slice(0, 19).replace('T', ' ');
    rt.output.note(
      0,
      `[tekton-ci] before this start of the CI: ${name} run ${last.run} ended ${when} UTC with ${last.exit}; its last lines:`,
    );
    for (const line of last.lines) rt.output.note(0, line);
  }
  const runtimes = () => [...supervisor.runtimes.values()];
  const monitor = new Monitor({
    runtimes,
    probeOf,
    bus,
    intervalMs: Number(env.TEKTON_CI_PROBE_INTERVAL_MS ?? '') || 2000,
    recover: (rt, reason) => void supervisor.recover(rt.spec.name, reason),
    afterTick: (rts) => learning.afterTick(rts),
  });
  const learning = createLearning({
    env,
    runtimes: runtimes(),
    publish: (e) => bus.publish(e),
    supervision: () => record.sentences(),
    warn: (line) => out(`[tekton-ci] Warning: ${line}`),
    recipes: () => recipes?.list().map((r) => r.name) ?? null,
    redisAuth,
  });
  const started = Date.now();
  const services = () => runtimes().map((rt) => toServiceStatus(rt, Date.now(), learning.anomalies(rt.spec.name)));
  const container = () => ({ ...monitor.container(), uptime_s: Math.round((Date.now() - started) / 1000) });
  let discovered: { at: number; value: ReturnType<CiCore['discover']> } | null = null;
  const discover = () => {
    // /proc scans cost a few ms; several clients asking at once share one.
    if (discovered && Date.now() - discovered.at < 500) return discovered.value;
    const pids = new Map(
      runtimes()
        .filter((rt) => rt.pid !== null)
        .map((rt) => [rt.spec.name, rt.pid!] as [string, number]),
    );
    const found = scanProcesses({ servicePids: pids, ignorePids: [process.pid, process.ppid] });
    const declared = runtimes().map((rt) => ({
      name: rt.spec.name,
      kind: rt.spec.kind,
      port: rt.spec.app.port,
      running: rt.pid !== null,
    }));
    const value = {
      declared: declared.map((d) => d.name),
      discovered: found,
      mismatches: findMismatches(declared, found),
    };
    discovered = { at: Date.now(), value };
    return value;
  };
  const logs = (service: string | null, lines: number) => {
    if (service === null) return allOutput.tail(lines);
    const rt = supervisor.runtimes.get(service);
    if (!rt)
      throw Object.assign(new Error(`No service '${service}'; known: ${[...supervisor.runtimes.keys()].join(', ')}`), {
        code: 'not_found',
      });
    return rt.output.tail(lines);
  };
  const restart = async (name: string) => {
    if (!supervisor.runtimes.has(name)) return { ok: false, detail: `No service '${name}'` };
    return supervisor.restart(name);
  };
  const host = createRecipeHost({
    services,
    container,
    restart,
    logs,
    manifest,
    names: config.services.map((s) => s.name),
  });
  let recipes: RecipeEngine | null = null;
  // The engine loads (a worker describes each recipe) while the services start, so a recipe asked
  // for in the first second waits for it instead of being told there is none.
  let recipesLoaded: Promise<RecipeEngine | null> = Promise.resolve(null);
  const recipesReady = () => recipesLoaded;
  const modelUrl = env[ENV.modelUrl];
  const world: ChatWorld = {
    ciName: config.ciName,
    token,
    services,
    container,
    discover,
    logs,
    disks: () => diskFacts([...new Set(['/', ...config.services.map((s) => s.app.workdir ?? '/app')])]),
    learning: { changes: () => learning.changes(), anomalies: (service) => learning.unusual(service ?? undefined) },
    control: (action, name, reason) => {
      out(`[tekton-ci] ${action} ${name}: ${reason}`);
      return action === 'restart' ? restart(name) : action === 'stop' ? supervisor.stop(name) : supervisor.start(name);
    },
    get recipes() {
      return recipes;
    },
    recipesReady,
    peers: parsePeers(env[ENV.peers]),
    // One store for chat, `control` and the recipe engine: a token is good for exactly what it names.
    confirmations: createConfirmationStore(),
    model: modelUrl ? { url: modelUrl, name: env[ENV.modelName] || 'llama3' } : null,
  };
  // The parser builds its word index on first use (~5 ms): do it now, not inside the first request.
  parseFor(world, 'status');
  const tcpPort = env[ENV.tcpPort] ? Number(env[ENV.tcpPort]) : null;
  const isolation = describeIsolation({
    uid: process.getuid?.() ?? -1,
    gid: process.getgid?.() ?? -1,
    nodeVersion: process.version,
    capEff,
    envSource: app.source,
  });
  const core: CiCore = {
    isolation,
    ciName: config.ciName,
    version: CI_VERSION,
    modelName: world.model?.name ?? null,
    tcpPort,
    capabilities: [
      'status',
      'services',
      'health',
      'logs',
      'events',
      'chat',
      'parse',
      'recipes',
      'run',
      'audit',
      'control',
      'catalogue',
    ],
    services,
    container,
    discover,
    logs,
    subscribe: (l) => bus.subscribe(l),
    parse: (content) => parseFor(world, content),
    catalogue: () => catalogueOf(world),
    control: (req) => requestControl(world, req),
    chat: (content, o) => handleChat(world, content, o),
    get recipes() {
      return recipes;
    },
    recipesReady,
  };
  // TCP listens on all of the container's interfaces (peers are other containers); token required.
  const socketPath = env.TEKTON_CI_SOCKET || CI_SOCKET;
  const server = await startServer({
    socketPath,
    tcpPort,
    tcpHost: env.TEKTON_CI_TCP_HOST || '0.0.0.0',
    token,
    core,
    log: (l) => out(`[tekton-ci] ${l}`),
  });
  restrictSocket(socketPath, isRoot);
  for (const note of isolation.notes) out(`[tekton-ci] note: ${note}`);
  out(
    `[tekton-ci] ${config.ciName} ${CI_VERSION} listening (token from ${source}); starting ${config.services.map((s) => s.name).join(', ')}`,
  );
  bus.publish({ kind: 'ci_started', detail: `${config.ciName} started` });
  if (opts.loadRecipes) {
    const load = opts.loadRecipes;
    recipesLoaded = (async () => {
      try {
        recipes = await load(host, isRoot, world.confirmations);
      } catch (err) {
        out(`[tekton-ci] recipes unavailable: ${(err as Error).message}`);
      }
      return recipes;
    })();
  }
  // The monitor runs from the start: it probes only running services, and a service that waits a
  // minute for a dependency must not hold back supervision of the others.
  monitor.start();
  await setGeneratedPostgresPasswords(
    config,
    datastores,
    (spec) => (isRoot ? resolveUser(passwd, spec.app.user) : null),
    out,
  );
  void supervisor.startAll();
  return { core, supervisor, shutdown: (reason) => shutdown(reason) };
}

function diskFacts(paths: string[]): Array<{ path: string; freeBytes: number; totalBytes: number }> {
  const out: Array<{ path: string; freeBytes: number; totalBytes: number }> = [];
  for (const path of paths) {
    try {
      const s = statfsSync(path);
      out.push({ path, freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize });
    } catch {
      /* path absent in this image */
    }
  }
  return out;
}
