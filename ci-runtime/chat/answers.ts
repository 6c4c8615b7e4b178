// Short, factual replies to the inspect intents (pure: facts in, text out).
import type { ContainerMetrics, DiscoveredService, IntentArgs, ServiceStatus } from '../../protocol';
import {
  cpuSentence,
  failureSentence,
  formatBytes,
  memorySentence,
  stateOf,
  stateWord,
  summarize,
} from '../status-view';

/** What the inspect answers need. */
export interface Facts {
  services: ServiceStatus[];
  container: ContainerMetrics;
}

const pick = (facts: Facts, args: IntentArgs) =>
  args.service ? facts.services.filter((s) => s.name === args.service) : facts.services;

/** '2h 5m', '40s' */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return 'not running';
  const h = Math.floor(seconds / 3600),
    m = Math.floor((seconds % 3600) / 60),
    s = seconds % 60;
  return h ? `${h}h ${m}m` : m ? `${m}m ${s}s` : `${s}s`;
}

/** One service's state and uptime, or the container summary. */
export function statusAnswer(facts: Facts, args: IntentArgs): string {
  const s = args.service ? facts.services.find((x) => x.name === args.service) : undefined;
  if (s) {
    const failure = failureSentence(s);
    return `${s.label} is ${stateWord(s)}${s.pid ? ` (pid ${s.pid}, up ${formatDuration(s.uptime_s)})` : ''}${s.restarts ? `, restarted ${s.restarts}×` : ''}.${failure ? ` ${failure}.` : ''}`;
  }
  return summarize(facts.services);
}

/** Health of one or all services, with the last probe's detail and latency. */
export function healthAnswer(facts: Facts, args: IntentArgs): string {
  const list = pick(facts, args);
  const bad = list.filter((s) => s.health !== 'healthy' || s.state !== 'running');
  // A service that is not running is described by why (its failed run's error), not by a stale probe.
  const why = (s: ServiceStatus) =>
    s.state !== 'running'
      ? s.last_failure?.error && ['FATAL', 'restarting'].includes(stateOf(s).word)
        ? ` (${s.last_failure.error})`
        : ''
      : s.probe
        ? ` (${s.probe.detail}${s.probe.latency_ms !== null ? `, ${s.probe.latency_ms} ms` : ''})`
        : '';
  const detail = (s: ServiceStatus) => `${s.label} ${s.state === 'running' ? s.health : stateWord(s)}${why(s)}`;
  if (list.length === 1) return `${detail(list[0]!)}.`;
  if (!bad.length) return `All ${list.length} services are healthy: ${list.map(detail).join(', ')}.`;
  return `${bad.length} of ${list.length} services need attention: ${bad.map(detail).join(', ')}.`;
}

/** Memory of one service (with its children), or of the container and each service. */
export function memoryAnswer(facts: Facts, args: IntentArgs): string {
  const s = args.service ? facts.services.find((x) => x.name === args.service) : undefined;
  if (s) return `${s.label} uses ${formatBytes(s.memory_bytes)} of memory (with its child processes).`;
  return memorySentence(facts.services, facts.container);
}

/** CPU of the container and the services asked about. */
export function cpuAnswer(facts: Facts, args: IntentArgs): string {
  return cpuSentence(pick(facts, args), facts.container);
}

/** How long the CI and each service have been up. */
export function uptimeAnswer(facts: Facts, args: IntentArgs): string {
  const list = pick(facts, args);
  return `CI up ${formatDuration(facts.container.uptime_s)}; ${list.map((s) => `${s.label} ${s.pid ? `up ${formatDuration(s.uptime_s)}` : stateWord(s)}`).join(', ')}.`;
}

/** One line per discovered process: pid, label, ports, command. */
export function processesAnswer(discovered: DiscoveredService[]): string {
  if (!discovered.length) return 'No service processes found.';
  return discovered
    .map((d) => `pid ${d.pid} ${d.label}${d.ports.length ? ` :${d.ports.join(',')}` : ''} — ${d.command.slice(0, 80)}`)
    .join('\n');
}

/** Declared versus running, and the mismatches. */
export function servicesAnswer(declared: string[], discovered: DiscoveredService[], mismatches: string[]): string {
  const running = discovered.map(
    (d) => `${d.declared_as ?? 'undeclared'} = ${d.label}${d.ports.length ? ` on ${d.ports.join(', ')}` : ''}`,
  );
  return `Declared: ${declared.join(', ') || 'none'}. Running: ${running.join('; ') || 'nothing'}. ${mismatches.length ? `Mismatches: ${mismatches.join('; ')}.` : 'No mismatches.'}`;
}

/** Free and total space of the file systems that matter. */
export function diskAnswer(disks: Array<{ path: string; freeBytes: number; totalBytes: number }>): string {
  if (!disks.length) return 'Disk usage is not available here.';
  return (
    'Disk: ' +
    disks
      .map(
        (d) =>
          `${d.path} ${formatBytes(d.freeBytes)} free of ${formatBytes(d.totalBytes)} (${Math.round((1 - d.freeBytes / Math.max(1, d.totalBytes)) * 100)}% used)`,
      )
      .join('; ')
  );
}

/** What the CI can do, for `help` and for `unknown`. */
export function helpText(recipes: string[]): string {
  return [
    'I can tell you: status, services, health, memory, cpu, disk, processes, logs (e.g. "last 50 lines of the redis log"), uptime, recipes, and why something is slow.',
    'I can also, after you confirm: restart, stop or start a service, optimize memory, run a recipe' +
      (recipes.length ? ` (${recipes.join(', ')})` : '') +
      ', or ask a peer CI.',
  ].join(' ');
}
