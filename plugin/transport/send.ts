// Sends one request to a CI and sees it through: the confirmation round-trip, and a clear error
// with the container's engine state when the CI does not answer.
import type { Reply } from '../../protocol';
import { CommandError } from '../plugin-api';
import type { ContainerClient } from '../engine/container-client';
import { CiUnreachableError, type CiRequest, type CiTransport } from './ci-client';
import {
  ConfirmationRefused,
  decideConfirmation,
  resolveConfirmation,
  type ConfirmPolicy,
  type Prompter,
} from './confirm-flow';
import type { CiEntry } from '../registry/registry-types';
import { bindConfirmation } from './confirm-binding';

/** Inputs of one send. */
export interface SendOptions {
  entry: CiEntry;
  transport: CiTransport;
  containers: ContainerClient;
  request: CiRequest;
  policy: ConfirmPolicy;
  prompter: Prompter;
  timeoutMs?: number;
}

/** Sends, confirms when asked, and returns the final reply; throws CommandError when refused or unreachable. */
export async function sendToCi(opts: SendOptions): Promise<Reply> {
  const first = await requestOrExplain(opts, opts.request);
  const confirm =
    first.type === 'response' || first.type === 'run_response' || first.type === 'control_response'
      ? first.confirm
      : undefined;
  if (!confirm) return first;
  // The CI's question is bound to what the host asked for before anyone answers it (A27).
  const bound = bindConfirmation(opts.request, confirm, { ciName: opts.entry.ci_name, yes: opts.policy.yes });
  if (!bound.ok) throw new CommandError(bound.message);
  let go: boolean;
  try {
    const decision = decideConfirmation(confirm, opts.policy, opts.entry.container);
    // What is confirmed, in the host's words, before the CI's prompt.
    const shownDecision =
      decision.kind === 'ask-yes-no' || decision.kind === 'ask-typed'
        ? { ...decision, message: `${bound.shown}\n${decision.message}` }
        : decision;
    go = await resolveConfirmation(shownDecision, opts.prompter);
  } catch (err) {
    if (err instanceof ConfirmationRefused) throw new CommandError(err.message);
    throw err;
  }
  if (!go) throw new CommandError(`Not confirmed: nothing was done on ${opts.entry.ci_name}`);
  return requestOrExplain(opts, { ...opts.request, confirm: confirm.token } as CiRequest);
}

async function requestOrExplain(opts: SendOptions, request: CiRequest): Promise<Reply> {
  try {
    return await opts.transport.request(request, { timeoutMs: opts.timeoutMs ?? 5000 });
  } catch (err) {
    if (!(err instanceof CiUnreachableError)) throw err;
    throw new CommandError(
      `${opts.entry.ci_name} did not answer (${err.message}); ${await describeContainer(opts.containers, opts.entry)}`,
      { cause: err },
    );
  }
}

/** "container myapp is exited (code 137) since ..." from the engine, bounded in time. */
export async function describeContainer(
  containers: ContainerClient,
  entry: CiEntry,
  timeoutMs = 2000,
): Promise<string> {
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
  try {
    const info = await Promise.race([containers.inspect(entry.container_id), timeout]);
    if (info === 'timeout') return `the Docker engine did not answer within ${timeoutMs} ms either`;
    if (!info) return `container ${entry.container} no longer exists (run 'aish ci list' to refresh)`;
    const s = info.State;
    if (s.Running)
      return `container ${entry.container} is running (since ${s.StartedAt}); the CI inside may be starting or stuck: try 'aish ergon logs ${entry.container}'`;
    return `container ${entry.container} is ${s.Status} (exit code ${s.ExitCode}${s.OOMKilled ? ', OOM-killed' : ''}); start it with 'aish ergon start ${entry.container}'`;
  } catch (err) {
    return `the Docker engine could not be asked about container ${entry.container}: ${(err as Error).message}`;
  }
}
