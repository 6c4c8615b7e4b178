// The `docker` command family: plan, generate, build, lint, serve.
import type { CommandFamily } from '../plugin-api';
import { buildCommand } from './commands/build-command';
import { generateCommand } from './commands/generate-command';
import { lintCommand } from './commands/lint-command';
import { planCommand } from './commands/plan-command';
import { pushCommand } from './commands/push-command';
import { serveCommand } from './commands/serve-command';

/** `aish docker ...` */
export const dockerFamily: CommandFamily = {
  name: 'docker',
  summary: 'From a project to an image with its container CI: plan, generate, build, push, lint, serve',
  subcommands: [planCommand, generateCommand, buildCommand, pushCommand, lintCommand, serveCommand],
};
