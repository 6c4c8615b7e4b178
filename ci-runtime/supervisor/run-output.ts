// A service's output across all its runs, for `logs`, `status` and diagnose. One bounded ring per
// service that outlives each process, every line tagged with the run that printed it: the output of
// a run that failed is still there after the restart that followed it (issue 24: "No output from
// web yet" after six failed runs), and "the last lines of run 5" stays a question with an answer.

/** One line and the run that printed it (0: lines the CI kept from before the container restarted). */
export interface RunLine {
  run: number;
  text: string;
}

/** Splits one stream of one run into lines; `end` flushes a last line without a newline. */
export interface RunStream {
  push(chunk: string): string[];
  end(): string[];
}

/** The bounded, run-tagged output of one service. */
export class RunOutput {
  private readonly lines: RunLine[] = [];
  /** Bumped on every line, so derived views (the error quote) know when to recompute. */
  version = 0;

  constructor(
    private readonly capacity = 1000,
    private readonly maxLineChars = 2000,
  ) {}

  /**
   * A writer for one stream (stdout or stderr) of one run. Each stream keeps its own partial line:
   * a chunk of stderr must not be glued to half a line of stdout, nor a late chunk of an old run to
   * the new run's output.
   */
  stream(run: number): RunStream {
    let partial = '';
    return {
      push: (chunk) => {
        const parts = (partial + chunk).split('\n');
        partial = (parts.pop() ?? '').slice(0, this.maxLineChars);
        return parts.map((line) => this.add(run, line));
      },
      end: () => {
        const last = partial;
        partial = '';
        return last ? [this.add(run, last)] : [];
      },
    };
  }

  /** A line the CI adds itself (a run marker, an exit notice). */
  note(run: number, text: string): void {
    this.add(run, text);
  }

  /**
   * The last `count` lines, oldest first. Lines keep to their run: a late line of an earlier run
   * (its pipe drained after the next run started) is shown with that run, not inside the next one.
   */
  tail(count: number): string[] {
    if (count <= 0) return [];
    const last = this.lines.slice(-count);
    return last
      .map((l, i) => ({ l, i }))
      .sort((a, b) => a.l.run - b.l.run || a.i - b.i)
      .map(({ l }) => l.text);
  }

  /** Every line still held from one run, oldest first. */
  linesOf(run: number): string[] {
    return this.lines.filter((l) => l.run === run).map((l) => l.text);
  }

  private add(run: number, raw: string): string {
    const text = raw.replace(/\r$/, '').slice(0, this.maxLineChars);
    this.lines.push({ run, text });
    if (this.lines.length > this.capacity) this.lines.shift();
    this.version++;
    return text;
  }
}
