// The registry (synced with the engine) joined with one probe of each running CI, in parallel:
// the data behind `ci list`, `ergon ps`, `ci monitor` snapshots and `tekton status`.
import { transportFor } from '../transport/ci-connect';
import { probeCi, type CiProbe } from './ci-probe';
import type { HostDeps } from '../host';
import { syncRegistry } from '../registry/registry-sync';
import type { CiEntry } from '../registry/registry-types';

/** One CI with what its probe saw. */
export interface CiRow { entry: CiEntry; probe: CiProbe }

/** Syncs the registry from the engine (when reachable) and probes every CI. */
export async function collectCiRows(deps: HostDeps, opts: { timeoutMs?: number; sync?: boolean } = {}): Promise<{ rows: CiRow[]; engineError: string | null }> {
  let engineError: string | null = null;
  if (opts.sync !== false) {
    try { await syncRegistry(deps.registry, deps.containers); } catch (err) { engineError = (err as Error).message; }
  }
  const entries = await deps.registry.list();
  const rows = await Promise.all(entries.map(async (entry) => ({
    entry,
    probe: await probeCi(entry, transportFor(entry, deps.containers), { timeoutMs: opts.timeoutMs ?? 2000, clock: deps.clock }),
  })));
  return { rows, engineError };
}

/** The JSON shape of one `ci list --json` entry. */
export function ciRowJson(row: CiRow) {
  const { entry, probe } = row;
  return {
    ci_name: entry.ci_name, container: entry.container, container_id: entry.container_id, image: entry.image,
    project: entry.project, app: entry.app, state: entry.state, endpoint: entry.endpoint, ports: entry.ports, source: entry.source,
    health: probe.health, summary: probe.summary, memory_bytes: probe.memory_bytes, cpu_percent: probe.cpu_percent,
    response_ms: probe.response_ms, error: probe.error,
    services: probe.services.map((s) => ({ name: s.name, state: s.state, health: s.health, pid: s.pid, restarts: s.restarts, memory_bytes: s.memory_bytes, cpu_percent: s.cpu_percent })),
  };
}
