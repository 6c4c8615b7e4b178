// `aish docker build [path|project] [--split] [--json]`
import type { Subcommand } from '../../plugin-api';
import { buildProject, planBuilds } from '../build-project';
import type { BuildPlan } from '../build/build-plan';
import { plainProgress, ttyProgress } from '../build/progress';
import { asCommand, completePathOrProject, SPLIT_OPTION } from './command-support';
import { extraLabels } from '../../tekton/extra-labels';

/** The build subcommand. */
export const buildCommand: Subcommand = {
  name: 'build',
  summary: 'Build the image(s) with the container CI baked in, tagged <name>:<hash12> and <name>:latest',
  usage: '[path|project] [--split] [--dry-run] [--verbose] [--json]',
  options: {
    ...SPLIT_OPTION,
    verbose: { type: 'boolean', short: 'v', default: false },
    'dry-run': { type: 'boolean', default: false },
  },
  complete: (index, partial) => (index === 0 ? completePathOrProject(partial) : []),
  async run(ctx) {
    if (ctx.options['dry-run'] === true) {
      // The build request as a value; no engine is asked (builder: TEKTON_BUILDER, else BuildKit).
      const { builds } = await asCommand(() =>
        planBuilds({ target: ctx.args[0], env: ctx.env, split: ctx.options.split === true }),
      );
      const plans = builds.map((b) => b.plan);
      ctx.stdout.write(
        ctx.json
          ? `${JSON.stringify({ builds: plans }, null, 2)}\n`
          : plans.map((p) => describePlan(p, ctx.options.verbose === true)).join('\n'),
      );
      return 0;
    }
    const isTty = Boolean((ctx.stderr as { isTTY?: boolean }).isTTY);
    const tty = isTty && !ctx.json ? ttyProgress(ctx.stderr) : null;
    const progress = tty ?? plainProgress(ctx.stderr, ctx.options.verbose === true);
    try {
      const { images } = await asCommand(() =>
        buildProject({
          target: ctx.args[0],
          env: ctx.env,
          split: ctx.options.split === true,
          progress,
          signal: ctx.signal,
          labels: extraLabels(ctx.env),
          log: (line) => {
            tty?.finish();
            ctx.stderr.write(`${line}\n`);
          },
        }),
      );
      tty?.finish();
      if (ctx.json) ctx.stdout.write(`${JSON.stringify({ images }, null, 2)}\n`);
      else {
        for (const i of images) {
          ctx.stdout.write(
            `built ${i.image} (also ${i.container}:latest), ${i.cachedSteps.length} steps cached, ${i.builtSteps.filter((s) => /RUN|COPY/.test(s)).length} run${i.ergon ? ', recorded in Ergon' : ''}\n`,
          );
        }
      }
      return 0;
    } finally {
      tty?.finish();
    }
  },
};

/** The plan as text: what would be built, from what, with which arguments and secrets (names only). */
export function describePlan(p: BuildPlan, withDockerfile: boolean): string {
  const lines = [
    `would build ${p.tags.join(' and ')} (${p.builder}) from ${p.contextDir || '.'}${p.target ? `, target ${p.target}` : ''}`,
    `  context digest: ${p.contextDigest}`,
    ...Object.entries(p.baseImages).map(([from, to]) => `  base image: ${from} -> ${to}`),
    ...p.standIns.map(
      (s) =>
        `  base image: ${s.image} -> ${s.standIn ? `${s.standIn} (local stand-in, when the engine lacks ${s.image})${s.note ? `: ${s.note}` : ''}` : `not available here: ${s.note}`}`,
    ),
    `  build arguments: ${p.buildArgs.join(', ') || 'none'}`,
    `  secrets: ${p.secrets.join(', ') || 'none'}${p.caSource ? ` (CA from ${p.caSource})` : ''}`,
    `  package settings: ${p.offline ? 'offline (TEKTON_OFFLINE=1)' : p.packageSettings.join(', ') || 'none'}`,
    `  labels: ${Object.entries(p.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
    ...(withDockerfile
      ? ['', `# ${p.dockerfilePath}`, p.dockerfile]
      : [`  Dockerfile: ${p.dockerfilePath} (${p.dockerfile.split('\n').length} lines; --verbose prints it)`]),
  ];
  return `${lines.join('\n')}\n`;
}
