// `ci-tool.js relay <request-json> [timeout-ms]`: the host's way into a CI that has no socket on the
// host (started with plain `docker run`): `docker exec <id> /opt/tekton-ci/node /opt/tekton-ci/ci-tool.js
// relay '{"type":"status"}'` sends the request to the CI's own socket with the token and prints the
// reply as one JSON line. Exit 0 with a reply; 2 for a bad request; 3 when the CI does not answer.
import { CI_SOCKET, requestOverSocket, type Request } from '../../protocol';
import { type ClientPlaces, readClientToken } from './client-token';

// The relay prints one reply; the host reads it whole from the exec output.
const MAX_REPLY_BYTES = 16 * 1024 * 1024;

/** Arguments and effects of one relay run (defaults at the edge, in tool-main.ts). */
export interface RelayRun extends ClientPlaces {
  args: string[];
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs the relay; resolves with the process exit code. */
export async function runRelay({ args, env, readFile, out, err }: RelayRun): Promise<number> {
  const [json, timeoutArg] = args;
  let request: Request;
  try {
    request = JSON.parse(json ?? '') as Request;
    if (!request || typeof request !== 'object' || typeof request.type !== 'string') throw new Error('no "type"');
  } catch (e) {
    err(`relay: the request must be one JSON object with a "type" (${(e as Error).message})`);
    return 2;
  }
  const timeoutMs = Number(timeoutArg) > 0 ? Number(timeoutArg) : 5000;
  const token = readClientToken({ env, readFile });
  try {
    const reply = await requestOverSocket({
      address: { path: env.TEKTON_CI_SOCKET || CI_SOCKET },
      request: { ...request, id: request.id ?? 'relay', ...(token ? { token } : {}) } as Request,
      timeoutMs,
      maxReplyBytes: MAX_REPLY_BYTES,
    });
    out(JSON.stringify(reply));
    return 0;
  } catch (e) {
    err((e as Error).message);
    return 3;
  }
}
