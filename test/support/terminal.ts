// A real terminal for end-to-end tests: a program under node-pty, its screen output collected
// (ANSI escapes removed) and waited on by content, never by time.
import { spawn, type IPty } from 'node-pty';

/** A program running in a pseudo-terminal. */
export class Terminal {
  private raw = '';
  private waiters: Array<() => void> = [];
  readonly exited: Promise<{ exitCode: number; signal?: number }>;
  private constructor(private readonly pty: IPty) {
    pty.onData((data) => {
      this.raw += data;
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.exited = new Promise((resolve) => pty.onExit(resolve));
  }

  /** Starts `file args` in an 120x40 terminal. */
  static start(file: string, args: string[], opts: { cwd: string; env: Record<string, string> }): Terminal {
    return new Terminal(spawn(file, args, { name: 'xterm', cols: 120, rows: 40, cwd: opts.cwd, env: opts.env }));
  }

  /** Everything printed so far, without escape sequences. */
  get text(): string {
    return stripAnsi(this.raw);
  }

  /** Types text (use '\r' for Enter, '\x03' for Ctrl-C, '\x04' for Ctrl-D, '\t' for Tab). */
  type(text: string): void {
    this.pty.write(text);
  }

  /** Resolves the text printed after `from` once it matches `pattern`; rejects after `timeoutMs` with the screen. */
  async waitFor(pattern: RegExp | string, from = 0, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = this.text.slice(from);
      if (typeof pattern === 'string' ? seen.includes(pattern) : pattern.test(seen)) return seen;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`terminal did not show ${String(pattern)} within ${timeoutMs} ms; it shows:\n${seen}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Length of the text so far: pass to waitFor to look only at what comes next. */
  mark(): number {
    return this.text.length;
  }

  kill(): void {
    try {
      this.pty.kill();
    } catch {
      // already gone
    }
  }
}

/** Removes ANSI escape sequences (cursor moves, colours) from terminal output. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]/g, '');
}
