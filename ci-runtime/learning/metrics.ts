// The metrics the CI learns, with their units, how they are shown, and the least change that
// matters (a 3× jump from 1 MB to 3 MB is noise). Data, not code.

/** One learned metric. */
export interface MetricDef {
  /** Words in a sentence: 'memory', 'probe latency'. */
  label: string;
  unit: string;
  /** The smallest difference from the baseline worth a word. */
  floor: number;
  /** Counts per minute (restarts) are summed; levels (memory) are averaged. */
  sum?: boolean;
}

export const METRICS: Record<string, MetricDef> = {
  memory_mb: { label: 'memory', unit: 'MB', floor: 20 },
  cpu_percent: { label: 'CPU', unit: '%', floor: 20 },
  probe_ms: { label: 'probe latency', unit: 'ms', floor: 50 },
  restarts: { label: 'restarts', unit: '', floor: 2, sum: true },
  ops_per_sec: { label: 'commands per second', unit: '/s', floor: 50 },
  clients: { label: 'connected clients', unit: '', floor: 10 },
  queue_length: { label: 'queue length', unit: 'tasks', floor: 20 },
};

export const METRIC_NAMES = Object.keys(METRICS);

/** '62 MB', '340 ms', '12 tasks' */
export function formatValue(metric: string, v: number): string {
  const def = METRICS[metric];
  const n = v >= 100 ? Math.round(v) : Math.round(v * 10) / 10;
  if (!def?.unit) return String(n);
  return def.unit.startsWith('/') || def.unit === '%' ? `${n}${def.unit}` : `${n} ${def.unit}`;
}
