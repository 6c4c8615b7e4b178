// The registry (synced with the engine) joined with one probe of each running CI, in parallel:
// the data behind `ci list`, `ergon ps`, `ci monitor` snapshots and `tekton status`.
import { transportFor } from '../transport/ci-connect';
import { probeCi, type CiProbe } from './ci-probe';
import type { HostDeps } from '../host';
import { syncRegistry } from '../registry/registry-sync';
import type { CiEntry } from '../registry/registry-types';
import { entriesFromEngine } from '../registry/registry-sync';
import { readRemoteEngines } from '../registry/remote-engines';

/** One CI with what its probe saw. */
export interface CiRow {
  entry: CiEntry;
  probe: CiProbe;
}

/** Syncs the registry from the engine (when reachable) and probes every CI, this engine's and the remote ones'. */
export async function collectCiRows(
  deps: HostDeps,
  opts: { timeoutMs?: number; sync?: boolean } = {},
): Promise<{ rows: CiRow[]; engineError: string | null; remoteErrors: string[] }> {
  let engineError: string | null = null;
  if (opts.sync !== false) {
    try {
      await syncRegistry(deps.registry, deps.containers);
    } catch (err) {
      engineError = (err as Error).message;
    }
  }
  const probe = (entry: CiEntry, containers: HostDeps['containers']) =>
    probeCi(entry, transportFor(entry, containers), { timeoutMs: opts.timeoutMs ?? 2000, clock: deps.clock });
  const local = await Promise.all(
    (await deps.registry.list()).map(async (entry) => ({ entry, probe: await probe(entry, deps.containers) })),
  );
  const remoteErrors: string[] = [];
  const remote = await Promise.all(
    readRemoteEngines(deps.stateDir).map(async ({ docker_host }) => {
      const there = deps.forEngine(docker_host);
      try {
        const docker = await there.getDocker();
        const info = (await withTimeout(docker.info(), 3000)) as { Name?: string };
        const entries = (await entriesFromEngine(there.containers)).filter((e) => e.state === 'running');
        return Promise.all(
          entries.map(async (e) => {
            const entry: CiEntry = { ...e, docker_host, node: info.Name ?? docker_host };
            return { entry, probe: await probe(entry, there.containers) };
          }),
        );
      } catch (err) {
        remoteErrors.push(`engine ${docker_host} does not answer (${(err as Error).message})`);
        return [];
      }
    }),
  );
  return { rows: [...local, ...remote.flat()], engineError, remoteErrors };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

/** The JSON shape of one `ci list --json` entry. */
export function ciRowJson(row: CiRow) {
  const { entry, probe } = row;
  return {
    ci_name: entry.ci_name,
    container: entry.container,
    container_id: entry.container_id,
    image: entry.image,
    project: entry.project,
    app: entry.app,
    state: entry.state,
    endpoint: entry.endpoint,
    ports: entry.ports,
    source: entry.source,
    node: entry.node ?? null,
    docker_host: entry.docker_host ?? null,
    health: probe.health,
    summary: probe.summary,
    memory_bytes: probe.memory_bytes,
    cpu_percent: probe.cpu_percent,
    response_ms: probe.response_ms,
    error: probe.error,
    services: probe.services.map((s) => ({
      name: s.name,
      state: s.state,
      health: s.health,
      pid: s.pid,
      restarts: s.restarts,
      memory_bytes: s.memory_bytes,
      cpu_percent: s.cpu_percent,
    })),
  };
}
