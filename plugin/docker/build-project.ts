// `build`: plan, then for each app an image through the Engine API with the CI baked in. Tags
// `<container>:<hash12>` and `<container>:latest`, where hash = manifestHash(manifest, digest of the
// context). Each build is recorded in <state>/containers/builds.json and offered to Ergon.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { sharedStateDir } from '../tekton/shared-state';
import { parseMapEnv, readBaseImageMap } from './build/base-image-map';
import { BUILD_DOCKERFILE, planBuild, type PlannedBuild } from './build/build-plan';
import { buildVersion, postToErgon, recordBuild, type BuildRecord } from './build/build-registry';
import { ciAssetsIdentity, ensureCiAssetsImage, findCiAssetsDir } from './build/ci-assets-image';
import { listContextFiles } from './build/context-files';
import { detectBuilder } from './build/detect-builder';
import { ensureStandIns, namedBaseImages } from './build/ensure-stand-ins';
import { isUnavailable, resolveStandIn } from './build/stand-in-bases';
import { isOfflineBuild } from './build/offline-args';
import { engineIsLocal, packageEnvironment } from './build/package-environment';
import { silentProgress } from './build/progress';
import { runBuild, type BuildProgress } from './build/run-build';
import { writeTar, type TarEntry } from './build/tar-writer';
import { MANIFEST_PATH, planProject, type AppPlan, type PlanOptions, type ProjectPlan } from './plan-project';
import { readTextInside } from './project/inside-project';
import { saveDockerMetadata } from './project/tekton-projects';

/** Path of the Dockerfile the builder puts in the context. */
export { BUILD_DOCKERFILE } from './build/build-plan';

/** Options of buildProject. */
export interface BuildOptions extends PlanOptions {
  docker?: Docker;
  progress?: BuildProgress;
  /** Extra labels on every image (tests add tekton.test=1). */
  labels?: Record<string, string>;
  signal?: AbortSignal;
  /** A plan made earlier (else one is made here). */
  plan?: ProjectPlan;
  /** Build without the layer cache (benchmarks' cold build). */
  noCache?: boolean;
  /** Called as each phase starts (plain text, for the command's output). */
  log?: (line: string) => void;
}

/** One built image. */
export interface BuiltImage {
  container: string;
  image: string;
  tags: string[];
  imageId: string;
  hash: string;
  builder: 'buildkit' | 'classic';
  cachedSteps: string[];
  builtSteps: string[];
  ergon: boolean;
}

/** What a build will do, app by app, computed without an engine (`build --dry-run`). */
export function planBuilds(
  options: BuildOptions = {},
  ctx: {
    builder?: 'buildkit' | 'classic';
    assets?: { tag: string; digest: string };
    standIns?: Record<string, string>;
  } = {},
): { plan: ProjectPlan; builds: PlannedApp[] } {
  const env = options.env ?? process.env;
  const plan = options.plan ?? planProject(options);
  const builder = ctx.builder ?? (env.TEKTON_BUILDER === 'classic' ? 'classic' : 'buildkit');
  const assets = ctx.assets ?? ciAssetsIdentity(findCiAssetsDir(env));
  // Stand-ins (made by the build, or the ones it would make) win over the setup's preinstalled offline bases.
  const standIns = ctx.standIns ?? (isOfflineBuild(env, builder) ? {} : wouldUse(plan));
  const map = {
    ...readBaseImageMap({}, sharedStateDir(env)),
    ...standIns,
    ...parseMapEnv(env.TEKTON_BASE_IMAGE_MAP ?? ''),
  };
  const packageEnv = isOfflineBuild(env, builder)
    ? null
    : packageEnvironment({ env, engineIsLocal: engineIsLocal(env), readFile: readOrNull });
  const manifestText = plan.files.find((f) => f.path === MANIFEST_PATH)!.content;
  const builds = plan.apps.map((app) => {
    // Without a .dockerignore of its own, the project is sent as `generate` would have it (no .git, node_modules...).
    const plannedIgnore = plan.files.find((f) => f.path === join(app.contextDir, '.dockerignore'))?.content;
    const files = listContextFiles(join(plan.project.root, app.contextDir), {
      fallbackIgnore: plannedIgnore,
      projectRoot: plan.project.root,
    });
    const planned = planBuild({
      app,
      manifest: plan.manifest,
      files,
      builder,
      assets,
      baseImageMap: map,
      env,
      packageEnv,
      labels: options.labels,
    });
    const context: TarEntry[] = [
      ...files,
      { path: MANIFEST_PATH, content: Buffer.from(manifestText) },
      { path: BUILD_DOCKERFILE, content: Buffer.from(planned.plan.dockerfile) },
    ];
    return { app, ...planned, context };
  });
  return { plan, builds };
}

/** One app's planned build with the values the executor needs. */
export interface PlannedApp extends PlannedBuild {
  app: AppPlan;
  context: TarEntry[];
}

