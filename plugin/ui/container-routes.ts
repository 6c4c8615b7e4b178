// The Containers view's API (Ergon's tab): the list with CI badges, one container's details
// (services, timeline, recipes, audit), its lifecycle buttons, chat with its CI and recipes. The
// buttons run the CLI's own subcommands and the CLI's send-with-confirmation, never a copy.
import type { Reply } from '../../protocol';
import { readBuilds, type BuildRecord } from '../docker/build/build-registry';
import { buildProject } from '../docker/index';
import { ergonFamily } from '../ergon/family';
import { syncRegistry } from '../registry/registry-sync';
import type { CiEntry } from '../registry/registry-types';
import { renderReply, replyFailed } from '../render/render-reply';
import { transportFor } from '../transport/ci-connect';
import type { CiRequest } from '../transport/ci-client';
import { sendToCi } from '../transport/send';
import { containerTimeline } from './engine-timeline';
import { HttpError, messageOf } from './http-util';
import { runSubcommand } from './run-subcommand';
import { anomaliesOfStatus } from './status-anomalies';
import { readUiAudit } from './ui-audit';
import type { UiContext } from './ui-context';

/** One card of the list. */
export interface ContainerCard {
  name: string;
  ci: string | null;
  state: string;
  image: string;
  project: string | null;
  ports: string[];
  health: string;
  /** Why the CI is marked unreachable (or null). */
  reason: string | null;
  memory_bytes: number | null;
  cpu_percent: number | null;
}

/** Every container with a CI, plus images built but not run yet. */
export async function listContainers(
  ui: UiContext,
): Promise<{ engine: UiContext['engine']; containers: ContainerCard[] }> {
  try {
    await syncRegistry(ui.deps.registry, ui.deps.containers);
    ui.setEngine(true, null);
  } catch (err) {
    ui.setEngine(false, messageOf(err));
  }
  const entries = await ui.deps.registry.list();
  const cards: ContainerCard[] = entries.map((e) => {
    const p = ui.series.latest(e.ci_name);
    return {
      name: e.container,
      ci: e.ci_name,
      state: e.state,
      image: e.image,
      project: e.project,
      ports: e.ports,
      health: p?.health ?? (e.state === 'running' ? 'starting' : 'unreachable'),
      reason: p && !p.reachable ? p.error : e.state === 'running' ? null : `container ${e.state}`,
      memory_bytes: p?.memory_bytes ?? null,
      cpu_percent: p?.cpu_percent ?? null,
    };
  });
  const seen = new Set(cards.map((c) => c.name));
  for (const b of latestBuilds(ui.stateDir)) {
    if (seen.has(b.name)) continue;
    cards.push({
      name: b.name,
      ci: null,
      state: 'built',
      image: String(b.content.image ?? ''),
      project: b.source?.location ?? null,
      ports: [],
      health: 'none',
      reason: 'not running: press Run',
      memory_bytes: null,
      cpu_percent: null,
    });
  }
  return { engine: ui.engine, containers: cards.sort((a, b) => a.name.localeCompare(b.name)) };
}

function latestBuilds(stateDir: string): BuildRecord[] {
  const byName = new Map<string, BuildRecord>();
  for (const b of readBuilds(stateDir)) byName.set(b.name, b);
  return [...byName.values()];
}

async function entryOf(ui: UiContext, name: string): Promise<CiEntry | null> {
  return ui.deps.registry.find(name);
}

async function ask(
  entry: CiEntry,
  ui: UiContext,
  request: CiRequest,
  timeoutMs = 3000,
): Promise<{ reply: Reply | null; error: string | null }> {
  try {
    return { reply: await transportFor(entry, ui.deps.containers).request(request, { timeoutMs }), error: null };
  } catch (err) {
    return { reply: null, error: messageOf(err) };
  }
}

/** Details of one container: what its CI says, its engine timeline, series and audit logs. */
export async function containerDetail(ui: UiContext, name: string): Promise<Record<string, unknown>> {
  const entry = await entryOf(ui, name);
  const build = latestBuilds(ui.stateDir).find((b) => b.name === name) ?? null;
  if (!entry) {
    if (!build) throw new HttpError(404, `No container or build named '${name}'`);
    return {
      name,
      entry: null,
      build: { image: build.content.image, location: build.source?.location ?? null },
      status: null,
      statusError: 'not running',
      recipes: [],
      audit: [],
      hostAudit: readUiAudit(ui.stateDir, name),
      timeline: [],
      series: [],
      anomalies: [],
    };
  }
  const running = entry.state === 'running';
  const [status, recipes, audit, timeline] = await Promise.all([
    running ? ask(entry, ui, { type: 'status' }) : Promise.resolve({ reply: null, error: `container ${entry.state}` }),
    running ? ask(entry, ui, { type: 'recipes' }) : Promise.resolve({ reply: null, error: null }),
    running ? ask(entry, ui, { type: 'audit', lines: 30 }) : Promise.resolve({ reply: null, error: null }),
    timelineOf(ui, entry),
  ]);
  const s = status.reply?.type === 'status_response' ? status.reply : null;
  // The CI's learning flags anomalies per service on its status reply; older CIs have no such field.
  const anomalies = anomaliesOfStatus(s);
  return {
    name,
    entry,
    build: build ? { image: build.content.image, location: build.source?.location ?? null } : null,
    status: s,
    statusError: s ? null : (status.error ?? (status.reply ? renderReply(status.reply).trim() : null)),
    recipes: recipes.reply?.type === 'recipes_response' ? recipes.reply.recipes : [],
    audit: audit.reply?.type === 'audit_response' ? audit.reply.entries : [],
    hostAudit: readUiAudit(ui.stateDir, name),
    timeline,
    series: ui.series.of(entry.ci_name),
    anomalies,
  };
}

