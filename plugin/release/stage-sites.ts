// A stage's site as the host reaches it: the engine (this one, or the DOCKER_HOST the manifest
// names) and the container CIs that run the stage there, asked for their status.
import type { LifecycleSite, Reply, ServiceStatus } from '../../protocol';
import { createHostDeps, type HostDeps } from '../host';
import { entryFromContainer } from '../registry/registry-entry';
import type { CiEntry } from '../registry/registry-types';
import { transportFor } from '../transport/ci-connect';
import type { GateWitness } from './ci-gate';

/** Host deps for a site: the given ones for this engine, fresh ones for another DOCKER_HOST. */
export function siteDeps(site: LifecycleSite, local: HostDeps): { deps: HostDeps; isLocal: boolean } {
  if (!site.docker_host) return { deps: local, isLocal: true };
  return { deps: createHostDeps({ ...local.env, DOCKER_HOST: site.docker_host, DOCKER_CONTEXT: undefined }, local.warn), isLocal: false };
}

/** Where a site is, in words: 'this engine' or its DOCKER_HOST, and engine or swarm. */
export function describeSite(site: LifecycleSite): string {
  return `${site.kind === 'swarm' ? 'swarm' : 'engine'} ${site.docker_host ?? 'local'}`;
}

/** The running container CIs of a deployment (`<app>-<stage>`: its container or its service's tasks). */
export async function stageCis(deps: HostDeps, deployment: string): Promise<CiEntry[]> {
  const all = await deps.containers.list({ all: false });
  return all
    .map((c) => entryFromContainer(c))
    .filter((e): e is CiEntry => e !== null && (e.app === deployment || e.container === deployment));
}

/** Asks each CI for its status; never throws (an unreachable CI is a witness that says so). */
export async function witnessesOf(deps: HostDeps, entries: CiEntry[], timeoutMs = 5000): Promise<GateWitness[]> {
  return Promise.all(entries.map(async (entry) => {
    try {
      const reply: Reply = await transportFor(entry, deps.containers).request({ type: 'status' }, { timeoutMs });
      if (reply.type !== 'status_response') {
        return { ci_name: entry.ci_name, reachable: false, error: reply.type === 'error' ? reply.message : `unexpected ${reply.type}`, services: [], anomalies: [] };
      }
      return { ci_name: entry.ci_name, reachable: true, error: null, services: reply.services as ServiceStatus[], anomalies: anomaliesOf(reply) };
    } catch (err) {
      return { ci_name: entry.ci_name, reachable: false, error: (err as Error).message, services: [], anomalies: [] };
    }
  }));
}

// A CI that learns its container flags anomalies in its status reply; older CIs send none.
function anomaliesOf(reply: Reply): string[] {
  const raw = (reply as { anomalies?: unknown }).anomalies;
  if (!Array.isArray(raw)) return [];
  return raw.map((a) => (typeof a === 'string' ? a : typeof (a as { message?: unknown })?.message === 'string' ? (a as { message: string }).message : JSON.stringify(a)));
}
