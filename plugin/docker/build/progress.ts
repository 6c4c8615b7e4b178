// Build progress: on a terminal one line rewritten in place; otherwise plain lines, one per step.
import { writeControl } from '../../render/text-only-stream';
import type { BuildProgress } from './run-build';

/** Plain lines (`step ... CACHED`), for logs and pipes. */
export function plainProgress(out: NodeJS.WritableStream, verbose = false): BuildProgress {
  return {
    step(name, state) {
      if (state !== 'started') out.write(`  ${state === 'cached' ? 'CACHED' : 'DONE  '} ${name}\n`);
    },
    log(text) {
      if (verbose) out.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}

/** One status line rewritten in place, for a terminal. */
export function ttyProgress(out: NodeJS.WritableStream): BuildProgress & { finish(): void } {
  let steps = 0;
  let cached = 0;
  const draw = (name: string) => {
    writeControl(out, '\r\u001b[2K');
    out.write(`  [${steps} steps, ${cached} cached] ${name.slice(0, 70)}`);
  };
  return {
    step(name, state) {
      if (state === 'started') return draw(name);
      steps++;
      if (state === 'cached') cached++;
      draw(name);
    },
    log() {
      /* output stays out of the status line; errors print the tail */
    },
    finish() {
      writeControl(out, '\r\u001b[2K');
    },
  };
}

/** A progress that drops everything (library callers that do not want output). */
export const silentProgress: BuildProgress = { step() {}, log() {} };