/** Builds every app of a project. Throws BuildError / CiAssetsMissing / AnalysisError. */
export async function buildProject(options: BuildOptions = {}): Promise<{ plan: ProjectPlan; images: BuiltImage[] }> {
  const env = options.env ?? process.env;
  // Loaded on demand: dockerode (ssh2, grpc) costs ~50 ms of every aish start otherwise.
  const docker = options.docker ?? (await import('../engine/docker-client')).createDocker(env).docker;
  const progress = options.progress ?? silentProgress;
  const log = options.log ?? (() => {});
  // Host-wide files: found whether the setup ran with TEKTON_ROOT or without (tekton/shared-state.ts).
  const state = sharedStateDir(env);
  const builder = await detectBuilder(docker, env);
  const assetsDir = findCiAssetsDir(env);
  log(`builder: ${builder === 'buildkit' ? 'BuildKit (Engine API, version=2)' : 'classic (no cache mounts)'}`);
  const assets = await ensureCiAssetsImage(docker, assetsDir, {
    buildkit: builder === 'buildkit',
    labels: options.labels,
    progress,
  });
  log(`container CI: ${assets.tag}${assets.built ? ' (built)' : ' (cached)'}`);
  const plan = options.plan ?? planProject(options);
  // Every base the Dockerfiles name must exist (or get its stand-in) before any build starts.
  const named = [...new Set(plan.apps.flatMap((a) => namedBaseImages(a.buildDockerfile)))];
  const used = await ensureStandIns(
    { docker, env, stateDir: state, offline: isOfflineBuild(env, builder), log, progress },
    named,
    readBaseImageMap({}, state),
    parseMapEnv(env.TEKTON_BASE_IMAGE_MAP ?? ''),
  );
  for (const [from, to] of Object.entries(used)) log(`base image ${from}: using the local stand-in ${to}`);
  const { builds } = planBuilds({ ...options, plan }, { builder, assets, standIns: used });
  const images: BuiltImage[] = [];
  for (const { app, plan: b, buildargs, secrets, context } of builds) {
    const tag = b.tags[0]!;
    log(
      `building ${tag} from ${app.contextDir || '.'}${app.userDockerfile ? ' (your Dockerfile + the CI stage)' : ''}`,
    );
    if (b.offline)
      log(
        `offline build (${builder === 'classic' && env.TEKTON_OFFLINE === undefined ? 'the classic builder has no secrets for the package environment' : 'TEKTON_OFFLINE=1'}): package indexes are not contacted`,
      );
    else if (b.secrets.length)
      log(
        `package environment: ${b.caSource ? `CA from ${b.caSource}` : 'no CA'}${b.packageSettings.length ? `, ${b.packageSettings.join(', ')}` : ''} (BuildKit secrets, not stored in the image)`,
      );
    const outcome = await runBuild(
      docker,
      {
        context: writeTar(context),
        dockerfile: b.dockerfilePath,
        tag,
        target: b.target,
        noCache: options.noCache,
        buildkit: builder === 'buildkit',
        signal: options.signal,
        buildargs,
        secrets,
        offline: b.offline,
        labels: b.labels,
      },
      progress,
    );
    await docker.getImage(tag).tag({ repo: app.container, tag: 'latest' });
    const hash = b.hash;
    const hash12 = hash.slice(0, 12);
    const record: BuildRecord = {
      type: 'container',
      name: app.container,
      version: buildVersion(projectVersion(plan.project.root, app.contextDir), hash12),
      description: `${app.app.language}${app.app.framework ? `/${app.app.framework}` : ''} app ${plan.project.name} with its container CI`,
      source: { project_id: plan.project.projectId, location: join(plan.project.root, app.contextDir) },
      content: {
        manifest: plan.manifest,
        image: tag,
        image_id: outcome.imageId,
        tags: b.tags,
        manifest_hash: hash,
        built_at: new Date().toISOString(),
        context_dir: app.contextDir,
      },
      tags: ['tekton', 'container-ci', app.app.language, ...(app.app.framework ? [app.app.framework] : [])],
    };
    await recordBuild(state, record);
    const ergon = await postToErgon(env, record);
    images.push({
      container: app.container,
      image: tag,
      tags: b.tags,
      imageId: outcome.imageId,
      hash,
      builder,
      cachedSteps: outcome.cachedSteps,
      builtSteps: outcome.builtSteps,
      ergon,
    });
  }
  if (plan.project.projectId && plan.project.projectsFile) {
    await saveDockerMetadata(plan.project.projectsFile, plan.project.projectId, {
      images: images.map((i) => i.image),
      built_at: new Date().toISOString(),
    });
  }
  return { plan, images };
}

function wouldUse(plan: ProjectPlan): Record<string, string> {
  const out: Record<string, string> = {};
  for (const image of plan.apps.flatMap((a) => namedBaseImages(a.buildDockerfile))) {
    const s = resolveStandIn(image);
    if (s && !isUnavailable(s)) out[image] = s.tag;
  }
  return out;
}

function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

function projectVersion(root: string, dir: string): string | null {
  const read = (f: string) => readTextInside(root, join(dir, f));
  try {
    const v = (JSON.parse(read('package.json') ?? '{}') as { version?: string }).version;
    if (v) return v;
  } catch {
    /* not JSON */
  }
  return /^version\s*=\s*["']([^"']+)/m.exec(read('pyproject.toml') ?? read('Cargo.toml') ?? '')?.[1] ?? null;
}
