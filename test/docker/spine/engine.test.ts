// The real engine, end to end: build a tiny image from the local Debian base through dockerode,
// run it, hold a conversation with it over its stdin/stdout, remove it, and check nothing is left.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';

const docker = new Docker();
const TEST_LABEL = { 'tekton.test': '1' };
const tag = `tekton-test/spine-engine:${process.pid}-${Date.now()}`;
const made: { container?: string; dir?: string } = {};

const DOCKERFILE = `FROM tekton-local/debian:bookworm
RUN printf '#!/bin/bash\\nwhile read -r line; do echo "echo: $line"; done\\necho bye\\n' > /usr/local/bin/echoer \\
 && chmod +x /usr/local/bin/echoer
CMD ["/usr/local/bin/echoer"]
`;

/** Builds and returns the error lines of the build stream (errors arrive inside it, not as a rejection). */
async function build(dir: string): Promise<string[]> {
  const stream = await docker.buildImage(
    { context: dir, src: ['Dockerfile'] },
    { t: tag, labels: TEST_LABEL, rm: true, forcerm: true },
  );
  const events = await new Promise<Array<{ error?: string }>>((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, out: Array<{ error?: string }>) =>
      err ? reject(err) : resolve(out),
    ),
  );
  return events.filter((e) => e.error).map((e) => e.error!);
}

/** Collects a stream's text; `until` resolves once it contains the text (the stream stays open). */
function collect(stream: PassThrough) {
  let seen = '';
  const waiting: Array<() => void> = [];
  stream.on('data', (chunk) => {
    seen += String(chunk);
    for (const wake of waiting.splice(0)) wake();
  });
  return {
    async until(text: string): Promise<string> {
      while (!seen.includes(text)) await new Promise<void>((resolve) => waiting.push(resolve));
      return seen;
    },
  };
}

describe('Docker engine', () => {
  afterAll(async () => {
    if (made.container)
      await docker
        .getContainer(made.container)
        .remove({ force: true })
        .catch(() => undefined);
    await docker
      .getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
    if (made.dir) rmSync(made.dir, { recursive: true, force: true });
  });

  it('builds from the local base, runs, answers, and is removed without leftovers', async () => {
    made.dir = mkdtempSync(join(tmpdir(), 'spine-engine-'));
    writeFileSync(join(made.dir, 'Dockerfile'), DOCKERFILE);
    expect(await build(made.dir)).toEqual([]);
    const image = await docker.getImage(tag).inspect();
    expect(image.Config.Labels).toMatchObject(TEST_LABEL);

    const container = await docker.createContainer({
      Image: tag,
      Labels: TEST_LABEL,
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      HostConfig: { NetworkMode: 'none' },
    });
    made.container = container.id;
    const io = await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    docker.modem.demuxStream(io, stdout, stderr);
    const out = collect(stdout);
    await container.start();

    io.write('hello container\n');
    expect(await out.until('echo: hello container')).toContain('echo: hello container');
    io.write('second line\n');
    expect(await out.until('echo: second line')).toContain('echo: second line');
    io.end();
    // Closing stdin ends the read loop: the program says goodbye and exits 0.
    expect(await out.until('bye')).toContain('bye');
    expect((await container.wait()).StatusCode).toBe(0);

    await container.remove({ force: true });
    await docker.getImage(tag).remove({ force: true });
    const left = await docker.listContainers({ all: true, filters: { id: [container.id] } });
    expect(left).toEqual([]);
    await expect(docker.getImage(tag).inspect()).rejects.toMatchObject({ statusCode: 404 });
    made.container = undefined;
  });
});
