// Anomalies against learned baselines (pure): a metric whose recent mean is at least `factor`
// times its median over the baseline window (up to a day of minutes), and far enough from it to
// matter, is flagged with when it started and the recipe that fits. Needs enough history first.
import type { Anomaly } from '../../protocol';
import { formatValue, METRICS } from './metrics';
import { mean, median, minutesBetween, MINUTE, type Bucket, type Series } from './series';

/** Detection tuning. */
export interface AnomalyOptions {
  /** How many times the median counts as unusual. */
  factor: number;
  /** Minutes of baseline needed before judging. */
  minHistoryMinutes: number;
  /** The recent window compared against the baseline. */
  recentMinutes: number;
  /** Baseline window (a day). */
  baselineMinutes: number;
}

export const DEFAULT_ANOMALY: AnomalyOptions = {
  factor: 3,
  minHistoryMinutes: 60,
  recentMinutes: 5,
  baselineMinutes: 1440,
};

/** A baseline median and the minutes it covers (the learner caches them: they move slowly and cost a sort). */
export type Baseline = { median: number; minutes: number } | null;

/** The service a metric belongs to, as the learner knows it. */
export interface ServiceFacts {
  name: string;
  label: string;
  kind: string;
  cache?: boolean;
}

/** The median of the baseline window (before the recent one) and how many minutes it covers. */
export function baselineOf(s: Series, now: number, o: AnomalyOptions = DEFAULT_ANOMALY, sum = false): Baseline {
  const recentStart = now - o.recentMinutes * MINUTE;
  const buckets = minutesBetween(s, now - o.baselineMinutes * MINUTE, recentStart);
  if (buckets.length < o.minHistoryMinutes) return null;
  return { median: median(buckets.map((b) => figureOf(b, sum)))!, minutes: buckets.length };
}

/** A minute's figure: the sum for counts (restarts a minute), the mean for levels. */
export function figureOf(b: Bucket, sum = false): number {
  return sum ? b[2] : mean(b);
}

/** 'its 24-hour median', 'its 3-hour median', 'its 45-minute median' */
export function windowWords(minutes: number, first: number, now: number): string {
  const span = Math.max(minutes, Math.round((now - first) / MINUTE));
  if (span >= 90) return `its ${Math.min(24, Math.round(span / 60))}-hour median`;
  return `its ${span}-minute median`;
}

/** One metric judged; null when normal or not known well enough yet. */
export function judge(
  svc: ServiceFacts,
  metric: string,
  s: Series,
  now: number,
  o: AnomalyOptions = DEFAULT_ANOMALY,
  cached?: Baseline,
): Anomaly | null {
  const def = METRICS[metric];
  if (!def) return null;
  const base = cached === undefined ? baselineOf(s, now, o, def.sum) : cached;
  if (!base) return null;
  const recent = recentMinutes(s, now - o.recentMinutes * MINUTE, now + MINUTE);
  if (!recent.length) return null;
  const value = recent.reduce((a, b) => a + figureOf(b, def.sum), 0) / recent.length;
  const unusual = (v: number) => v - base.median >= def.floor && v >= o.factor * Math.max(base.median, Number.EPSILON);
  if (!unusual(value)) return null;
  // Since when: walk back over the minutes that are unusual on their own.
  let since = recent[recent.length - 1]![0];
  for (let i = s.minutes.length - 1; i >= 0; i--) {
    const b = s.minutes[i]!;
    if (b[0] > now) continue;
    if (!unusual(figureOf(b, def.sum))) break;
    since = b[0];
  }
  const ratio = base.median > 0 ? value / base.median : Infinity;
  const times = Number.isFinite(ratio)
    ? `${ratio.toFixed(1)}× ${windowWords(base.minutes, s.minutes[0]![0], now)}`
    : `${formatValue(metric, value)}, up from none`;
  const at = new Date(since).toISOString().slice(11, 16);
  const figures = `${formatValue(metric, value)} vs ${formatValue(metric, base.median)}`;
  const text = `${svc.label} ${def.label} ${times} since ${at} UTC (${figures})`;
  const suggest = suggestRecipe(svc, metric);
  return {
    service: svc.name,
    metric,
    value: round(value),
    baseline: round(base.median),
    unit: def.unit,
    ratio: Number.isFinite(ratio) ? round(ratio) : 0,
    since: new Date(since).toISOString(),
    text,
    ...(suggest ? { suggest } : {}),
  };
}

/**
 * The recipe that fits an anomaly (suggested, never run): a cache's memory → clear-cache, other
 * Redis or app memory → optimize-memory, a worker's memory or a growing queue → restart-workers,
 * Postgres latency → vacuum-analyze, many clients → connections, slow probes or CPU → diagnose-slow.
 */
export function suggestRecipe(svc: Pick<ServiceFacts, 'kind' | 'cache'>, metric: string): string | null {
  if (metric === 'memory_mb') {
    if (svc.kind === 'redis') return svc.cache ? 'clear-cache' : 'optimize-memory';
    if (svc.kind === 'worker' || svc.kind === 'scheduler') return 'restart-workers';
    if (svc.kind === 'web') return 'optimize-memory';
    return null;
  }
  if (metric === 'queue_length') return 'restart-workers';
  if (metric === 'clients') return 'connections';
  if (svc.kind === 'postgres' && metric === 'probe_ms') return 'vacuum-analyze';
  if (metric === 'probe_ms' || metric === 'cpu_percent') return 'diagnose-slow';
  return null;
}

/** The newest buckets in [from, to), read from the end (the recent window is a few of 1440). */
function recentMinutes(s: Series, from: number, to: number): Bucket[] {
  const out: Bucket[] = [];
  for (let i = s.minutes.length - 1; i >= 0 && s.minutes[i]![0] >= from; i--) {
    if (s.minutes[i]![0] < to) out.unshift(s.minutes[i]!);
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
