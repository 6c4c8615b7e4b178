// A build started from the page runs in the background; its steps and output go to every page as
// `job` events, and a failure names the failing step with the tail of its output.
import { randomUUID } from 'node:crypto';
import type { BuildProgress } from '../docker/build/run-build';
import { messageOf } from './http-util';

/** One event of a build job, as the page receives it. */
export type JobEvent =
  | { job: string; kind: 'step'; name: string; state: 'started' | 'done' | 'cached' }
  | { job: string; kind: 'log'; text: string }
  | { job: string; kind: 'done'; result: unknown }
  | { job: string; kind: 'failed'; error: string; step: string | null; tail: string[] };

/** Starts `work` as a job; returns its id at once. `emit` receives each event. */
export function startJob(
  emit: (e: JobEvent) => void,
  work: (progress: BuildProgress, log: (line: string) => void) => Promise<unknown>,
): string {
  const job = randomUUID();
  const steps: string[] = [];
  const output: string[] = [];
  const progress: BuildProgress = {
    step(name, state) {
      if (!steps.includes(name)) steps.push(name);
      emit({ job, kind: 'step', name, state });
    },
    log(text) {
      for (const line of text.split('\n'))
        if (line.trim()) {
          output.push(line);
          if (output.length > 200) output.shift();
        }
      emit({ job, kind: 'log', text });
    },
  };
  const log = (line: string) => emit({ job, kind: 'log', text: `${line}\n` });
  // Let the caller return the id (and the page subscribe) before the first event.
  setImmediate(() => {
    work(progress, log).then(
      (result) => emit({ job, kind: 'done', result }),
      (err: unknown) => {
        const tail = (err as { tail?: unknown }).tail;
        emit({
          job,
          kind: 'failed',
          error: messageOf(err),
          step: failingStep(messageOf(err), steps),
          tail: Array.isArray(tail) && tail.length ? tail.map(String) : output.slice(-30),
        });
      },
    );
  });
  return job;
}

/** The step the error names ("executor failed running [/bin/sh -c X]"), else the last one seen. */
export function failingStep(error: string, steps: string[]): string | null {
  const command = /running \[(?:\/bin\/(?:ba)?sh -c )?(.+?)\]/.exec(error)?.[1];
  const named = command ? [...steps].reverse().find((s) => s.includes(command)) : undefined;
  return named ?? steps.at(-1) ?? null;
}
