// What to do with a reply that asks for confirmation (ConfirmationRequest): ask on a TTY, resend
// with the token under --yes (control only), refuse otherwise. Destructive actions need the user to
// type the target's name, or an explicit `--confirm <target>` (LESSONS.md: one-shot mode refuses
// writes unless a flag allows them).
import type { ConfirmationRequest } from '../../protocol';

/** How the command was called. */
export interface ConfirmPolicy {
  interactive: boolean;
  yes: boolean;
  /** Value of --confirm, if given. */
  confirmTarget: string | null;
}

/** The decision, as a value, so it can be tested without a terminal. */
export type ConfirmDecision =
  | { kind: 'resend' }
  | { kind: 'ask-yes-no'; message: string }
  | { kind: 'ask-typed'; message: string; target: string }
  | { kind: 'refuse'; message: string };

/** The name a destructive confirmation must repeat: the request's target (a CI from before issue 12 sends none: the container). */
export function confirmationTarget(req: ConfirmationRequest, fallback: string): string {
  return typeof req.target === 'string' && req.target ? req.target : fallback;
}

/** Decides how to handle a confirmation request. */
export function decideConfirmation(
  req: ConfirmationRequest,
  policy: ConfirmPolicy,
  fallbackTarget: string,
): ConfirmDecision {
  if (req.risk === 'destructive') {
    const target = confirmationTarget(req, fallbackTarget);
    if (policy.confirmTarget !== null) {
      return policy.confirmTarget === target
        ? { kind: 'resend' }
        : {
            kind: 'refuse',
            message: `--confirm '${policy.confirmTarget}' does not name the target '${target}'; nothing was done`,
          };
    }
    if (policy.interactive)
      return { kind: 'ask-typed', message: `${req.prompt}\nType '${target}' to go ahead:`, target };
    return {
      kind: 'refuse',
      message: `${req.prompt} This is destructive and stdin is not a terminal: re-run with --confirm ${target} to go ahead; nothing was done`,
    };
  }
  if (policy.yes) return { kind: 'resend' };
  if (policy.interactive) return { kind: 'ask-yes-no', message: req.prompt };
  return {
    kind: 'refuse',
    message: `${req.prompt} Confirmation needed and stdin is not a terminal: re-run with --yes to go ahead; nothing was done`,
  };
}

/** Prompts, injected so tests and non-TTY runs never touch the terminal. */
export interface Prompter {
  confirm(message: string): Promise<boolean>;
  input(message: string): Promise<string>;
}

/** @inquirer/prompts, loaded only when a prompt is actually shown. */
export const inquirerPrompter: Prompter = {
  async confirm(message) {
    const { confirm } = await import('@inquirer/prompts');
    return confirm({ message, default: false });
  },
  async input(message) {
    const { input } = await import('@inquirer/prompts');
    return input({ message });
  },
};

/** Carries out a decision; resolves true when the action may go ahead, throws with the refusal. */
export async function resolveConfirmation(decision: ConfirmDecision, prompter: Prompter): Promise<boolean> {
  switch (decision.kind) {
    case 'resend':
      return true;
    case 'refuse':
      throw new ConfirmationRefused(decision.message);
    case 'ask-yes-no':
      return prompter.confirm(decision.message);
    case 'ask-typed':
      return (await prompter.input(decision.message)).trim() === decision.target;
  }
}

/** Raised when an action needed a confirmation that this call cannot give. */
export class ConfirmationRefused extends Error {
  override name = 'ConfirmationRefused';
}
