// `aish docker lint [path|Dockerfile] [--json]`: the hadolint checklist on a Dockerfile.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CommandError, type Subcommand } from '../../plugin-api';
import { lintDockerfile } from '../dockerfile/lint-dockerfile';
import { readInside } from '../project/inside-project';
import { completePathOrProject } from './command-support';

/** The lint subcommand. */
export const lintCommand: Subcommand = {
  name: 'lint',
  summary:
    'Check a Dockerfile against the hadolint checklist (DL3002, DL3006/7, DL3008, DL3009, DL3015, DL3025, DL3042, DL3057, DL4006)',
  usage: '[path|Dockerfile] [--json]',
  complete: (index, partial) => (index === 0 ? completePathOrProject(partial) : []),
  async run(ctx) {
    const target = resolve(ctx.args[0] ?? '.');
    const folder = existsSync(target) && statSync(target).isDirectory();
    const file = folder ? join(target, 'Dockerfile') : target;
    // A project's Dockerfile is read as any project file: never through a link that leaves the project.
    const read = folder ? readInside(target, 'Dockerfile') : null;
    if (read?.kind === 'outside')
      throw new CommandError(`${file} is a link to ${read.target}, outside the project: not read`);
    if (folder ? read?.kind !== 'file' : !existsSync(file))
      throw new CommandError(`No Dockerfile at ${file}: give the file or its folder (aish docker generate writes one)`);
    const text = read?.kind === 'file' ? read.content.toString('utf8') : readFileSync(file, 'utf8');
    const findings = lintDockerfile(text);
    if (ctx.json) ctx.stdout.write(`${JSON.stringify({ file, findings }, null, 2)}\n`);
    else if (!findings.length) ctx.stdout.write(`${file}: no findings\n`);
    else for (const f of findings) ctx.stdout.write(`${file}:${f.line} ${f.rule} ${f.severity}: ${f.message}\n`);
    return findings.length ? 1 : 0;
  },
};
