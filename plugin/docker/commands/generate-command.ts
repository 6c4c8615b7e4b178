// `aish docker generate [path|project] [--force] [--split]`
import { confirm } from '@inquirer/prompts';
import type { Subcommand } from '../../plugin-api';
import { generateProject } from '../generate-project';
import { asCommand, completePathOrProject, SPLIT_OPTION } from './command-support';

/** The generate subcommand. */
export const generateCommand: Subcommand = {
  name: 'generate',
  summary: 'Write the Dockerfile, .dockerignore, compose.yaml (several containers) and .tekton/manifest.json',
  usage: '[path|project] [--force] [--split]',
  options: { force: { type: 'boolean', short: 'f', default: false }, ...SPLIT_OPTION },
  complete: (index, partial) => (index === 0 ? completePathOrProject(partial) : []),
  async run(ctx) {
    const ask =
      ctx.interactive && !ctx.json
        ? (path: string) =>
            confirm(
              { message: `${path} was not written by aish (or was edited since). Replace it?`, default: false },
              { signal: ctx.signal },
            )
        : undefined;
    const result = await asCommand(() =>
      generateProject({
        target: ctx.args[0],
        env: ctx.env,
        force: ctx.options.force === true,
        split: ctx.options.split === true,
        confirm: ask,
      }),
    );
    if (ctx.json) {
      ctx.stdout.write(
        `${JSON.stringify(
          {
            root: result.plan.project.root,
            written: result.written,
            unchanged: result.unchanged,
            kept: result.kept,
            summary: result.plan.summary,
          },
          null,
          2,
        )}\n`,
      );
    } else {
      for (const f of result.written) ctx.stdout.write(`wrote ${f}\n`);
      for (const f of result.unchanged) ctx.stdout.write(`unchanged ${f}\n`);
      for (const f of result.kept) ctx.stdout.write(`kept ${f} (yours; --force replaces it)\n`);
    }
    return result.kept.length && !ctx.json ? 1 : 0;
  },
};
