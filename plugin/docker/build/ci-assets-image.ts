// The container CI as an image of its own (FROM scratch: dist/tekton-ci, whose ci-tool.js holds the
// relay and the HEALTHCHECK). Generated Dockerfiles copy it with `COPY --from`, so the 100 MB of CI
// never enters the app's build context or its `COPY . .`, and its layer is the same in every image.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { CI_IMAGE_DEFAULT } from '../dockerfile/generate-dockerfile';
import { runBuild, type BuildProgress } from './run-build';
import { writeTar, type TarEntry } from './tar-writer';

/** Repository of the assets image. */
export const CI_ASSETS_REPO = 'tekton-ci-assets';

/** Error when the CI assets are missing. */
export class CiAssetsMissing extends Error {
  override name = 'CiAssetsMissing';
}

/** The dist/tekton-ci directory: TEKTON_CI_ASSETS_DIR, else next to the bundle or in the checkout. */
export function findCiAssetsDir(env: Record<string, string | undefined>): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    env.TEKTON_CI_ASSETS_DIR,
    join(here, 'tekton-ci'),
    resolve(here, '..', '..', '..', 'dist', 'tekton-ci'),
    resolve(here, '..', 'dist', 'tekton-ci'),
  ].filter(Boolean) as string[];
  const found = candidates.find((c) => existsSync(join(c, 'ci-runtime.js')));
  if (!found) {
    throw new CiAssetsMissing(
      `The container CI assets (ci-runtime.js, node, tini) were not found in ${candidates.join(', ')}: run \`npx tsx scripts/build-ci-assets.ts\` (or \`npm run bundle\`), or set TEKTON_CI_ASSETS_DIR`,
    );
  }
  return found;
}

/** True when the assets carry their own loader and libc (so Alpine/musl bases can run them). */
export function assetsAreLibcIndependent(dir: string): boolean {
  return existsSync(join(dir, 'lib', 'ld-linux-x86-64.so.2')) && existsSync(join(dir, 'lib', 'libc.so.6'));
}

/** Every file of the assets directory as tar entries under `assets/`. */
function assetEntries(dir: string): TarEntry[] {
  const out: TarEntry[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = statSync(join(dir, r));
      if (st.isDirectory()) walk(r);
      else if (st.isFile() && !name.startsWith('.inputs'))
        out.push({ path: `assets/${r}`, content: readFileSync(join(dir, r)), executable: (st.mode & 0o111) !== 0 });
    }
  };
  walk('');
  return out;
}

/** Digest and tag of the assets image for `dir`, without an engine (the build plan names it). */
export function ciAssetsIdentity(dir: string, entries = assetEntries(dir)): { tag: string; digest: string } {
  const hash = createHash('sha256');
  for (const e of entries)
    hash
      .update(e.path)
      .update('\0')
      .update(e.executable ? 'x' : '-')
      .update(e.content ?? Buffer.alloc(0));
  const digest = hash.digest('hex');
  return { tag: `${CI_ASSETS_REPO}:${digest.slice(0, 12)}`, digest };
}

/** The assets image for `dir`: built when missing; returns its content tag. */
export async function ensureCiAssetsImage(
  docker: Docker,
  dir: string,
  opts: { buildkit: boolean; labels?: Record<string, string>; progress: BuildProgress },
): Promise<{ tag: string; built: boolean; digest: string }> {
  const entries = assetEntries(dir);
  const { tag, digest } = ciAssetsIdentity(dir, entries);
  const [repo, defaultTag] = CI_IMAGE_DEFAULT.split(':') as [string, string];
  try {
    await docker.getImage(tag).inspect();
    await docker.getImage(tag).tag({ repo, tag: defaultTag });
    return { tag, built: false, digest };
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
  entries.push({ path: 'Dockerfile', content: Buffer.from('FROM scratch\nCOPY assets/ /\n') });
  await runBuild(
    docker,
    {
      context: writeTar(entries),
      dockerfile: 'Dockerfile',
      tag,
      buildargs: {},
      buildkit: opts.buildkit,
      labels: { 'tekton.ci.assets': digest, ...opts.labels },
    },
    opts.progress,
  );
  await docker.getImage(tag).tag({ repo, tag: defaultTag });
  return { tag, built: true, digest };
}
