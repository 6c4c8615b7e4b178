// The manifest an image carries (/opt/tekton-ci/manifest.json), read without starting anything:
// a created, never-started container hands the file out as a tar archive, then goes away.
import type Docker from 'dockerode';
import { CI_MANIFEST, type Manifest } from '../../protocol';

/** The first regular file of a tar archive (512-byte header, octal size at offset 124). */
export function firstTarFile(tar: Buffer): Buffer | null {
  if (tar.length < 512) return null;
  const size = parseInt(tar.subarray(124, 136).toString('ascii').replace(/\0.*$/, '').trim(), 8);
  if (!Number.isFinite(size) || 512 + size > tar.length) return null;
  return tar.subarray(512, 512 + size);
}

/** The image's manifest, or null when it has none or it is not JSON. */
export async function readImageManifest(docker: Docker, image: string): Promise<Manifest | null> {
  const container = await docker.createContainer({
    Image: image,
    Entrypoint: ['/nonexistent'],
    Labels: { 'tekton.transient': '1' },
  });
  try {
    const stream = (await container.getArchive({ path: CI_MANIFEST })) as unknown as NodeJS.ReadableStream;
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
    const file = firstTarFile(Buffer.concat(chunks));
    return file ? (JSON.parse(file.toString('utf8')) as Manifest) : null;
  } catch {
    return null;
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}
