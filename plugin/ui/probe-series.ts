// Memory and CPU over time per CI, from the monitor's probes: what the page's charts draw. The
// monitor's own history is short (30 probes for `ci top`); the page keeps its own, longer ring.
import type { CiProbe } from '../monitor/ci-probe';

/** One point of a chart. */
export interface SeriesPoint {
  at: string;
  memory_bytes: number | null;
  cpu_percent: number | null;
  services: Array<{ name: string; health: string; memory_bytes: number | null; cpu_percent: number | null }>;
}

/** A ring of points per CI. */
export class ProbeSeries {
  private readonly byCi = new Map<string, SeriesPoint[]>();
  private readonly last = new Map<string, CiProbe>();
  constructor(readonly size = 120) {}

  /** Records a probe; returns the point added. */
  add(probe: CiProbe): SeriesPoint {
    this.last.set(probe.ci_name, probe);
    const point: SeriesPoint = {
      at: probe.at,
      memory_bytes: probe.memory_bytes,
      cpu_percent: probe.cpu_percent,
      services: probe.services.map((s) => ({
        name: s.name,
        health: s.health,
        memory_bytes: s.memory_bytes,
        cpu_percent: s.cpu_percent,
      })),
    };
    const list = this.byCi.get(probe.ci_name) ?? [];
    list.push(point);
    if (list.length > this.size) list.splice(0, list.length - this.size);
    this.byCi.set(probe.ci_name, list);
    return point;
  }

  /** Points of one CI, oldest first. */
  of(ci: string): SeriesPoint[] {
    return this.byCi.get(ci) ?? [];
  }

  /** The newest probe of one CI. */
  latest(ci: string): CiProbe | null {
    return this.last.get(ci) ?? null;
  }

  /** Forgets a removed CI. */
  forget(ci: string): void {
    this.byCi.delete(ci);
    this.last.delete(ci);
  }
}
