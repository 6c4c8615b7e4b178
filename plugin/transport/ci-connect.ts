// From a registry entry to a transport: the bind-mounted socket with the host's own copy of the token
// (files/ci-token.ts), else TCP, else docker exec. The token is never read from the run dir, which
// the container controls; a CI whose run dir has no host copy (started by an older aish, or a bind
// mount made by hand) is reached through docker exec, where the CI's relay reads its own token.
import { dirname } from 'node:path';
import type { ContainerClient } from '../engine/container-client';
import { hasHostToken, readHostToken } from '../files/ci-token';
import { readFileNoFollow } from '../files/safe-open';
import { SocketCiTransport, type CiTransport } from './ci-client';
import { ExecCiTransport } from './exec-transport';
import type { CiEntry } from '../registry/registry-types';

/** The transport to reach the CI of a registry entry. */
export function transportFor(entry: CiEntry, containers: ContainerClient): CiTransport {
  const ep = entry.endpoint;
  if (ep.kind === 'socket') {
    const runDir = dirname(ep.path);
    if (!hasHostToken(runDir)) return new ExecCiTransport(containers, entry.container_id);
    return new SocketCiTransport({ path: ep.path }, () => readHostToken(runDir, entry.ci_name), entry.ci_name);
  }
  if (ep.kind === 'tcp') {
    const file = entry.token_file;
    const token = () =>
      file ? (readFileNoFollow(file, { what: `the token of ${entry.ci_name}`, maxBytes: 256 })?.trim() ?? null) : null;
    return new SocketCiTransport({ host: ep.host, port: ep.port }, token, entry.ci_name);
  }
  return new ExecCiTransport(containers, ep.container_id);
}
