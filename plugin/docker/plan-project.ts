// `plan`: a project in, a plan out (analysis, manifest, the files generate would write, the text
// each build would use). Printing the plan is the dry run; generate and build act on it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, type Manifest } from '../../protocol';
import { analyzeProject } from './analysis/analyze-project';
import { buildManifest, containerNameFor, dockerName } from './analysis/build-manifest';
import type { ProjectTree } from './analysis/project-tree';
import { readProjectTree } from './analysis/read-project-tree';
import type { AppAnalysis, ProjectAnalysis, Reason } from './analysis/types';
import { assetsAreLibcIndependent, findCiAssetsDir } from './build/ci-assets-image';
import { appendCiStage, CI_TARGET, userCommand, userWorkdir } from './dockerfile/append-ci-stage';
import { generateCompose } from './dockerfile/generate-compose';
import { GENERATED_MARK, generateDockerfile } from './dockerfile/generate-dockerfile';
import { generateDockerignore } from './dockerfile/generate-dockerignore';
import { fileState, readGeneratedRecord, type FileState } from './project/generated-files';
import { resolveProject, type ResolvedProject } from './project/resolve-project';

/** Path of the manifest, relative to the project root. */
export const MANIFEST_PATH = '.tekton/manifest.json';

/** A file generate would write. */
export interface PlannedFile {
  path: string;
  content: string;
  state: FileState;
}

/** How one app's image is built. */
export interface AppPlan {
  app: AppAnalysis;
  container: string;
  /** Build context, relative to the project root ('' = root). */
  contextDir: string;
  /** Dockerfile text the build uses (ours, or the user's with our stage appended). */
  buildDockerfile: string;
  /** Set when building the user's own Dockerfile. */
  target: string | null;
  userDockerfile: boolean;
}

/** The result of `plan`. */
export interface ProjectPlan {
  project: ResolvedProject;
  analysis: ProjectAnalysis;
  manifest: Manifest;
  apps: AppPlan[];
  files: PlannedFile[];
  summary: PlanSummary;
  reasons: Reason[];
  warnings: string[];
}

/** The short answer of `plan --json` (first app; `apps` lists every app of a monorepo). */
export interface PlanSummary {
  language: string;
  framework: string | null;
  start: string;
  port: number | null;
  services: Array<{ name: string; type: string; port: number | null }>;
  apps: Array<{ name: string; dir: string; language: string; framework: string | null; start: string; port: number | null }>;
}

/** Options of planProject. */
export interface PlanOptions {
  target?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  split?: boolean;
  /** The file tree to analyse (tests); default: read from disk. */
  tree?: ProjectTree;
  /** The CI assets run on musl (they carry their own libc): Alpine user images are accepted. */
  allowMusl?: boolean;
}

