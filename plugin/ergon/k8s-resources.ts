// Resource requests and limits for one container of a manifest: what the manifest says, else
// defaults from the services it runs, each default with the sentence that explains it (pure).
import type { Application, ContainerResources, ContainerSpec, Manifest, ServiceKind } from '../../protocol';

/** Requests and limits, complete, and where each came from. */
export interface ResolvedResources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
  /** One line per value taken from the defaults (empty when the manifest set everything). */
  defaults: string[];
}

// Typical resident memory of each kind at rest, in MiB: a starting point, not a measurement.
const MEMORY_MIB: Partial<Record<ServiceKind, number>> = { web: 128, worker: 256, redis: 64, postgres: 256 };
const OTHER_MIB = 128;
/** The container CI itself (Node at rest plus a recipe worker). */
const CI_MIB = 96;
const CPU_MILLI_PER_SERVICE = 100;
const CI_CPU_MILLI = 50;

/** The resources of `container` in `manifest`: its own `resources`, completed by the defaults. */
export function resourcesFor(manifest: Manifest, container: string): ResolvedResources {
  const spec: ContainerSpec | undefined = manifest.containers[container];
  const apps = (spec?.applications ?? []).map((a) => manifest.applications[a]).filter((a): a is Application => !!a);
  const given: ContainerResources = spec?.resources ?? {};
  const memMib = CI_MIB + apps.reduce((sum, a) => sum + (MEMORY_MIB[a.type] ?? OTHER_MIB), 0);
  const cpuMilli = CI_CPU_MILLI + CPU_MILLI_PER_SERVICE * apps.length;
  const kinds = apps.map((a) => `${a.type} ${MEMORY_MIB[a.type] ?? OTHER_MIB}Mi`).join(' + ');
  const defaults: string[] = [];
  const pick = (value: string | undefined, fallback: string, why: string) => {
    if (value !== undefined) return value;
    defaults.push(why);
    return fallback;
  };
  const requests = {
    cpu: pick(
      given.requests?.cpu,
      `${cpuMilli}m`,
      `cpu request ${cpuMilli}m: ${CPU_MILLI_PER_SERVICE}m per service (${apps.length}) + ${CI_CPU_MILLI}m for the CI`,
    ),
    memory: pick(
      given.requests?.memory,
      `${memMib}Mi`,
      `memory request ${memMib}Mi: ${kinds || 'no services'} + CI ${CI_MIB}Mi (typical at rest)`,
    ),
  };
  const limits = {
    cpu: pick(
      given.limits?.cpu,
      `${cpuMilli * 4}m`,
      `cpu limit ${cpuMilli * 4}m: 4 × the request, room for bursts (startup, builds of caches)`,
    ),
    memory: pick(
      given.limits?.memory,
      `${memMib * 2}Mi`,
      `memory limit ${memMib * 2}Mi: 2 × the request; above it the kernel kills the container`,
    ),
  };
  // Kubernetes rejects a request above its limit: a default request yields to a limit the manifest set.
  if (given.requests?.memory === undefined && toBytes(requests.memory) > toBytes(limits.memory)) {
    requests.memory = limits.memory;
    defaults.push(`memory request lowered to the manifest's limit ${limits.memory}`);
  }
  if (given.requests?.cpu === undefined && toMilli(requests.cpu) > toMilli(limits.cpu)) {
    requests.cpu = limits.cpu;
    defaults.push(`cpu request lowered to the manifest's limit ${limits.cpu}`);
  }
  return { requests, limits, defaults };
}

const UNITS: Record<string, number> = {
  '': 1,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};
function toBytes(q: string): number {
  const m = /^(\d+)([KMGT]i?)?$/.exec(q);
  return m ? Number(m[1]) * (UNITS[m[2] ?? ''] ?? 1) : Number.NaN;
}
function toMilli(q: string): number {
  return q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000;
}
