// The order a multi-container app starts in: waves from the compose file's depends_on (datastores
// first, then what needs them: workers, then web), and the reverse for removal. Swarm itself ignores
// depends_on, so the waves are deployed one after the other, each once its tasks are healthy.

/** Services in start order, grouped: every service of a wave depends only on earlier waves. */
export function startWaves(services: Record<string, { depends_on?: unknown }>): { waves: string[][]; notes: string[] } {
  const names = Object.keys(services);
  const needs = new Map(names.map((n) => [n, dependsOn(services[n]!.depends_on).filter((d) => names.includes(d))]));
  const placed = new Set<string>();
  const waves: string[][] = [];
  const notes: string[] = [];
  while (placed.size < names.length) {
    const wave = names.filter((n) => !placed.has(n) && needs.get(n)!.every((d) => placed.has(d)));
    if (!wave.length) {
      // A cycle: start the rest together rather than never.
      const rest = names.filter((n) => !placed.has(n));
      notes.push(`depends_on forms a cycle among ${rest.join(', ')}: they start together`);
      waves.push(rest);
      break;
    }
    waves.push(wave);
    for (const n of wave) placed.add(n);
  }
  return { waves, notes };
}

function dependsOn(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (value && typeof value === 'object') return Object.keys(value);
  return [];
}
