// `docker push` as a plan and its execution: which local images a path, project or image name
// means, the tags each goes under (manifest hash, and the git commit when the project is a git
// repository), then the push and its record in releases.json.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type Docker from 'dockerode';
import { LABELS, type Lifecycle, type Manifest } from '../../protocol';
import { readBuilds, type BuildRecord } from '../docker/build/build-registry';
import { resolveProject } from '../docker/project/resolve-project';
import { readImageManifest } from './image-manifest';
import { lifecycleOf } from './lifecycle';
import { pushImage } from './push-image';
import { updateReleases, type PushRecord } from './release-store';

/** One image to push. */
export interface PushItem {
  app: string;
  image: string;
  repository: string;
  tags: string[];
  manifestHash: string | null;
  gitCommit: string | null;
  lifecycle: Lifecycle | null;
}

/** The registry to push to: --registry, TEKTON_REGISTRY, the manifest's packaging.registry, else the setup's loopback one. */
export function registryFor(
  option: string | undefined,
  env: Record<string, string | undefined>,
  manifest: Manifest | null,
): string {
  const registry = option || env.TEKTON_REGISTRY || manifest?.packaging.registry || '127.0.0.1:5000';
  if (!/^[a-z0-9.-]+(?::\d{1,5})?$|^\[[0-9a-f:]+\](?::\d{1,5})?$/i.test(registry)) {
    throw new Error(`'${registry}' is not a registry address: give HOST[:PORT], e.g. 127.0.0.1:5000`);
  }
  return registry;
}

/** The commit checked out in `dir`, or null when it is not a git work tree (or has no commit yet). */
export function gitCommitOf(dir: string): string | null {
  try {
    return (
      execFileSync('git', ['-C', dir, 'rev-parse', '--verify', 'HEAD'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() || null
    );
  } catch {
    return null;
  }
}

/** The tags an image goes under: its 12-digit manifest hash, and `git-<12 digits>` of the commit. */
export function pushTags(manifestHash: string | null, gitCommit: string | null, fallbackTag: string | null): string[] {
  const tags = [manifestHash ? manifestHash.slice(0, 12) : fallbackTag].filter((t): t is string => Boolean(t));
  if (gitCommit) tags.push(`git-${gitCommit.slice(0, 12)}`);
  return tags;
}

function readManifestFile(dir: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(join(dir, '.tekton', 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

function itemOf(record: BuildRecord, labels: Record<string, string>, projectManifest: Manifest | null): PushItem {
  const [repository, tag] = [
    record.content.image.replace(/:[^/:]+$/, ''),
    record.content.image.split(':').pop() ?? null,
  ];
  const dir = record.source.location;
  const gitCommit = dir && existsSync(dir) ? gitCommitOf(dir) : null;
  // The lifecycle is deployment configuration (outside the image hash): the project's current file wins.
  const lifecycle = projectManifest?.lifecycle ?? record.content.manifest.lifecycle ?? null;
  return {
    app: labels[LABELS.container] ?? labels[LABELS.project] ?? repository,
    image: record.content.image,
    repository,
    tags: pushTags(record.content.manifest_hash, gitCommit, tag),
    manifestHash: record.content.manifest_hash,
    gitCommit,
    lifecycle: lifecycle ? lifecycleOf(lifecycle) : null,
  };
}

/** What `docker push <target>` means: the newest build of each image of a project, or one image. */
export async function planPush(
  docker: Docker,
  target: string | undefined,
  env: Record<string, string | undefined>,
  stateDir: string,
  cwd = process.cwd(),
): Promise<PushItem[]> {
  const builds = readBuilds(stateDir);
  const asPath = resolve(cwd, target ?? '.');
  const isProject =
    !target ||
    (existsSync(asPath) && statSync(asPath).isDirectory()) ||
    (!/[:/@]/.test(target) && !builds.some((b) => b.content.image.startsWith(`${target}:`)));
  if (isProject) {
    const project = resolveProject(target, env, cwd);
    const mine = builds.filter((b) => {
      const at = resolve(b.source.location);
      return at === project.root || at.startsWith(`${project.root}/`);
    });
    if (!mine.length)
      throw new Error(
        `No build of ${project.root} is recorded: build it first with 'aish docker build ${target ?? '.'}'`,
      );
    const newest = new Map<string, BuildRecord>();
    for (const b of mine) newest.set(b.name, b);
    const manifest = readManifestFile(project.root);
    const items: PushItem[] = [];
    for (const record of newest.values()) {
      const info = await docker
        .getImage(record.content.image)
        .inspect()
        .catch(() => null);
      if (!info)
        throw new Error(
          `The recorded image ${record.content.image} is no longer on this engine: build it again with 'aish docker build ${target ?? '.'}'`,
        );
      items.push(itemOf(record, info.Config?.Labels ?? {}, manifest));
    }
    return items;
  }
  const info = await docker
    .getImage(target!)
    .inspect()
    .catch(() => null);
  if (!info)
    throw new Error(
      `No image '${target}' on this engine: build it with 'aish docker build <project>' or give a project folder`,
    );
  const labels = info.Config?.Labels ?? {};
  const record = builds.filter((b) => b.content.image === target || b.content.image_id === info.Id).at(-1);
  if (record)
    return [
      itemOf(record, labels, existsSync(record.source.location) ? readManifestFile(record.source.location) : null),
    ];
  const repository = target!
    .split('@')[0]!
    .replace(/:[^/:]+$/, '')
    .split('/')
    .pop()!;
  const hash = labels[LABELS.manifestHash] ?? null;
  const baked = await readImageManifest(docker, target!);
  return [
    {
      app: labels[LABELS.container] ?? labels[LABELS.project] ?? repository,
      image: target!,
      repository,
      tags: pushTags(hash, null, target!.includes(':') ? target!.split(':').pop()! : 'latest'),
      manifestHash: hash,
      gitCommit: null,
      lifecycle: baked?.lifecycle ? lifecycleOf(baked.lifecycle) : null,
    },
  ];
}

/** Pushes every item and records it; resolves the records. */
export async function pushAndRecord(
  docker: Docker,
  items: PushItem[],
  registry: string,
  stateDir: string,
  now: () => Date = () => new Date(),
): Promise<PushRecord[]> {
  const records: PushRecord[] = [];
  for (const item of items) {
    const result = await pushImage(docker, {
      image: item.image,
      registry,
      repository: item.repository,
      tags: item.tags,
    });
    records.push({
      app: item.app,
      image: item.image,
      registry,
      repository: item.repository,
      tags: result.tags,
      digest: result.digest,
      manifest_hash: item.manifestHash,
      git_commit: item.gitCommit,
      lifecycle: item.lifecycle,
      pushed_at: now().toISOString(),
    });
  }
  await updateReleases(stateDir, (file) => {
    file.pushes.push(...records);
  });
  return records;
}
