// "What changed?" (pure): the last hour against the learned baseline before it, metric by metric,
// after what the supervisor did in that hour (container restarts, exits, FATAL: history.ts).
import { figureOf, type ServiceFacts } from './anomalies';
import { formatValue, METRICS } from './metrics';
import { median, minutesBetween, MINUTE, type Series } from './series';
import type { Baselines } from './store';

/** One metric that moved. */
export interface Change {
  service: string;
  metric: string;
  before: number;
  now: number;
  text: string;
}

const WINDOW_MIN = 60;
const MIN_BASELINE = 30;
/** A move by this factor either way, and by more than the metric's floor, is a change. */
const FACTOR = 1.5;

/** Metric moves over the last hour, largest first. */
export function metricChanges(baselines: Baselines, services: ServiceFacts[], now: number): Change[] {
  const out: Array<Change & { weight: number }> = [];
  for (const svc of services) {
    for (const [metric, s] of Object.entries(baselines[svc.name] ?? {})) {
      const def = METRICS[metric];
      if (!def) continue;
      const split = now - WINDOW_MIN * MINUTE;
      const before = minutesBetween(s, now - 1440 * MINUTE, split);
      const recent = minutesBetween(s, split, now + MINUTE);
      if (before.length < MIN_BASELINE || !recent.length) continue;
      const b = median(before.map((x) => figureOf(x, def.sum)))!;
      const r = recent.reduce((a, x) => a + figureOf(x, def.sum), 0) / recent.length;
      const up = r >= b * FACTOR,
        down = r * FACTOR <= b;
      if ((!up && !down) || Math.abs(r - b) < def.floor) continue;
      const hours = Math.max(1, Math.round((split - before[0]![0]) / (60 * MINUTE)));
      out.push({
        service: svc.name,
        metric,
        before: b,
        now: r,
        weight: Math.abs(Math.log((r + 1e-9) / (b + 1e-9))),
        text:
          `${svc.label} ${def.label} ${up ? 'rose' : 'fell'} to ${formatValue(metric, r)} over the last hour, ` +
          `from a ${hours}-hour median of ${formatValue(metric, b)}`,
      });
    }
  }
  return out.sort((a, b) => b.weight - a.weight).map(({ weight: _w, ...c }) => c);
}

/** The answer to "what changed?". `learningSince` is the oldest sample (ms) or null. */
export function changesText(
  changes: Change[],
  supervision: string[],
  learningSince: number | null,
  now: number,
): string {
  // Failures first: they explain the figures that moved.
  const lines = [...supervision, ...changes.map((c) => c.text)];
  if (lines.length) return `What changed:\n${lines.map((l) => `  ${l}`).join('\n')}`;
  const learned = learningSince === null ? 0 : Math.round((now - learningSince) / MINUTE);
  if (learned < WINDOW_MIN + MIN_BASELINE) {
    return (
      `Nothing the CI did in the last hour, and I have learned this container for ${plural(learned, 'minute')}: ` +
      `I compare the last hour with what came before once I have ${WINDOW_MIN + MIN_BASELINE} minutes.`
    );
  }
  return (
    'Nothing changed much: every figure of the last hour is within 1.5× of its usual level, ' +
    'and the CI restarted nothing.'
  );
}

/** '1 minute', '3 minutes' */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export type { Series };
