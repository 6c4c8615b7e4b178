// A CI name is unique: when two containers claim one (a Swarm stack's first replica and a plain
// container of the same name, or a name an image asked `ergon run` for), one holds it and the other is
// refused, named, and not registered, so `aish <ci>` and its confirmations reach one container only.
import type { CiEntry } from './registry-types';

/** A container that claimed a CI name another one holds. */
export interface RefusedClaim {
  ci_name: string;
  container: string;
  holder: string;
}

// A name ergon run gave beats one Swarm derived, which beats one derived from a container's name.
const RANK = { ergon: 2, swarm: 1, container: 0 } as const;

/**
 * The one holder of each name: the one the registry already had while it runs, else the best ranked,
 * else a running one, else the first by container name. A holder that stopped keeps no claim against a
 * running claimant of its rank: a Swarm slot's new task (the old one stays, exited, in the task
 * history) takes over its name, and a stopped container cannot be talked to anyway.
 */
export function settleClaims(
  fresh: CiEntry[],
  previous: Record<string, CiEntry>,
): { entries: CiEntry[]; refused: RefusedClaim[] } {
  const byName = new Map<string, CiEntry[]>();
  for (const e of fresh) byName.set(e.ci_name, [...(byName.get(e.ci_name) ?? []), e]);
  const entries: CiEntry[] = [];
  const refused: RefusedClaim[] = [];
  for (const [name, claimants] of byName) {
    const held = previous[name]?.container_id;
    const [winner, ...losers] = [...claimants].sort(
      (a, b) =>
        Number(b.container_id === held && running(b)) - Number(a.container_id === held && running(a)) ||
        RANK[b.name_from ?? 'container'] - RANK[a.name_from ?? 'container'] ||
        Number(running(b)) - Number(running(a)) ||
        Number(b.container_id === held) - Number(a.container_id === held) ||
        a.container.localeCompare(b.container),
    );
    entries.push(winner!);
    for (const l of losers) refused.push({ ci_name: name, container: l.container, holder: winner!.container });
  }
  return { entries, refused };
}

const running = (e: CiEntry) => e.state === 'running';

/** The warning for a refused claim. */
export function describeRefusal(r: RefusedClaim): string {
  return `Warning: container '${r.container}' claims the CI name '${r.ci_name}', which container '${r.holder}' holds: refused, it is not registered (rename one of them)`;
}
