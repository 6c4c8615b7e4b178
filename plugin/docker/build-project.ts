// `build`: plan, then for each app an image through the Engine API with the CI baked in. Tags
// `<container>:<hash12>` and `<container>:latest`, where hash = manifestHash(manifest, digest of the
// context). Each build is recorded in <state>/containers/builds.json and offered to Ergon.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { LABELS, manifestHash } from '../../protocol';
import { sharedStateDir } from '../tekton/shared-state';
import { baseImageBuildArgs, readBaseImageMap } from './build/base-image-map';
import { buildVersion, postToErgon, recordBuild, type BuildRecord } from './build/build-registry';
import { ensureCiAssetsImage, findCiAssetsDir } from './build/ci-assets-image';
import { listContextFiles } from './build/context-files';
import { detectBuilder } from './build/detect-builder';
import { isOfflineBuild, offlineBuildArgs } from './build/offline-args';
import { silentProgress } from './build/progress';
import { runBuild, type BuildProgress } from './build/run-build';
import { writeTar, type TarEntry } from './build/tar-writer';
import { toClassicBuilder } from './dockerfile/classic-variant';
import { CI_IMAGE_ARG } from './dockerfile/generate-dockerfile';
import { MANIFEST_PATH, planProject, type PlanOptions, type ProjectPlan } from './plan-project';
import { saveDockerMetadata } from './project/tekton-projects';

/** Path of the Dockerfile the builder puts in the context. */
export const BUILD_DOCKERFILE = '.tekton/Dockerfile.build';

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

/** Builds every app of a project. Throws BuildError / CiAssetsMissing / AnalysisError. */
export async function buildProject(options: BuildOptions = {}): Promise<{ plan: ProjectPlan; images: BuiltImage[] }> {
  const env = options.env ?? process.env;
  // Loaded on demand: dockerode (ssh2, grpc) costs ~50 ms of every aish start otherwise.
  const docker = options.docker ?? (await import('../engine/docker-client')).createDocker(env).docker;
  const progress = options.progress ?? silentProgress;
  const log = options.log ?? (() => {});
  const plan = options.plan ?? planProject(options);
  // Host-wide files: found whether the setup ran with TEKTON_ROOT or without (tekton/shared-state.ts).
  const state = sharedStateDir(env);
  const builder = await detectBuilder(docker, env);
  const assetsDir = findCiAssetsDir(env);
  log(`builder: ${builder === 'buildkit' ? 'BuildKit (Engine API, version=2)' : 'classic (no cache mounts)'}`);
  const assets = await ensureCiAssetsImage(docker, assetsDir, { buildkit: builder === 'buildkit', labels: options.labels, progress });
  log(`container CI: ${assets.tag}${assets.built ? ' (built)' : ' (cached)'}`);
  const map = readBaseImageMap(env, state);
  const manifestText = plan.files.find((f) => f.path === MANIFEST_PATH)!.content;
  const images: BuiltImage[] = [];
  for (const app of plan.apps) {
    const dockerfile = builder === 'buildkit' ? app.buildDockerfile : toClassicBuilder(app.buildDockerfile);
    // Without a .dockerignore of its own, the project is sent as `generate` would have it (no .git, node_modules...).
    const plannedIgnore = plan.files.find((f) => f.path === join(app.contextDir, '.dockerignore'))?.content;
    const files = listContextFiles(join(plan.project.root, app.contextDir), { fallbackIgnore: plannedIgnore });
    const sourcesDigest = digestEntries(files, dockerfile, assets.digest);
    const hash = manifestHash(plan.manifest, sourcesDigest);
    const hash12 = hash.slice(0, 12);
    const tag = `${app.container}:${hash12}`;
    const context = writeTar([
      ...files,
      { path: MANIFEST_PATH, content: Buffer.from(manifestText) },
      { path: BUILD_DOCKERFILE, content: Buffer.from(dockerfile) },
    ]);
    const spec = plan.manifest.containers[app.container];
    log(`building ${tag} from ${app.contextDir || '.'}${app.userDockerfile ? ' (your Dockerfile + the CI stage)' : ''}`);
    const baseArgs = baseImageBuildArgs(dockerfile, map);
    const offline = isOfflineBuild(env, baseArgs);
    if (offline) log('offline build: package indexes are not contacted (local base images, or TEKTON_OFFLINE=1)');
    const outcome = await runBuild(docker, {
      context, dockerfile: BUILD_DOCKERFILE, tag, target: app.target, noCache: options.noCache, buildkit: builder === 'buildkit', signal: options.signal,
      buildargs: { ...baseArgs, ...(offline ? offlineBuildArgs(dockerfile) : {}), [CI_IMAGE_ARG]: assets.tag },
      labels: {
        [LABELS.manifestHash]: hash, [LABELS.project]: plan.manifest.project.name, [LABELS.container]: app.container,
        [LABELS.ciName]: spec?.ci_name ?? '', [LABELS.ciVersion]: assets.digest.slice(0, 12), [LABELS.app]: app.container, ...options.labels,
      },
    }, progress);
    await docker.getImage(tag).tag({ repo: app.container, tag: 'latest' });
    const record: BuildRecord = {
      type: 'container', name: app.container, version: buildVersion(projectVersion(plan.project.root, app.contextDir), hash12),
      description: `${app.app.language}${app.app.framework ? `/${app.app.framework}` : ''} app ${plan.project.name} with its container CI`,
      source: { project_id: plan.project.projectId, location: join(plan.project.root, app.contextDir) },
      content: { manifest: plan.manifest, image: tag, image_id: outcome.imageId, tags: [tag, `${app.container}:latest`], manifest_hash: hash, built_at: new Date().toISOString(), context_dir: app.contextDir },
      tags: ['tekton', 'container-ci', app.app.language, ...(app.app.framework ? [app.app.framework] : [])],
    };
    await recordBuild(state, record);
    const ergon = await postToErgon(env, record);
    images.push({ container: app.container, image: tag, tags: [tag, `${app.container}:latest`], imageId: outcome.imageId, hash, builder, cachedSteps: outcome.cachedSteps, builtSteps: outcome.builtSteps, ergon });
  }
  if (plan.project.projectId && plan.project.projectsFile) {
    await saveDockerMetadata(plan.project.projectsFile, plan.project.projectId, { images: images.map((i) => i.image), built_at: new Date().toISOString() });
  }
  return { plan, images };
}

function digestEntries(entries: TarEntry[], dockerfile: string, assetsDigest: string): string {
  const h = createHash('sha256');
  for (const e of [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    h.update(e.path).update('\0').update(e.type ?? 'file').update(e.executable ? 'x' : '-').update(e.linkTarget ?? '').update('\0').update(e.content ?? Buffer.alloc(0)).update('\0');
  }
  return h.update(dockerfile).update('\0').update(assetsDigest).digest('hex');
}

function projectVersion(root: string, dir: string): string | null {
  const read = (f: string) => { try { return readFileSync(join(root, dir, f), 'utf8'); } catch { return null; } };
  try { const v = (JSON.parse(read('package.json') ?? '{}') as { version?: string }).version; if (v) return v; } catch { /* not JSON */ }
  return /^version\s*=\s*["']([^"']+)/m.exec(read('pyproject.toml') ?? read('Cargo.toml') ?? '')?.[1] ?? null;
}

