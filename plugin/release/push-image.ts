// Pushes a local image to a registry under several tags and returns the digest the registry
// answered with (the aux line of the push stream), so later stages can pull the exact content.
import type Docker from 'dockerode';
import { readProgress } from './engine-stream';

/** A push the registry refused or that never reached it; `message` is the registry's or engine's own. */
export class PushError extends Error {
  override name = 'PushError';
}

/** What one push did. */
export interface PushResult {
  repository: string;
  tags: string[];
  digest: string;
  size: number | null;
}

/** Tags `image` as `<registry>/<repository>:<tag>` for each tag and pushes them; resolves the digest. */
export async function pushImage(
  docker: Docker,
  opts: { image: string; registry: string; repository: string; tags: string[] },
): Promise<PushResult> {
  const target = `${opts.registry}/${opts.repository}`;
  let digest: string | null = null;
  let size: number | null = null;
  for (const tag of opts.tags) {
    await docker.getImage(opts.image).tag({ repo: target, tag });
    let lines;
    try {
      const stream = (await docker.getImage(`${target}:${tag}`).push({ tag })) as unknown as NodeJS.ReadableStream;
      lines = await readProgress(stream);
    } catch (err) {
      throw new PushError(`Pushing ${target}:${tag} failed: ${(err as Error).message}`, { cause: err });
    }
    const aux = lines.find((l) => l.aux?.Digest)?.aux;
    if (!aux?.Digest) throw new PushError(`Pushing ${target}:${tag} ended without a digest from ${opts.registry}`);
    if (digest && aux.Digest !== digest)
      throw new PushError(
        `${opts.registry} gave ${target}:${tag} digest ${aux.Digest}, not ${digest} as for the other tags`,
      );
    digest = aux.Digest;
    size = aux.Size ?? null;
  }
  if (!digest) throw new PushError('Nothing to push: no tags were given');
  return { repository: opts.repository, tags: opts.tags, digest, size };
}
