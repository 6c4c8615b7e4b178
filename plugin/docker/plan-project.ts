// `plan`: a project in, a plan out (analysis, manifest, the files generate would write, the text
// each build would use). Printing the plan is the dry run; generate and build act on it.
// planProjectFrom is the pure core (files + facts in, plan out); planProject reads the disk for it.
import { join, relative } from 'node:path';
import { canonicalJson, type Manifest } from '../../protocol';
import { analyzeProject } from './analysis/analyze-project';
import { checkProjectValues, ProjectValueRefused, refusalFor } from './analysis/check-values';
import { buildManifest, containerNameFor, dockerName } from './analysis/build-manifest';
import type { ProjectTree } from './analysis/project-tree';
import { readProjectTree } from './analysis/read-project-tree';
import type { AppAnalysis, ProjectAnalysis, Reason } from './analysis/types';
import { assetsAreLibcIndependent, findCiAssetsDir } from './build/ci-assets-image';
import { appendCiStage, CI_TARGET, userCommand, userWorkdir } from './dockerfile/append-ci-stage';
import { generateCompose } from './dockerfile/generate-compose';
import { GENERATED_MARK, generateDockerfile } from './dockerfile/generate-dockerfile';
import { generateDockerignore } from './dockerfile/generate-dockerignore';
import { readGeneratedRecord, stateOf, type FileState } from './project/generated-files';
import { outsideNote, readInside } from './project/inside-project';
import { resolveProject, type ResolvedProject } from './project/resolve-project';
import { UnsafeValue } from './quoting/unsafe-value';

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
  apps: Array<{
    name: string;
    dir: string;
    language: string;
    framework: string | null;
    start: string;
    port: number | null;
  }>;
}

/** Options of planProject (the edge: resolves the project and reads the disk). */
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

/** What a plan depends on besides the project's files: everything planProjectFrom does not read itself. */
export interface PlanFacts {
  /** The project's name (containers and the manifest are named after it). */
  name: string;
  /** Where the project is; default: an unnamed in-memory project. */
  project?: ResolvedProject;
  /**
   * The current text of a file generate would write (the user's Dockerfile, an edited one of ours),
   * null when absent. Not taken from the tree: a .dockerignore usually leaves Dockerfiles out of it.
   */
  existing?: (path: string) => string | null;
  /** `.tekton/generated.json`: path → SHA-256 of what we wrote. */
  generated?: Record<string, string>;
  /** The CI assets carry their own libc, so an Alpine user image can take the CI stage. */
  allowMusl?: boolean;
  split?: boolean;
}

/** Analyses a project and plans its files and builds. Throws AnalysisError / ProjectNotFound. */
export function planProject(options: PlanOptions = {}): ProjectPlan {
  const env = options.env ?? process.env;
  const project = resolveProject(options.target, env, options.cwd);
  const tree = options.tree ?? readProjectTree(project.root);
  // A file generate would replace is read like any project file: never through a link that leaves it.
  const leaving: string[] = [];
  const plan = planProjectFrom(tree, {
    name: project.name,
    project,
    split: options.split,
    generated: readGeneratedRecord(project.root),
    existing: (path) => {
      const r = readInside(project.root, path);
      if (r.kind === 'outside') leaving.push(outsideNote(r.link, r.target));
      return r.kind === 'file' ? r.content.toString('utf8') : null;
    },
    allowMusl: options.allowMusl ?? musl(env),
  });
  for (const note of new Set(leaving)) if (!plan.warnings.includes(note)) plan.warnings.push(note);
  return plan;
}