/** Analyses a project and plans its files and builds. Throws AnalysisError / ProjectNotFound. */
export function planProject(options: PlanOptions = {}): ProjectPlan {
  const env = options.env ?? process.env;
  const project = resolveProject(options.target, env, options.cwd);
  const tree = options.tree ?? readProjectTree(project.root);
  const analysis = analyzeProject(tree, project.name);
  const record = readGeneratedRecord(project.root);
  const warnings = [...analysis.notes.filter((n) => !/no language recognised/.test(n))];
  const apps: AppPlan[] = [];
  const userWorkdirs = new Map<AppAnalysis, string>();
  // A user's Dockerfile decides the start command: the CI runs what their image ran.
  for (const app of analysis.apps) {
    const path = join(app.dir, 'Dockerfile');
    const onDisk = existsSync(join(project.root, path)) ? readFileSync(join(project.root, path), 'utf8') : null;
    const ours = onDisk !== null && (record[path] !== undefined || onDisk.startsWith(GENERATED_MARK));
    if (onDisk !== null && !ours) {
      userWorkdirs.set(app, userWorkdir(onDisk));
      const cmd = userCommand(onDisk);
      if (cmd) {
        app.start = cmd;
        app.reasons.push({ what: 'start', value: cmd.join(' '), source: `${path} CMD/ENTRYPOINT (your Dockerfile is kept)` });
      }
    }
    warnings.push(...app.warnings.map((w) => `${app.dir || '.'}: ${w}`));
  }
  const manifest = buildManifest(analysis, { split: options.split });
  // The CI starts a user image's services where that image would have run them.
  for (const [app, workdir] of userWorkdirs) {
    for (const [name, a] of Object.entries(manifest.applications)) {
      const prefix = analysis.apps.length > 1 ? `${app.name}-` : '';
      if (a.workdir && (name === `${prefix}web` || name === `${prefix}app` || app.extras.some((e) => name === `${prefix}${e.name}`))) a.workdir = workdir;
    }
  }
  const files: PlannedFile[] = [];
  for (const app of analysis.apps) {
    const container = containerNameFor(analysis, app);
    const path = join(app.dir, 'Dockerfile');
    const ours = generateDockerfile({ app, manifest, container });
    const state = fileState(project.root, path, ours, record);
    const onDisk = state === 'user' ? readFileSync(join(project.root, path), 'utf8') : null;
    const userOwned = onDisk !== null && !onDisk.startsWith(GENERATED_MARK);
    // An edited copy of our own Dockerfile already has the CI layer: build it as the user left it.
    let buildDockerfile = onDisk ?? ours;
    if (userOwned) {
      const packages = app.services.map((s) => (s.kind === 'redis' ? 'redis-server' : 'postgresql'));
      buildDockerfile = appendCiStage(onDisk, { manifest, container, packages, where: path, allowMusl: options.allowMusl ?? musl(env) });
    }
    apps.push({ app, container, contextDir: app.dir, buildDockerfile, target: userOwned ? CI_TARGET : null, userDockerfile: userOwned });
    files.push({ path, content: ours, state });
    const ignorePath = join(app.dir, '.dockerignore');
    const ignore = generateDockerignore(app);
    files.push({ path: ignorePath, content: ignore, state: fileState(project.root, ignorePath, ignore, record) });
  }
  const compose = generateCompose(manifest, (c) => `${c}:latest`, (c) => {
    const a = apps.find((x) => x.container === c);
    return a ? `./${a.contextDir}` : null;
  });
  if (compose) files.push({ path: 'compose.yaml', content: compose, state: fileState(project.root, 'compose.yaml', compose, record) });
  const manifestText = JSON.stringify(JSON.parse(canonicalJson(manifest)), null, 2) + '\n';
  files.push({ path: MANIFEST_PATH, content: manifestText, state: fileState(project.root, MANIFEST_PATH, manifestText, record) });
  return { project, analysis, manifest, apps, files, summary: summarize(analysis, manifest), reasons: analysis.apps.flatMap((a) => a.reasons.map((r) => ({ ...r, what: analysis.apps.length > 1 ? `${a.name}: ${r.what}` : r.what }))), warnings };
}

function musl(env: Record<string, string | undefined>): boolean {
  try { return assetsAreLibcIndependent(findCiAssetsDir(env)); } catch { return false; }
}

function summarize(analysis: ProjectAnalysis, manifest: Manifest): PlanSummary {
  const first = analysis.apps[0]!;
  const container = manifest.containers[containerNameFor(analysis, first)];
  const services = Object.keys(manifest.applications)
    .filter((n) => container?.applications.includes(n) || !Object.values(manifest.containers).some((c) => c.applications.includes(n)) || analysis.apps.length === 1)
    .map((n) => ({ name: n, type: manifest.applications[n]!.type, port: manifest.applications[n]!.port }));
  return {
    language: first.language, framework: first.framework, start: first.start.join(' '), port: first.port, services,
    apps: analysis.apps.map((a) => ({ name: a.name, dir: a.dir, language: a.language, framework: a.framework, start: a.start.join(' '), port: a.port })),
  };
}

export { dockerName };
