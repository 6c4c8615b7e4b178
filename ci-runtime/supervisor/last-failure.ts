// How a service's last failed run ended, with its error quoted from that run's own output. Computed
// when asked, not at the exit: a crashing process's last lines may still be in the pipe when its
// 'exit' event arrives. Remembered per output version, so `status` stays cheap while nothing prints.
import type { RunFailure } from '../../protocol';
import { quoteFailure } from './failure-quote';
import type { ServiceRuntime } from './service-spec';

const cache = new WeakMap<ServiceRuntime, { run: number; version: number; value: RunFailure }>();

/** The protocol view of `rt.lastFailure`, or undefined when no run has failed. */
export function lastFailureOf(rt: ServiceRuntime): RunFailure | undefined {
  const end = rt.lastFailure;
  if (!end) return undefined;
  const hit = cache.get(rt);
  if (hit && hit.run === end.run && hit.version === rt.output.version && hit.value.at === iso(end.at)) return hit.value;
  // Killed (by a signal, or by the CI) it had no say: only a line that names an error is quoted.
  const exitedItself = end.signal === null && end.exit === `exit code ${end.code}`;
  const quote = quoteFailure(rt.output.linesOf(end.run), { lastWords: exitedItself });
  const value: RunFailure = {
    run: end.run,
    at: iso(end.at),
    exit: end.exit,
    exit_code: end.code,
    signal: end.signal,
    error: quote.error,
    error_lines: quote.lines,
  };
  cache.set(rt, { run: end.run, version: rt.output.version, value });
  return value;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
