// `aish docker push [path|project|image] [--registry HOST:PORT] [--json]`
import { CommandError, type Subcommand } from '../../plugin-api';
import { stateDir } from '../../tekton/env';
import { PushError } from '../../release/push-image';
import { planPush, pushAndRecord, registryFor } from '../../release/push-release';
import { shortDigest } from '../../release/image-ref';
import { asCommand, completePathOrProject } from './command-support';

/** The push subcommand. */
export const pushCommand: Subcommand = {
  name: 'push',
  summary:
    'Push the built image(s) to a registry under the manifest-hash tag (and the git commit), recording each digest',
  usage: '[path|project|image] [--registry HOST:PORT] [--json]',
  options: { registry: { type: 'string' } },
  complete: (index, partial) => (index === 0 ? completePathOrProject(partial) : []),
  async run(ctx) {
    const { createDocker } = await import('../../engine/docker-client');
    const docker = createDocker(ctx.env).docker;
    const state = stateDir(ctx.env);
    let items;
    try {
      items = await asCommand(() => planPush(docker, ctx.args[0], ctx.env, state));
    } catch (err) {
      if (err instanceof CommandError) throw err;
      throw new CommandError((err as Error).message, { cause: err });
    }
    const registry = (() => {
      try {
        return registryFor(typeof ctx.options.registry === 'string' ? ctx.options.registry : undefined, ctx.env, null);
      } catch (err) {
        throw new CommandError((err as Error).message);
      }
    })();
    let records;
    try {
      records = await pushAndRecord(docker, items, registry, state);
    } catch (err) {
      if (err instanceof PushError)
        throw new CommandError(`${err.message}; nothing was recorded for it`, { cause: err });
      throw err;
    }
    if (ctx.json) {
      ctx.stdout.write(`${JSON.stringify({ pushed: records }, null, 2)}\n`);
      return 0;
    }
    for (const r of records) {
      ctx.stdout.write(
        `pushed ${r.image} → ${r.registry}/${r.repository}:{${r.tags.join(',')}} digest ${r.digest} (${shortDigest(r.digest)})\n`,
      );
    }
    return 0;
  },
};
