// "Why is it slow?": findings from facts, no model (pure). Like k8sgpt's analyzers: each rule
// looks at one fact and says what it means.
import type { ContainerMetrics, ServiceStatus } from '../../protocol';
import { formatBytes, stateOf } from '../status-view';
import {
  CONTAINER_CPU_WARN_PERCENT,
  MEMORY_CRITICAL_SHARE,
  MEMORY_WARN_SHARE,
  SERVICE_CPU_WARN_PERCENT,
  SLOW_MS,
} from './thresholds';

/** One observation, worst first when sorted by severity. */
export interface Finding {
  severity: 'critical' | 'warning' | 'info';
  text: string;
  /** The failing run's error lines, quoted under the answer. */
  quote?: { service: string; run: number; lines: string[] };
}

/** Everything noteworthy about the container right now. */
export function diagnose(services: ServiceStatus[], c: ContainerMetrics): Finding[] {
  const out: Finding[] = [];
  if (c.memory_bytes !== null && c.memory_limit_bytes) {
    const pct = Math.round((c.memory_bytes / c.memory_limit_bytes) * 100);
    const text = `memory is at ${pct}% of the limit (${formatBytes(c.memory_bytes)} of ${formatBytes(c.memory_limit_bytes)})`;
    const share = c.memory_bytes / c.memory_limit_bytes;
    if (share >= MEMORY_CRITICAL_SHARE) out.push({ severity: 'critical', text: `${text}: close to being OOM-killed` });
    else if (share >= MEMORY_WARN_SHARE) out.push({ severity: 'warning', text });
  }
  if (c.cpu_percent !== null && c.cpu_percent >= CONTAINER_CPU_WARN_PERCENT)
    out.push({ severity: 'warning', text: `the container uses ${Math.round(c.cpu_percent)}% CPU` });
  for (const s of services) {
    const { word, note } = stateOf(s);
    const f = s.last_failure;
    // Why it fails, in its own words: how its last failed run ended and the line naming the error.
    const why = f ? `: run ${f.run} ended with ${f.exit}${f.error ? `; last error: ${f.error}` : ''}` : '';
    const quote = f?.error_lines.length ? { quote: { service: s.name, run: f.run, lines: f.error_lines } } : {};
    if (s.state === 'fatal')
      out.push({
        severity: 'critical',
        text: `${s.label} is FATAL (gave up after repeated failures)${why || (s.supervision?.last_action ? `: ${s.supervision.last_action}` : '')}`,
        ...quote,
      });
    else if (word === 'restarting')
      out.push({
        severity: 'critical',
        text: `${s.label} keeps exiting and is being restarted${note ? ` (${note})` : ''}${why}`,
        ...quote,
      });
    else if (word === 'held')
      out.push({ severity: 'warning', text: `${s.label} is ${s.supervision?.last_action ?? `held: ${note}`}` });
    else if (s.state === 'stopped') out.push({ severity: 'warning', text: `${s.label} is stopped` });
    else if (s.health === 'unhealthy')
      out.push({ severity: 'critical', text: `${s.label} is unhealthy${s.probe ? `: ${s.probe.detail}` : ''}` });
    else if (s.health === 'degraded')
      out.push({ severity: 'warning', text: `${s.label} is degraded${s.probe ? `: ${s.probe.detail}` : ''}` });
    if (s.restarts > 0)
      out.push({ severity: 'warning', text: `${s.label} restarted ${s.restarts} time${s.restarts === 1 ? '' : 's'}` });
    if (s.cpu_percent !== null && s.cpu_percent >= SERVICE_CPU_WARN_PERCENT)
      out.push({ severity: 'warning', text: `${s.label} uses ${Math.round(s.cpu_percent)}% CPU` });
    if (s.probe?.latency_ms != null && s.probe.latency_ms >= SLOW_MS)
      out.push({ severity: 'warning', text: `${s.label} took ${s.probe.latency_ms} ms to answer its probe` });
    if (s.activity === 'busy') out.push({ severity: 'info', text: `${s.label} is busy working` });
  }
  const order = { critical: 0, warning: 1, info: 2 };
  return out.sort((a, b) => order[a.severity] - order[b.severity]);
}

/** A short answer from the findings. */
export function diagnosisText(findings: Finding[], services: ServiceStatus[], c: ContainerMetrics): string {
  const problems = findings.filter((f) => f.severity !== 'info');
  if (!problems.length) {
    const mem = c.memory_limit_bytes
      ? `${formatBytes(c.memory_bytes)} of ${formatBytes(c.memory_limit_bytes)}`
      : formatBytes(c.memory_bytes);
    const cpu = c.cpu_percent === null ? 'unknown' : `${Math.round(c.cpu_percent)}%`;
    return `Nothing looks wrong: ${services.length} service${services.length === 1 ? '' : 's'} healthy, memory ${mem}, CPU ${cpu}.${findings.length ? ` ${findings.map((f) => f.text).join('; ')}.` : ''}`;
  }
  const first = problems[0]!.text;
  const quotes = problems
    .flatMap((f) => (f.quote ? [f.quote] : []))
    .slice(0, 2)
    .map((q) => `\n${q.service} run ${q.run}, its last error lines:\n${q.lines.map((l) => `  ${l}`).join('\n')}`);
  return `Found ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${first.charAt(0).toUpperCase()}${first.slice(1)}${
    problems.length > 1
      ? '; ' +
        problems
          .slice(1)
          .map((f) => f.text)
          .join('; ')
      : ''
  }.${quotes.join('')}`;
}
