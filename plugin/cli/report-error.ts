// How a failed command is shown: one `Error: ...` line on stderr and an exit status (2 for usage,
// 130 when the user cancelled, 1 otherwise). The cause chain is printed when it adds something.
import { plainText } from '../render/plain-text';

/** Prints the error and returns the exit status that goes with it. */
export function reportError(error: unknown, stderr: NodeJS.WritableStream, signal?: AbortSignal): number {
  // Once the user pressed Ctrl-C, whatever the command threw is the cancellation. A prompt
  // (@inquirer) reads Ctrl-C itself, in raw mode, and throws ExitPromptError.
  if (signal?.aborted || (error instanceof Error && error.name === 'ExitPromptError')) {
    stderr.write('Error: cancelled (Ctrl-C)\n');
    return 130;
  }
  // Messages quote what they refused (a name, a reply): printed as text, never as terminal commands.
  const message = plainText(error instanceof Error ? error.message : String(error));
  stderr.write(`Error: ${message}\n`);
  let cause = error instanceof Error ? error.cause : undefined;
  for (let depth = 0; cause && depth < 3; depth++) {
    const text = cause instanceof Error ? cause.message : String(cause);
    if (text && !message.includes(text)) stderr.write(`  caused by: ${plainText(text)}\n`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  if (process.env.AISH_DEBUG && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
  return error instanceof Error && error.name === 'UsageError' ? 2 : 1;
}
