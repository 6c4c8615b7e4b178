// From a registry entry to a transport: the bind-mounted socket (with the token file next to it)
// when there is one, else TCP, else docker exec.
import { readFileSync } from 'node:fs';
import type { ContainerClient } from '../engine/container-client';
import { SocketCiTransport, type CiTransport } from './ci-client';
import { ExecCiTransport } from './exec-transport';
import type { CiEntry } from '../registry/registry-types';

/** Reads a token file; null when missing or unreadable (the CI then answers 'unauthorized'). */
export function readToken(path: string | null): string | null {
  if (!path) return null;
  try {
    return readFileSync(path, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** The transport to reach the CI of a registry entry. */
export function transportFor(entry: CiEntry, containers: ContainerClient): CiTransport {
  const ep = entry.endpoint;
  if (ep.kind === 'socket') return new SocketCiTransport({ path: ep.path }, readToken(entry.token_file));
  if (ep.kind === 'tcp') return new SocketCiTransport({ host: ep.host, port: ep.port }, readToken(entry.token_file));
  return new ExecCiTransport(containers, ep.container_id);
}
