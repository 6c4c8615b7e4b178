// Declared versus running (pure): what the manifest promised and what /proc shows.
import type { DiscoveredService } from '../../protocol';

/** A declared service as the comparison needs it. */
export interface DeclaredService {
  name: string;
  kind: string;
  port: number | null;
  running: boolean;
}

/** Human-readable differences between declaration and reality. */
export function findMismatches(declared: DeclaredService[], discovered: DiscoveredService[]): string[] {
  const out: string[] = [];
  for (const d of declared) {
    const seen = discovered.find((s) => s.declared_as === d.name);
    if (!d.running || !seen) {
      out.push(`${d.name} is declared but not running`);
      continue;
    }
    if (d.port !== null && !seen.ports.includes(d.port)) {
      out.push(
        `${d.name} is declared on port ${d.port} but listens on ${seen.ports.length ? seen.ports.join(', ') : 'no port'}`,
      );
    }
    const generic = seen.kind === 'process' || seen.kind === 'tcp';
    if (!generic && seen.kind !== d.kind && !(d.kind === 'worker' && seen.kind === 'scheduler')) {
      out.push(`${d.name} is declared as ${d.kind} but looks like ${seen.kind} (${seen.label})`);
    }
  }
  for (const s of discovered) {
    if (s.declared_as === null)
      out.push(`undeclared ${s.label} (pid ${s.pid})${s.ports.length ? ` listening on ${s.ports.join(', ')}` : ''}`);
  }
  return out;
}
