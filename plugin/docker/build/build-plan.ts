// The build request of one app as a value, computed before Docker is called (pure): context
// digest, Dockerfile text, build arguments and secrets by name, labels, target and tags. `aish docker
// build --dry-run` prints it; buildProject executes it. Values of secrets and proxy arguments stay
// out of the plan: it may be printed, logged or stored.
import { createHash } from 'node:crypto';
import { LABELS, manifestHash, type Manifest } from '../../../protocol';
import { toClassicBuilder } from '../dockerfile/classic-variant';
import { CI_IMAGE_ARG } from '../dockerfile/generate-dockerfile';
import { CREDENTIAL_SECRET_IDS } from '../dockerfile/package-env';
import type { AppPlan } from '../plan-project';
import { baseImageBuildArgs, type BaseImageMap } from './base-image-map';
import { namedBaseImages } from './ensure-stand-ins';
import { isOfflineBuild, offlineBuildArgs } from './offline-args';
import { isUnavailable, resolveStandIn } from './stand-in-bases';
import type { PackageEnvironment } from './package-environment';
import type { TarEntry } from './tar-writer';

/** Path of the Dockerfile the builder puts in the context. */
export const BUILD_DOCKERFILE = '.tekton/Dockerfile.build';

/** One app's build, as printed by `build --dry-run --json`. */
export interface BuildPlan {
  container: string;
  contextDir: string;
  /** sha256 of the context files, the Dockerfile and the CI assets. */
  contextDigest: string;
  /** manifestHash(manifest, contextDigest): the image's identity. */
  hash: string;
  tags: string[];
  target: string | null;
  builder: 'buildkit' | 'classic';
  dockerfilePath: string;
  dockerfile: string;
  /** Base images the Dockerfile names → what the build uses (the base-image map). */
  baseImages: Record<string, string>;
  /** Build argument names (values of proxies are not shown). */
  buildArgs: string[];
  /** BuildKit secret names. */
  secrets: string[];
  /** Names of the package settings passed to dependency steps. */
  packageSettings: string[];
  /** Where the CA bundle comes from, or null. */
  caSource: string | null;
  offline: boolean;
  labels: Record<string, string>;
  /** Named images the map does not cover: the stand-in used when the engine lacks them, or why none can be had. */
  standIns: Array<{ image: string; standIn: string | null; note: string | null }>;
}

/** What planBuild needs (all values, no engine). */
export interface BuildPlanInput {
  app: AppPlan;
  manifest: Manifest;
  files: TarEntry[];
  builder: 'buildkit' | 'classic';
  assets: { tag: string; digest: string };
  baseImageMap: BaseImageMap;
  env: Record<string, string | undefined>;
  /** The package environment (null when offline or none). */
  packageEnv: PackageEnvironment | null;
  labels?: Record<string, string>;
}

/** The plan and the argument values the executor passes along with it. */
export interface PlannedBuild {
  plan: BuildPlan;
  buildargs: Record<string, string>;
  secrets: Record<string, Buffer>;
}

/** Computes one app's build request. */
export function planBuild(i: BuildPlanInput): PlannedBuild {
  const { app } = i;
  const dockerfile = i.builder === 'buildkit' ? app.buildDockerfile : toClassicBuilder(app.buildDockerfile);
  const contextDigest = digestEntries(i.files, dockerfile, i.assets.digest);
  const hash = manifestHash(i.manifest, contextDigest);
  const tag = `${app.container}:${hash.slice(0, 12)}`;
  const baseArgs = baseImageBuildArgs(dockerfile, i.baseImageMap);
  const offline = isOfflineBuild(i.env, i.builder);
  const pkg = offline || i.builder === 'classic' ? null : withoutCredentialsFor(app, i.packageEnv);
  const buildargs = {
    ...baseArgs,
    ...(offline ? offlineBuildArgs(dockerfile) : {}),
    ...(pkg?.buildargs ?? {}),
    [CI_IMAGE_ARG]: i.assets.tag,
  };
  const spec = i.manifest.containers[app.container];
  const labels = {
    [LABELS.manifestHash]: hash,
    [LABELS.project]: i.manifest.project.name,
    [LABELS.container]: app.container,
    [LABELS.ciName]: spec?.ci_name ?? '',
    [LABELS.ciVersion]: i.assets.digest.slice(0, 12),
    [LABELS.app]: app.container,
    ...i.labels,
  };
  const baseImages: Record<string, string> = {};
  for (const m of dockerfile.matchAll(/^ARG (\w+)=["']?([^"'\s]+)["']?$/gm))
    if (baseArgs[m[1]!]) baseImages[m[2]!] = baseArgs[m[1]!]!;
  const standIns = namedBaseImages(dockerfile)
    .filter((image) => !i.baseImageMap[image])
    .flatMap((image) => {
      const s = resolveStandIn(image);
      if (!s) return [];
      return [isUnavailable(s) ? { image, standIn: null, note: s.reason } : { image, standIn: s.tag, note: s.note }];
    });
  const plan: BuildPlan = {
    container: app.container,
    contextDir: app.contextDir,
    contextDigest,
    hash,
    tags: [tag, `${app.container}:latest`],
    target: app.target,
    builder: i.builder,
    dockerfilePath: BUILD_DOCKERFILE,
    dockerfile,
    baseImages,
    buildArgs: Object.keys(buildargs).sort(),
    secrets: Object.keys(pkg?.secrets ?? {}).sort(),
    packageSettings: pkg?.settings ?? [],
    caSource: pkg?.caSource ?? null,
    offline,
    labels,
    standIns,
  };
  return { plan, buildargs, secrets: pkg?.secrets ?? {} };
}

// A project's own Dockerfile is the project's code: any RUN in it can mount a secret by its public
// id and copy it into a layer (docs/security.md, boundary 4). Only the stages we generate use the
// index credentials, so a user's Dockerfile is built with the CA and the mirror settings alone.
function withoutCredentialsFor(app: AppPlan, pkg: PackageEnvironment | null): PackageEnvironment | null {
  if (!pkg || !app.userDockerfile) return pkg;
  const secrets = Object.fromEntries(Object.entries(pkg.secrets).filter(([id]) => !CREDENTIAL_SECRET_IDS.has(id)));
  return { ...pkg, secrets };
}

/** Digest of the context entries (sorted), the Dockerfile and the CI assets. */
export function digestEntries(entries: TarEntry[], dockerfile: string, assetsDigest: string): string {
  const h = createHash('sha256');
  for (const e of [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    h.update(e.path)
      .update('\0')
      .update(e.type ?? 'file')
      .update(e.executable ? 'x' : '-')
      .update(e.linkTarget ?? '')
      .update('\0');
    h.update(e.content ?? Buffer.alloc(0)).update('\0');
  }
  return h.update(dockerfile).update('\0').update(assetsDigest).digest('hex');
}
