// A short history of probes per CI (a ring per name): what the monitor and `ci top` draw from.
import type { CiProbe } from './ci-probe';

/** Probes per CI, newest last, at most `size` each. */
export class HealthHistory {
  private readonly byCi = new Map<string, CiProbe[]>();
  constructor(readonly size = 30) {}

  /** Adds a probe; returns the previous one for that CI (to detect changes). */
  add(probe: CiProbe): CiProbe | null {
    const list = this.byCi.get(probe.ci_name) ?? [];
    const previous = list.at(-1) ?? null;
    list.push(probe);
    if (list.length > this.size) list.splice(0, list.length - this.size);
    this.byCi.set(probe.ci_name, list);
    return previous;
  }

  /** The probes of one CI, oldest first. */
  of(ciName: string): CiProbe[] {
    return this.byCi.get(ciName) ?? [];
  }

  /** The newest probe of one CI. */
  latest(ciName: string): CiProbe | null {
    return this.byCi.get(ciName)?.at(-1) ?? null;
  }

  /** Forgets a removed CI. */
  forget(ciName: string): void {
    this.byCi.delete(ciName);
  }

  /** Names of the CIs with a history. */
  names(): string[] {
    return [...this.byCi.keys()].sort();
  }
}

/** A line describing what changed between two probes, or null when nothing worth saying did. */
export function describeChange(previous: CiProbe | null, current: CiProbe): string | null {
  const prevServices = new Map((previous?.services ?? []).map((s) => [s.name, s]));
  const parts: string[] = [];
  if (!previous || previous.health !== current.health)
    parts.push(`${previous ? `${previous.health} → ` : ''}${current.health}`);
  for (const s of current.services) {
    const p = prevServices.get(s.name);
    if (p && (p.health !== s.health || p.state !== s.state))
      parts.push(`${s.name} ${p.state}/${p.health} → ${s.state}/${s.health}`);
  }
  if (!parts.length) return null;
  if (!previous && current.health === 'healthy') return null;
  return `${current.ci_name}: ${parts.join('; ')}${current.error ? ` (${current.error})` : ''}`;
}
