// `aish <container>-container-ci "message"`: one-shot (message from the arguments or piped stdin),
// or a small REPL for that CI when neither is given on a terminal.
import { createInterface } from 'node:readline/promises';
import type { CommandContext, ExitStatus, Route } from '../plugin-api';
import { CommandError } from '../plugin-api';
import { senderName } from '../tekton/env';
import { transportFor } from '../transport/ci-connect';
import { inquirerPrompter } from '../transport/confirm-flow';
import type { HostDeps } from '../host';
import { renderReply, replyFailed } from '../render/render-reply';
import { resolveCi } from '../registry/resolve-ci';
import { sendToCi } from '../transport/send';
import { ACT_OPTIONS, policyOf, timeoutOf } from './commands/ci-options';

const SUFFIX = '-container-ci';

/** The route for container-CI names. */
export function makeContainerCiRoute(makeDeps: (env: Record<string, string | undefined>) => HostDeps): Route {
  return {
    matches: (word) => word.length > SUFFIX.length && word.endsWith(SUFFIX),
    summary: 'Talk to a container CI: one message, piped stdin, or a REPL on a terminal',
    usage: '<container>-container-ci ["message"] [--yes] [--confirm <target>] [--timeout <ms>]',
    options: ACT_OPTIONS,
    async run(target, ctx) {
      const deps = makeDeps(ctx.env);
      const content = ctx.args.length ? ctx.args.join(' ') : ctx.interactive ? null : (await ctx.readStdin()).trim();
      if (content === '') throw new CommandError(`no message for ${target}: pass one as an argument or on stdin`);
      if (content !== null) return once(deps, ctx, target, content);
      return repl(deps, ctx, target);
    },
  };
}

async function once(deps: HostDeps, ctx: CommandContext, target: string, content: string): Promise<ExitStatus> {
  const entry = await resolveCi(deps, target);
  const reply = await sendToCi({
    entry,
    transport: transportFor(entry, deps.containers),
    containers: deps.containers,
    request: { type: 'chat', content, sender: senderName(ctx.env) },
    policy: policyOf(ctx),
    prompter: inquirerPrompter,
    timeoutMs: timeoutOf(ctx),
  });
  if (ctx.json) ctx.stdout.write(`${JSON.stringify(reply)}\n`);
  else (reply.type === 'error' ? ctx.stderr : ctx.stdout).write(renderReply(reply));
  return replyFailed(reply) ? 1 : 0;
}

async function repl(deps: HostDeps, ctx: CommandContext, target: string): Promise<ExitStatus> {
  const entry = await resolveCi(deps, target);
  ctx.stdout.write(`Talking to ${entry.ci_name} (container ${entry.container}). 'exit' to leave.\n`);
  const rl = createInterface({ input: process.stdin, output: ctx.stdout, terminal: true });
  const onAbort = () => rl.close();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      let line: string;
      try {
        line = (await rl.question(`${entry.ci_name}> `)).trim();
      } catch {
        break;
      }
      if (line === 'exit' || line === 'quit') break;
      if (!line) continue;
      try {
        const reply = await sendToCi({
          entry,
          transport: transportFor(entry, deps.containers),
          containers: deps.containers,
          request: { type: 'chat', content: line, sender: senderName(ctx.env) },
          policy: policyOf(ctx),
          prompter: inquirerPrompter,
          timeoutMs: timeoutOf(ctx),
        });
        (reply.type === 'error' ? ctx.stderr : ctx.stdout).write(renderReply(reply));
      } catch (err) {
        ctx.stderr.write(`Error: ${(err as Error).message}\n`);
      }
    }
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    rl.close();
  }
  return 0;
}