/** The plan as a pure function of the project's files and the facts given. Throws AnalysisError. */
export function planProjectFrom(tree: ProjectTree, facts: PlanFacts): ProjectPlan {
  const project = facts.project ?? { root: '', name: facts.name, projectId: null, projectsFile: null };
  const existing = facts.existing ?? (() => null);
  const record = facts.generated ?? {};
  const analysis = analyzeProject(tree, facts.name);
  // Every value below was read from the project: one with a line break or a control character stops here.
  checkProjectValues(analysis);
  const warnings = [...analysis.notes.filter((n) => !/no language recognised/.test(n))];
  const apps: AppPlan[] = [];
  const userWorkdirs = new Map<AppAnalysis, string>();
  // A user's Dockerfile decides the start command: the CI runs what their image ran.
  for (const app of analysis.apps) {
    const path = join(app.dir, 'Dockerfile');
    const onDisk = existing(path);
    const ours = onDisk !== null && (record[path] !== undefined || onDisk.startsWith(GENERATED_MARK));
    if (onDisk !== null && !ours) {
      userWorkdirs.set(app, userWorkdir(onDisk));
      const cmd = userCommand(onDisk);
      if (cmd) {
        app.start = cmd;
        app.reasons.push({
          what: 'start',
          value: cmd.join(' '),
          source: `${path} CMD/ENTRYPOINT (your Dockerfile is kept)`,
        });
      }
    }
    warnings.push(...app.warnings.map((w) => `${app.dir || '.'}: ${w}`));
  }
  const manifest = buildManifest(analysis, { split: facts.split });
  // The CI starts a user image's services where that image would have run them.
  for (const [app, workdir] of userWorkdirs) {
    for (const [name, a] of Object.entries(manifest.applications)) {
      const prefix = analysis.apps.length > 1 ? `${app.name}-` : '';
      const mine =
        name === `${prefix}web` || name === `${prefix}app` || app.extras.some((e) => name === `${prefix}${e.name}`);
      if (a.workdir && mine) a.workdir = workdir;
    }
  }
  const files: PlannedFile[] = [];
  const ignores = new Map<string, AppAnalysis[]>();
  const planned = (path: string, content: string): PlannedFile => ({
    path,
    content,
    state: stateOf(existing(path), path, content, record),
  });
  for (const app of analysis.apps) {
    const container = containerNameFor(analysis, app);
    const path = join(app.dir, 'Dockerfile');
    const ours = refusingFor(app, () => generateDockerfile({ app, manifest, container }));
    const file = planned(path, ours);
    const onDisk = file.state === 'user' ? existing(path) : null;
    const userOwned = onDisk !== null && !onDisk.startsWith(GENERATED_MARK);
    // An edited copy of our own Dockerfile already has the CI layer: build it as the user left it.
    let buildDockerfile = onDisk ?? ours;
    if (userOwned) {
      const stores = app.services.map((s) => s.kind);
      buildDockerfile = refusingFor(app, () =>
        appendCiStage(onDisk, {
          manifest,
          container,
          stores,
          where: path,
          allowMusl: facts.allowMusl ?? false,
        }),
      );
    }
    // A workspace member builds from the workspace root, unless the user's own Dockerfile says otherwise.
    const contextDir = userOwned ? app.dir : app.context;
    apps.push({
      app,
      container,
      contextDir,
      buildDockerfile,
      target: userOwned ? CI_TARGET : null,
      userDockerfile: userOwned,
    });
    files.push(file);
    ignores.set(contextDir, [...(ignores.get(contextDir) ?? []), app]);
  }
  // One .dockerignore per build context: members of a workspace share the root's.
  for (const [dir, owners] of ignores)
    files.push(
      planned(
        join(dir, '.dockerignore'),
        refusingFor(owners[0]!, () => generateDockerignore(owners)),
      ),
    );
  const compose = refusingFor(null, () =>
    generateCompose(
      manifest,
      (c) => `${c}:latest`,
      (c) => {
        const a = apps.find((x) => x.container === c);
        if (!a) return null;
        return {
          context: `./${a.contextDir}`,
          ...(a.contextDir !== a.app.dir
            ? { dockerfile: join(relative(a.contextDir || '.', a.app.dir), 'Dockerfile') }
            : {}),
        };
      },
    ),
  );
  if (compose) files.push(planned('compose.yaml', compose));
  files.push(planned(MANIFEST_PATH, `${JSON.stringify(JSON.parse(canonicalJson(manifest)), null, 2)}\n`));
  const multi = analysis.apps.length > 1;
  const reasons = analysis.apps.flatMap((a) =>
    a.reasons.map((r) => ({ ...r, what: multi ? `${a.name}: ${r.what}` : r.what })),
  );
  return { project, analysis, manifest, apps, files, summary: summarize(analysis, manifest), reasons, warnings };
}

// A value a generated file cannot hold, met while writing it: refused, naming the app and where the value came from.
function refusingFor<T>(app: AppAnalysis | null, generate: () => T): T {
  try {
    return generate();
  } catch (err) {
    if (!(err instanceof UnsafeValue)) throw err;
    throw app ? refusalFor(app, err) : new ProjectValueRefused(`${err.message}. Nothing was generated`);
  }
}

function musl(env: Record<string, string | undefined>): boolean {
  try {
    return assetsAreLibcIndependent(findCiAssetsDir(env));
  } catch {
    return false;
  }
}

function summarize(analysis: ProjectAnalysis, manifest: Manifest): PlanSummary {
  const first = analysis.apps[0]!;
  const container = manifest.containers[containerNameFor(analysis, first)];
  const services = Object.keys(manifest.applications)
    .filter(
      (n) =>
        container?.applications.includes(n) ||
        !Object.values(manifest.containers).some((c) => c.applications.includes(n)) ||
        analysis.apps.length === 1,
    )
    .map((n) => ({ name: n, type: manifest.applications[n]!.type, port: manifest.applications[n]!.port }));
  return {
    language: first.language,
    framework: first.framework,
    start: first.start.join(' '),
    port: first.port,
    services,
    apps: analysis.apps.map((a) => ({
      name: a.name,
      dir: a.dir,
      language: a.language,
      framework: a.framework,
      start: a.start.join(' '),
      port: a.port,
    })),
  };
}

export { dockerName };