async function timelineOf(ui: UiContext, entry: CiEntry) {
  try {
    const info = await ui.deps.containers.inspect(entry.container_id);
    if (!info) return [];
    return await containerTimeline(await ui.deps.getDocker(), entry.container_id, info.Created);
  } catch (err) {
    ui.setEngine(false, messageOf(err));
    return [];
  }
}

/** Sends a chat line or a recipe run the way `aish <ci> "…"` / `aish ci run` do, confirmation included. */
export async function talk(ui: UiContext, name: string, request: CiRequest): Promise<unknown> {
  const entry = await entryOf(ui, name);
  if (!entry) throw new HttpError(404, `No container CI for '${name}'`);
  const outcome = await ui.confirmations.start((prompter) =>
    sendToCi({
      entry,
      transport: transportFor(entry, ui.deps.containers),
      containers: ui.deps.containers,
      request,
      policy: { interactive: true, yes: false, confirmTarget: null },
      prompter,
      timeoutMs: Number(ui.env.TEKTON_CI_TIMEOUT_MS) || 30_000,
    }).then((reply) => ({ reply, text: renderReply(reply), failed: replyFailed(reply) })),
  );
  return outcome;
}

/** A lifecycle button: the same subcommand and the same question the CLI asks. */
export async function lifecycle(ui: UiContext, name: string, action: string): Promise<unknown> {
  const entry = await entryOf(ui, name);
  const build = latestBuilds(ui.stateDir).find((b) => b.name === name) ?? null;
  const run = async (sub: string, args: string[], options: Record<string, string | boolean>) => {
    const r = await runSubcommand(ergonFamily, sub, args, options, ui.env);
    const text = (r.stdout + r.stderr).trim();
    ui.audit(name, sub, r.ok ? text : `failed: ${text}`);
    if (!r.ok) throw new HttpError(409, text || `ergon ${sub} ${name} failed`);
    return { done: { text } };
  };
  switch (action) {
    case 'run':
      if (entry) return run('start', [entry.container], {});
      if (!build) throw new HttpError(404, `Nothing to run for '${name}': build it first`);
      return run('run', [String(build.content.image)], { name });
    case 'stop':
      if (!entry) throw new HttpError(404, `No container '${name}'`);
      return ui.confirmations.ask(`Stop container ${entry.container}?`, () =>
        run('stop', [entry.container], { yes: true }).then((r) => r.done),
      );
    case 'restart':
      if (!entry) throw new HttpError(404, `No container '${name}'`);
      return ui.confirmations.ask(`Restart container ${entry.container}?`, () =>
        run('restart', [entry.container], { yes: true }).then((r) => r.done),
      );
    case 'export': {
      const image = entry?.image ?? (build ? String(build.content.image) : null);
      if (!image) throw new HttpError(404, `No image known for '${name}'`);
      const r = await runSubcommand(ergonFamily, 'export', ['k8s', image], {}, ui.env);
      ui.audit(name, 'export k8s', r.ok ? `exported ${image}` : `failed: ${r.stderr.trim()}`);
      if (!r.ok) throw new HttpError(409, r.stderr.trim());
      return { done: { text: `Kubernetes YAML for ${image}`, yaml: r.stdout } };
    }
    case 'build': {
      const location = build?.source?.location;
      if (!location)
        throw new HttpError(409, `No build record with a source folder for '${name}'; build it from the Projects view`);
      const job = ui.startJob(async (progress, log) => {
        const { images } = await buildProject({
          target: location,
          env: ui.env,
          docker: await ui.deps.getDocker(),
          progress,
          log,
          labels: ui.buildLabels,
        });
        ui.audit(name, 'build', `built ${images.map((i) => i.image).join(', ')}`);
        return { images: images.map((i) => i.image) };
      });
      return { job };
    }
    default:
      throw new HttpError(404, `No action '${action}'; use build, run, stop, restart or export`);
  }
}
