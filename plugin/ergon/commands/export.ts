// `ergon export k8s <image|manifest.json> [--replicas N] [--namespace NS]`: reads the manifest from
// a file, or from the image (/opt/tekton-ci/manifest.json, via a created-not-started container).
import { existsSync, readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import { CI_MANIFEST, validateManifest, type Manifest } from '../../../protocol';
import { CommandError, UsageError, type Subcommand } from '../../plugin-api';
import { exportK8s } from '../k8s-export';
import type { MakeDeps } from './ergon-deps';

/** Extracts one regular file from a tar stream's bytes (ustar: 512-byte header, octal size). */
export function firstFileOfTar(tar: Buffer): Buffer | null {
  let off = 0;
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) return null;
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 48);
    if (type === '0' || type === '\0') return tar.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return null;
}

async function manifestFromImage(docker: Docker, image: string): Promise<Manifest> {
  const container = await docker.createContainer({ Image: image, Labels: { 'tekton.export': '1' } });
  try {
    const stream = (await container.getArchive({ path: CI_MANIFEST })) as NodeJS.ReadableStream;
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const file = firstFileOfTar(Buffer.concat(chunks));
    if (!file) throw new CommandError(`Image '${image}' has no ${CI_MANIFEST}; was it built by 'aish docker build'?`);
    return JSON.parse(file.toString('utf8')) as Manifest;
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/** The `ergon export` subcommand. */
export function exportCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'export',
    summary: "Export Kubernetes YAML (Deployment + Service with probes) from an image's manifest",
    usage: 'ergon export k8s <image|manifest.json> [--replicas N] [--namespace NS]',
    options: { replicas: { type: 'string' }, namespace: { type: 'string' } },
    async run(ctx) {
      const [format, target] = ctx.args;
      if (format !== 'k8s' || !target) throw new UsageError(`usage: aish ${this.usage}`);
      let manifest: Manifest;
      if (existsSync(target)) {
        try {
          manifest = JSON.parse(readFileSync(target, 'utf8')) as Manifest;
        } catch (err) {
          throw new UsageError(`${target} is not JSON: ${(err as Error).message}`);
        }
      } else {
        const docker = await makeDeps(ctx.env).getDocker();
        try {
          manifest = await manifestFromImage(docker, target);
        } catch (err) {
          if ((err as { statusCode?: number }).statusCode === 404)
            throw new CommandError(`No image '${target}' and no file of that name`);
          throw err;
        }
      }
      const problems = validateManifest(manifest);
      if (problems.length) throw new CommandError(`The manifest of '${target}' is not valid: ${problems.join('; ')}`);
      const replicas = ctx.options.replicas === undefined ? 1 : Number(ctx.options.replicas);
      if (!Number.isInteger(replicas) || replicas < 1)
        throw new UsageError(`--replicas '${String(ctx.options.replicas)}' is not a whole number above 0`);
      const image = existsSync(target) ? `${manifest.project.name}:latest` : target;
      ctx.stdout.write(
        exportK8s(manifest, image, {
          replicas,
          ...(typeof ctx.options.namespace === 'string' ? { namespace: ctx.options.namespace } : {}),
        }),
      );
      return 0;
    },
  };
}
