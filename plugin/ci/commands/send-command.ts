// The common body of the ci commands that send one request and print the reply.
import type { CommandContext, ExitStatus } from '../../plugin-api';
import type { CiRequest } from '../../transport/ci-client';
import { transportFor } from '../../transport/ci-connect';
import { inquirerPrompter, type Prompter } from '../../transport/confirm-flow';
import type { HostDeps } from '../../host';
import { renderReply, replyFailed } from '../../render/render-reply';
import { resolveCi } from '../../registry/resolve-ci';
import { sendToCi } from '../../transport/send';
import { policyOf, timeoutOf } from './ci-options';

/** Sends `request` to the CI named `name`, prints the reply (text or --json), returns the exit status. */
export async function sendAndPrint(
  deps: HostDeps,
  ctx: CommandContext,
  name: string,
  request: CiRequest,
  prompter: Prompter = inquirerPrompter,
): Promise<ExitStatus> {
  const entry = await resolveCi(deps, name);
  const reply = await sendToCi({
    entry,
    transport: transportFor(entry, deps.containers),
    containers: deps.containers,
    request,
    policy: policyOf(ctx),
    prompter,
    timeoutMs: timeoutOf(ctx),
  });
  if (ctx.json) ctx.stdout.write(`${JSON.stringify(reply)}\n`);
  else if (reply.type === 'error') ctx.stderr.write(renderReply(reply));
  else ctx.stdout.write(renderReply(reply));
  return replyFailed(reply) ? 1 : 0;
}
