// `aish docker build [path|project] [--split] [--json]`
import type { Subcommand } from '../../plugin-api';
import { buildProject } from '../build-project';
import { plainProgress, ttyProgress } from '../build/progress';
import { asCommand, completePathOrProject, SPLIT_OPTION } from './command-support';
import { extraLabels } from '../../tekton/extra-labels';

/** The build subcommand. */
export const buildCommand: Subcommand = {
  name: 'build',
  summary: 'Build the image(s) with the container CI baked in, tagged <name>:<hash12> and <name>:latest',
  usage: '[path|project] [--split] [--verbose] [--json]',
  options: { ...SPLIT_OPTION, verbose: { type: 'boolean', short: 'v', default: false } },
  complete: (index, partial) => (index === 0 ? completePathOrProject(partial) : []),
  async run(ctx) {
    const isTty = Boolean((ctx.stderr as { isTTY?: boolean }).isTTY);
    const tty = isTty && !ctx.json ? ttyProgress(ctx.stderr) : null;
    const progress = tty ?? plainProgress(ctx.stderr, ctx.options.verbose === true);
    try {
      const { images } = await asCommand(() => buildProject({
        target: ctx.args[0], env: ctx.env, split: ctx.options.split === true, progress, signal: ctx.signal, labels: extraLabels(ctx.env),
        log: (line) => { tty?.finish(); ctx.stderr.write(`${line}\n`); },
      }));
      tty?.finish();
      if (ctx.json) ctx.stdout.write(JSON.stringify({ images }, null, 2) + '\n');
      else {
        for (const i of images) {
          ctx.stdout.write(`built ${i.image} (also ${i.container}:latest), ${i.cachedSteps.length} steps cached, ${i.builtSteps.filter((s) => /RUN|COPY/.test(s)).length} run${i.ergon ? ', recorded in Ergon' : ''}\n`);
        }
      }
      return 0;
    } finally {
      tty?.finish();
    }
  },
};
