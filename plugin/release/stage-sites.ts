// A stage's site as the host reaches it: the engine (this one, or the DOCKER_HOST the manifest
// names), the engines of a Swarm's nodes, and the container CIs that run the stage there.
import type { LifecycleSite, Reply, ServiceStatus } from '../../protocol';
import type { ContainerClient } from '../engine/container-client';
import type { HostDeps } from '../host';
import { entriesOf } from '../registry/registry-sync';
import type { CiEntry } from '../registry/registry-types';
import { transportFor } from '../transport/ci-connect';
import type { GateWitness } from './ci-gate';

/** Host deps for an engine: the given ones for this engine, fresh ones for another DOCKER_HOST. */
export function engineDeps(dockerHost: string | undefined, local: HostDeps): { deps: HostDeps; isLocal: boolean } {
  if (!dockerHost) return { deps: local, isLocal: true };
  return { deps: local.forEngine(dockerHost), isLocal: false };
}

/** Host deps for a site's engine (a Swarm's: its manager's). */
export function siteDeps(site: LifecycleSite, local: HostDeps): { deps: HostDeps; isLocal: boolean } {
  return engineDeps(site.docker_host, local);
}

/** Where a site is, in words: 'engine local', 'swarm tcp://…'. */
export function describeSite(site: LifecycleSite): string {
  return `${site.kind === 'swarm' ? 'swarm' : 'engine'} ${site.docker_host ?? 'local'}`;
}

/** A CI of a stage, the node (engine name) it runs on, and the engine that reaches it. */
export interface StageCi {
  entry: CiEntry;
  node: string;
  containers: ContainerClient;
}

/** The CIs of a deployment (`<app>-<stage>`) on every engine of its site; unreachable engines are named. */
export async function stageCis(
  site: LifecycleSite,
  local: HostDeps,
  deployment: string,
): Promise<{ cis: StageCi[]; unreachable: string[] }> {
  const hosts = [...new Set([site.docker_host, ...(site.kind === 'swarm' ? (site.node_hosts ?? []) : [])])];
  const cis: StageCi[] = [];
  const unreachable: string[] = [];
  await Promise.all(
    hosts.map(async (host) => {
      const { deps } = engineDeps(host, local);
      try {
        const docker = await deps.getDocker();
        const info = (await Promise.race([
          docker.info(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 5 s')), 5000)),
        ])) as { Name?: string };
        const containers = await deps.containers.list({ all: false });
        for (const entry of await entriesOf(deps.containers, containers)) {
          if (entry.app === deployment || entry.container === deployment)
            cis.push({ entry, node: info.Name ?? host ?? 'local', containers: deps.containers });
        }
      } catch (err) {
        unreachable.push(`${host ?? 'the local engine'} (${(err as Error).message})`);
      }
    }),
  );
  cis.sort((a, b) => a.entry.ci_name.localeCompare(b.entry.ci_name));
  return { cis, unreachable };
}

/** Asks each CI for its status; never throws (an unreachable CI is a witness that says so). */
export async function witnessesOf(cis: StageCi[], timeoutMs = 5000): Promise<(GateWitness & { node: string })[]> {
  return Promise.all(
    cis.map(async ({ entry, node, containers }) => {
      const base = { ci_name: entry.ci_name, node };
      try {
        const reply: Reply = await transportFor(entry, containers).request({ type: 'status' }, { timeoutMs });
        if (reply.type !== 'status_response') {
          return {
            ...base,
            reachable: false,
            error: reply.type === 'error' ? reply.message : `unexpected ${reply.type}`,
            services: [],
            anomalies: [],
          };
        }
        return {
          ...base,
          reachable: true,
          error: null,
          services: reply.services as ServiceStatus[],
          anomalies: anomaliesOf(reply),
        };
      } catch (err) {
        return { ...base, reachable: false, error: (err as Error).message, services: [], anomalies: [] };
      }
    }),
  );
}

// A CI that learns its container flags anomalies in its status reply; older CIs send none.
function anomaliesOf(reply: Reply): string[] {
  const raw = (reply as { anomalies?: unknown }).anomalies;
  if (!Array.isArray(raw)) return [];
  return raw.map((a) =>
    typeof a === 'string'
      ? a
      : typeof (a as { message?: unknown })?.message === 'string'
        ? (a as { message: string }).message
        : JSON.stringify(a),
  );
}
