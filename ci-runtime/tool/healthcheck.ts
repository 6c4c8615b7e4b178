// `ci-tool.js healthcheck`: the image's HEALTHCHECK. Asks the running CI (never starts one): `health`
// over its socket with the token, else `ping` (which needs none). Exit 0 when healthy, degraded or
// starting; 1 when unhealthy or when the CI does not answer within 4 s (Docker's timeout is 5 s).
import { CI_SOCKET, CiUnreachableError, requestOverSocket, type Request } from '../../protocol';
import { type ClientPlaces, readClientToken } from './client-token';

const TIMEOUT_MS = 4000;

/** Effects of one healthcheck run. */
export interface HealthcheckRun extends ClientPlaces {
  out: (line: string) => void;
}

/** Runs the healthcheck; resolves with the exit code Docker reads (its one line goes to the health log). */
export async function runHealthcheck({ env, readFile, out }: HealthcheckRun): Promise<number> {
  const token = readClientToken({ env, readFile });
  const request: Request = token ? { type: 'health', id: 'hc', token } : { type: 'ping', id: 'hc' };
  try {
    const reply = await requestOverSocket({
      address: { path: env.TEKTON_CI_SOCKET || CI_SOCKET },
      request,
      timeoutMs: TIMEOUT_MS,
      maxReplyBytes: 1024 * 1024,
    });
    if (reply.type === 'pong') return say(out, 'container CI answers', 0);
    if (reply.type === 'health_response')
      return say(out, `container CI: ${reply.status}`, reply.status === 'unhealthy' ? 1 : 0);
    const message = 'message' in reply && reply.message ? `: ${reply.message}` : '';
    return say(out, `container CI replied ${reply.type || 'nothing usable'}${message}`, 1);
  } catch (e) {
    if (e instanceof CiUnreachableError && e.reason === 'timeout') {
      return say(out, `container CI did not answer within ${TIMEOUT_MS / 1000} s`, 1);
    }
    return say(out, `container CI socket: ${(e as Error).message}`, 1);
  }
}

function say(out: (line: string) => void, line: string, code: number): number {
  out(line);
  return code;
}
