// Search of built images and solutions: the local Ergon-schema file `<state>/containers/builds.json`
// (written and read by plugin/docker's build registry) plus Ergon's own registry API when it answers.
import { readBuildsFile } from '../docker/build/build-registry';

/** An Ergon registry unit (TEKTON.md, Ergon). */
export interface ErgonUnit {
  type: 'solution' | 'container' | 'tool' | 'config' | string;
  name: string;
  version: string;
  source?: { project_id?: string | null; location?: string | null };
  content?: Record<string, unknown>;
  tags?: string[];
  /** Where the entry came from: 'local' (builds.json) or 'ergon'. */
  origin?: 'local' | 'ergon';
}

/** The local builds (`aish docker build` records them, in Ergon's schema) as registry units. */
export function localUnits(stateDir: string): { units: ErgonUnit[]; problem: string | null } {
  const { builds, problem } = readBuildsFile(stateDir);
  return { units: builds.map((b) => ({ ...b, origin: 'local' as const })), problem };
}

/** Filters units by a free-text query (name, tags, image) and a type (pure). */
export function searchUnits(units: ErgonUnit[], query: string | null, type: string | null): ErgonUnit[] {
  const q = query?.toLowerCase() ?? null;
  return units.filter(
    (u) =>
      (!type || u.type === type) &&
      (!q || [u.name, ...(u.tags ?? []), String(u.content?.image ?? '')].some((s) => s.toLowerCase().includes(q))),
  );
}

/** Asks Ergon's API (GET /api/ergon/registry/search); null when it does not answer. */
export async function searchErgon(
  baseUrl: string,
  query: string | null,
  type: string | null,
  timeoutMs = 1500,
): Promise<ErgonUnit[] | null> {
  const params = new URLSearchParams();
  if (type) params.set('type', type);
  if (query) params.set('name', query);
  try {
    const res = await fetch(`${baseUrl}/api/ergon/registry/search?${params}`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) return null;
    const body = (await res.json()) as unknown;
    const list = Array.isArray(body)
      ? body
      : ((body as { results?: unknown[]; components?: unknown[] }).results ??
        (body as { components?: unknown[] }).components ??
        []);
    return (list as ErgonUnit[]).map((u) => ({ ...u, origin: 'ergon' as const }));
  } catch {
    return null;
  }
}
