// The Projects view's API: cards, the Docker button's plan and Dockerfile, Save to project, Build
// and Send to Ergon. Everything goes through plugin/docker's library (plan, generate, build).
import { join } from 'node:path';
import type { BuildProgress } from '../docker/build/run-build';
import { buildsPath } from '../tekton/state-paths';
import { buildProject, generateProject, planProject } from '../docker/index';
import { ergonStoreUrl } from '../docker/build/build-registry';
import { bodyText, HttpError, messageOf } from './http-util';
import { addFolder, findCard, listProjects } from './project-list';
import type { UiContext } from './ui-context';

/** The plan as the modal shows it: each decision with its reason, and the Dockerfile. */
export function planView(target: string, env: Record<string, string | undefined>) {
  let plan;
  try {
    plan = planProject({ target, env });
  } catch (err) {
    throw new HttpError(422, `Cannot plan ${target}: ${messageOf(err)}`);
  }
  const app = plan.apps[0]!;
  const dockerfilePath = join(app.contextDir, 'Dockerfile');
  const reasonOf = (what: string) =>
    plan.reasons
      .filter((r) => r.what === what || r.what.endsWith(`: ${what}`))
      .map((r) => r.source)
      .join('; ') || null;
  const s = plan.summary;
  return {
    project: plan.project.name,
    root: plan.project.root,
    decisions: [
      { what: 'language', value: s.language, reason: reasonOf('language') },
      { what: 'framework', value: s.framework ?? '(none)', reason: reasonOf('framework') },
      { what: 'start', value: s.start, reason: reasonOf('start') },
      { what: 'port', value: s.port === null ? '(none)' : String(s.port), reason: reasonOf('port') },
    ],
    services: s.services.map((x) => ({
      ...x,
      reason:
        reasonOf(`service ${x.type}`) ??
        reasonOf(`service ${x.name}`) ??
        reasonOf(`process ${x.name}`) ??
        reasonOf(`process ${x.type}`) ??
        (x.port !== null && x.port === s.port
          ? `the app itself: ${s.start} (${reasonOf('start') ?? 'detected start'})`
          : null),
    })),
    reasons: plan.reasons,
    warnings: plan.warnings,
    apps: s.apps,
    files: plan.files.map((f) => ({ path: f.path, state: f.state })),
    // The user's own Dockerfile is kept and built with our CI stage appended: show exactly that.
    dockerfile: {
      path: dockerfilePath,
      userDockerfile: app.userDockerfile,
      content: app.userDockerfile
        ? app.buildDockerfile
        : (plan.files.find((f) => f.path === dockerfilePath)?.content ?? app.buildDockerfile),
    },
  };
}

/** Handles /api/projects… and /api/folders; returns false when the path is not one of them. */
export async function projectRoutes(
  ui: UiContext,
  method: string,
  parts: string[],
  body: () => Promise<Record<string, unknown>>,
) {
  if (parts[0] === 'folders' && method === 'POST') {
    const b = await body();
    return { status: 201, body: addFolder(ui.stateDir, bodyText(b, 'path')) };
  }
  if (parts[0] !== 'projects') return null;
  if (parts.length === 1 && method === 'GET')
    return { status: 200, body: { projects: listProjects(ui.env, ui.stateDir) } };
  const card = findCard(ui.env, ui.stateDir, parts[1] ?? '');
  const action = parts[2];
  if (action === 'plan' && method === 'GET') return { status: 200, body: { card, plan: planView(card.dir, ui.env) } };
  if (action === 'save' && method === 'POST') return { status: 200, body: await save(ui, card) };
  if ((action === 'build' || action === 'send') && method === 'POST') {
    const job = ui.startJob((progress, log) => build(ui, card, action === 'send', progress, log));
    ui.audit(card.name, action === 'send' ? 'send to Ergon (build and register)' : 'build', 'started');
    return { status: 202, body: { job } };
  }
  throw new HttpError(404, `No route ${method} /api/${parts.join('/')}`);
}

async function save(ui: UiContext, card: { name: string; dir: string }) {
  // A file the user wrote is replaced only after a yes in the page, as `docker generate` asks on a terminal.
  const outcome = await ui.confirmations.start((prompter) =>
    generateProject({
      target: card.dir,
      env: ui.env,
      confirm: (path) => prompter.confirm(`${path} was not written by aish (or was edited since). Replace it?`),
    }).then((r) => ({ written: r.written, unchanged: r.unchanged, kept: r.kept, root: r.plan.project.root })),
  );
  if ('done' in outcome)
    ui.audit(card.name, 'save to project', `wrote ${outcome.done.written.join(', ') || 'nothing new'}`);
  return outcome;
}

async function build(
  ui: UiContext,
  card: { name: string; dir: string },
  register: boolean,
  progress: BuildProgress,
  log: (l: string) => void,
) {
  const { images } = await buildProject({
    target: card.dir,
    env: ui.env,
    docker: await ui.deps.getDocker(),
    progress,
    log,
    labels: ui.buildLabels,
  });
  ui.audit(card.name, register ? 'send to Ergon' : 'build', `built ${images.map((i) => i.image).join(', ')}`);
  return {
    images: images.map((i) => ({
      container: i.container,
      image: i.image,
      builder: i.builder,
      cached: i.cachedSteps.length,
      built: i.builtSteps.length,
      ergon: i.ergon,
    })),
    registered: register
      ? { builds: buildsPath(ui.stateDir), ergon: images.every((i) => i.ergon), ergonUrl: ergonStoreUrl(ui.env) }
      : null,
  };
}
