// Offline base images: tekton-local/debian:bookworm from debootstrap (minbase) + `docker import`,
// then the derived bases from scripts/base-images/*.Dockerfile. Built once: an image whose
// `tekton.base.hash` label matches its recipe is reused. Images that exist under the name (or a
// `:build` tag) but carry no label, e.g. made by hand before this setup existed, are adopted:
// labelled in place, not rebuilt.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { hostDebianMirror } from './host-packages';
import { runCommand } from './run-command';
import { say } from './say';

/** Label holding the hash of the recipe an image was built from. */
export const HASH_LABEL = 'tekton.base.hash';
/** The imported minbase every other local base derives from. */
export const DEBIAN_BASE = 'tekton-local/debian:bookworm';

/** One local base image and how to make it. */
export interface BaseSpec {
  tag: string;
  /** Dockerfile under scripts/base-images, or null for the debootstrap import. */
  dockerfile: string | null;
  /** A failure only warns (the image is only needed for projects of that language). */
  optional?: boolean;
}

/** The local bases, in build order. */
export const BASE_SPECS: readonly BaseSpec[] = [
  { tag: DEBIAN_BASE, dockerfile: null },
  { tag: 'tekton-local/debian-slim:bookworm', dockerfile: 'debian-slim.Dockerfile' },
  { tag: 'tekton-local/python:3.11', dockerfile: 'python.Dockerfile' },
  { tag: 'tekton-local/node:18', dockerfile: 'node.Dockerfile' },
  { tag: 'tekton-local/go:1.19', dockerfile: 'go.Dockerfile', optional: true },
];

/** What the base-image step needs. */
export interface BaseImageContext {
  docker: Docker;
  root: string;
  cacheDir: string;
}

/** Makes sure every base image exists with its current recipe; returns the tags that exist after. */
export async function ensureBaseImages(ctx: BaseImageContext): Promise<string[]> {
  const ready: string[] = [];
  for (const spec of BASE_SPECS) {
    try {
      await ensureOne(ctx, spec);
      ready.push(spec.tag);
    } catch (error) {
      if (!spec.optional) throw error;
      say(
        `warning: ${spec.tag} could not be built, projects that need it will not build offline: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return ready;
}

async function ensureOne(ctx: BaseImageContext, spec: BaseSpec): Promise<void> {
  const recipe = spec.dockerfile
    ? readFileSync(join(ctx.root, 'scripts', 'base-images', spec.dockerfile), 'utf8')
    : `debootstrap --variant=minbase bookworm`;
  const hash = createHash('sha256').update(recipe).digest('hex').slice(0, 16);
  let labels = await imageLabels(ctx.docker, spec.tag);
  if (labels === null) {
    const buildTag = spec.tag.replace(/:[^:]+$/, ':build');
    if ((await imageLabels(ctx.docker, buildTag)) !== null) {
      say(`tagging ${buildTag} as ${spec.tag}`);
      await ctx.docker.getImage(buildTag).tag({ repo: spec.tag.split(':')[0]!, tag: spec.tag.split(':')[1]! });
      labels = await imageLabels(ctx.docker, spec.tag);
    }
  }
  if (labels !== null && labels[HASH_LABEL] === hash) return;
  if (labels !== null && labels[HASH_LABEL] === undefined) {
    say(`adopting the existing ${spec.tag} (labelling it ${HASH_LABEL}=${hash})`);
    await runCommand('docker', ['build', '-q', '-t', spec.tag, '--label', `${HASH_LABEL}=${hash}`, '-'], {
      input: `FROM ${spec.tag}\n`,
      logFile: join(ctx.cacheDir, 'adopt.log'),
    });
    return;
  }
  const log = join(ctx.cacheDir, `${spec.tag.replace(/[/:]/g, '_')}.log`);
  say(`building ${spec.tag} (once; log: ${log})`);
  if (spec.dockerfile === null) await importDebian(ctx, { hash, log, tag: spec.tag });
  else {
    await runCommand(
      'docker',
      [
        'build',
        '-t',
        spec.tag,
        '--label',
        `${HASH_LABEL}=${hash}`,
        '--build-arg',
        `DEBIAN_BASE=${DEBIAN_BASE}`,
        '-f',
        join(ctx.root, 'scripts', 'base-images', spec.dockerfile),
        join(ctx.root, 'scripts', 'base-images'),
      ],
      { logFile: log },
    );
  }
  say(`built ${spec.tag}`);
}

/** debootstraps bookworm (minbase) into the cache, once, and imports it as `tag`. */
export async function importDebian(
  ctx: BaseImageContext,
  { hash, log, tag }: { hash: string; log: string; tag: string },
): Promise<void> {
  const rootfs = join(ctx.cacheDir, 'debootstrap-bookworm');
  const done = join(ctx.cacheDir, 'debootstrap-bookworm.done');
  if (!existsSync(done)) {
    rmSync(rootfs, { recursive: true, force: true });
    await runCommand('debootstrap', ['--variant=minbase', 'bookworm', rootfs, hostDebianMirror()], { logFile: log });
    writeFileSync(done, `${new Date().toISOString()}\n`);
  }
  // tar | docker import, through a shell pipe: the rootfs is ~200 MB and needs no buffering here.
  await runCommand(
    'sh',
    [
      '-c',
      `tar -C '${rootfs}' -c . | docker import --change 'LABEL ${HASH_LABEL}=${hash}' --change 'CMD ["/bin/bash"]' - ${tag}`,
    ],
    { logFile: log },
  );
}

/** Labels of an image, {} when it has none, null when it does not exist (404). */
export async function imageLabels(docker: Docker, tag: string): Promise<Record<string, string> | null> {
  try {
    const info = await docker.getImage(tag).inspect();
    return info.Config?.Labels ?? {};
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
}
