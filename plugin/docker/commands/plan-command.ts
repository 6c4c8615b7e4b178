// `aish docker plan [path|project] [--json] [--split]`
import type { Subcommand } from '../../plugin-api';
import { planProject } from '../plan-project';
import { askCi, findTektonCiPort } from '../project/ask-project-ci';
import { asCommand, completePathOrProject, SPLIT_OPTION } from './command-support';
import { formatPlan } from './format-plan';
import { securityNotes } from '../security-notes';

/** The plan subcommand. */
export const planCommand: Subcommand = {
  name: 'plan',
  summary: 'Analyse a project: language, framework, start command, port, services, each with its source',
  usage: '[path|project] [--json] [--split]',
  options: { ...SPLIT_OPTION },
  complete: (index, partial) => (index === 0 ? completePathOrProject(partial) : []),
  async run(ctx) {
    const plan = await asCommand(() =>
      planProject({ target: ctx.args[0], env: ctx.env, split: ctx.options.split === true }),
    );
    const ciName = `${plan.project.name.toLowerCase()}-ci`;
    const port = findTektonCiPort(ctx.env, ciName);
    const advice = port
      ? await askCi(
          port,
          `Review this Docker plan for ${plan.project.name} and say what you would change:\n${JSON.stringify(plan.summary)}`,
        )
      : null;
    if (ctx.json) {
      ctx.stdout.write(
        `${JSON.stringify(
          {
            manifest: plan.manifest,
            summary: plan.summary,
            reasons: plan.reasons,
            warnings: plan.warnings,
            security: securityNotes(plan.manifest),
            files: plan.files.map((f) => ({ path: f.path, state: f.state })),
            ...(advice ? { review: { ci: ciName, advice } } : {}),
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    ctx.stdout.write(`${formatPlan(plan).join('\n')}\n`);
    if (advice) ctx.stdout.write(`\n${ciName} says:\n${advice}\n`);
    return 0;
  },
};
