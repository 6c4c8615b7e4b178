// What the fuzzer counts for one class of input, and the findings it keeps for a human to replay:
// a finding is an input after which the target did something the protocol or the API does not allow.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Counts of one class. */
export interface Tally {
  inputs: number;
  /** Well-formed error replies (NDJSON) or 4xx answers (HTTP). */
  errors: number;
  /** Well-formed other replies (NDJSON) or 2xx/3xx answers (HTTP). */
  others: number;
  /** Connections the target closed before answering everything owed. */
  drops: number;
  /** Nothing (or not everything) within the bound. */
  hangs: number;
  /** Replies that are no well-formed protocol reply, 5xx, or a refused request that succeeded. */
  bad: number;
  /** Error codes (or statuses) seen, with counts. */
  codes: Record<string, number>;
}

export const emptyTally = (): Tally => ({ inputs: 0, errors: 0, others: 0, drops: 0, hangs: 0, bad: 0, codes: {} });

/** Adds one code to a tally. */
export function countCode(t: Tally, code: string): void {
  t.codes[code] = (t.codes[code] ?? 0) + 1;
}

/** The tally of `cls` in `all`, made on first use. */
export function tallyOf(all: Map<string, Tally>, cls: string): Tally {
  let t = all.get(cls);
  if (!t) all.set(cls, (t = emptyTally()));
  return t;
}

/** Findings of a run: what happened, and where the input that did it was saved. */
export class Findings {
  readonly list: Array<{ what: string; file: string | null }> = [];
  private saved = new Map<string, number>();

  constructor(
    readonly dir: string,
    private readonly perKind = 10,
  ) {}

  /** Records a finding; saves its input (the first `perKind` of each kind) under `dir`. */
  add(kind: string, what: string, input: Buffer | string | null): void {
    const n = (this.saved.get(kind) ?? 0) + 1;
    this.saved.set(kind, n);
    let file: string | null = null;
    if (input !== null && n <= this.perKind) {
      mkdirSync(this.dir, { recursive: true });
      file = join(this.dir, `${kind}-${n}.bin`);
      writeFileSync(file, input);
    }
    this.list.push({ what: `${kind}: ${what}`, file });
  }

  /** Number of findings of `kind`. */
  count(kind: string): number {
    return this.saved.get(kind) ?? 0;
  }

  /** Kinds with their counts, most frequent first. */
  summary(): Array<[string, number]> {
    return [...this.saved.entries()].sort((a, b) => b[1] - a[1]);
  }
}
