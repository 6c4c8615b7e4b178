// Reaches a CI that has no socket on the host (started with plain `docker run`, no bind mount):
// `docker exec <id> /opt/tekton-ci/clean-exec /opt/tekton-ci/node /opt/tekton-ci/ci-tool.js relay
// <request> <timeout>` runs the CI's relay (ci-runtime/tool/relay.ts) inside the container, which
// reads the token as root and talks to the CI's own socket. `docker exec` hands the image's
// environment to what it runs, as root: clean-exec starts the relay without it. It relies only on
// the places in protocol/places.ts.
import { CI_CLEAN_EXEC, CI_NODE, CI_TOOL, checkReply, malformedReply, type Reply } from '../../protocol';
import type { ContainerClient } from '../engine/container-client';
import { CiUnreachableError, MAX_REPLY_BYTES, type CiRequest, type CiTransport } from './ci-client';

/** The argv that relays one request inside the container (the relay gives up a little before we do). */
export function relayCommand(req: CiRequest, timeoutMs: number): string[] {
  return [
    CI_CLEAN_EXEC,
    CI_NODE,
    CI_TOOL,
    'relay',
    JSON.stringify({ ...req, id: 'x1' }),
    String(Math.max(100, timeoutMs - 100)),
  ];
}

/** Transport over `docker exec`. */
export class ExecCiTransport implements CiTransport {
  readonly describe: string;
  constructor(
    private readonly containers: ContainerClient,
    private readonly containerId: string,
  ) {
    this.describe = `docker exec ${containerId.slice(0, 12)}`;
  }

  async request(req: CiRequest, opts: { timeoutMs?: number } = {}): Promise<Reply> {
    const timeoutMs = opts.timeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new AbortController();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        giveUp.abort();
        reject(new CiUnreachableError(`${this.describe} did not answer within ${timeoutMs} ms`, 'timeout'));
      }, timeoutMs);
    });
    try {
      // The relay's output comes from the container: bounded like a socket reply, dropped at the timeout.
      const run = this.containers.exec(this.containerId, relayCommand(req, timeoutMs), {
        maxBytes: MAX_REPLY_BYTES,
        signal: giveUp.signal,
      });
      run.catch(() => undefined);
      const result = await Promise.race([run, timeout]);
      const line = result.stdout.split('\n').find((l) => l.trim());
      if (result.exitCode !== 0 || !line) {
        const why = result.stderr.trim() || `exit ${result.exitCode}`;
        // An image built before the relay (or clean-exec) became part of the CI lacks it. Never fall
        // back to running node directly: that is root with the image's environment.
        if (/Cannot find module .*ci-tool\.js|clean-exec: no such file/i.test(why)) {
          throw new CiUnreachableError(
            `${this.describe}: the image has no ${/clean-exec/.test(why) ? CI_CLEAN_EXEC : CI_TOOL} (built by an older aish); rebuild it with 'aish docker build' to reach its CI without a socket`,
            'refused',
          );
        }
        throw new CiUnreachableError(
          `${this.describe}: the CI socket inside the container did not answer (${why})`,
          'refused',
        );
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw malformedReply(this.describe, 'the relay printed a line that is not JSON');
      }
      const checked = checkReply(parsed);
      if (!checked.ok) throw malformedReply(this.describe, checked.reason);
      return checked.reply;
    } catch (err) {
      if (err instanceof CiUnreachableError) throw err;
      throw new CiUnreachableError(`${this.describe}: ${(err as Error).message}`, 'refused', { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  async stream(): Promise<void> {
    // Event streams need a long-lived exec; the monitor polls exec-only CIs with its periodic probe instead.
    throw new CiUnreachableError(
      `${this.describe}: event streams are only available over the socket; the monitor probes this CI periodically`,
      'refused',
    );
  }
}
