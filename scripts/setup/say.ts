// Progress lines of the setup, on stderr so stdout stays free for whatever runs after it.

/** Prints one `setup: ...` line on stderr. */
export function say(line: string): void {
  process.stderr.write(`setup: ${line}\n`);
}
