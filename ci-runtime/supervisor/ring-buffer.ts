// Last N lines of a service's output, for `logs`. Fixed memory: old lines fall off.

/** A bounded line buffer; `push` splits chunks into lines and keeps a partial last line. */
export class LineRing {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(
    private readonly capacity = 1000,
    private readonly maxLineChars = 2000,
  ) {}

  /** Adds a chunk of output; returns the complete lines it contained. */
  push(chunk: string): string[] {
    const parts = (this.partial + chunk).split('\n');
    this.partial = (parts.pop() ?? '').slice(0, this.maxLineChars);
    const complete = parts.map((l) => l.replace(/\r$/, '').slice(0, this.maxLineChars));
    for (const line of complete) {
      this.lines.push(line);
      if (this.lines.length > this.capacity) this.lines.shift();
    }
    return complete;
  }

  /** The last `count` lines, oldest first. */
  tail(count: number): string[] {
    return count <= 0 ? [] : this.lines.slice(-count);
  }
}
