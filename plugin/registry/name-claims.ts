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

/**
 * What one run is about to take before it writes anything: a CI name, a container name, and the run
 * dir bound into that container (its token and socket). Every path that starts a container with a run
 * dir (`ergon run`, a Compose app, a stack's slots) claims them here first (red team B04: a Compose
 * service named after another CI's run dir rewrote its token and took its socket).
 */
export interface NameWant {
  ci_name: string | null;
  container: string;
  run_dir: string | null;
}

/** A claim written into the registry until the run has registered its CIs (or failed). */
export interface NameReservation extends NameWant {
  pid: number;
  at: string;
  /** The app making it: a re-run of the same app takes back its own names. */
  app: string | null;
}

/** What the engine shows of a container, for the claim check. */
export interface EngineHolder {
  name: string;
  mounts: { source: string }[];
  labels: Record<string, string>;
}

/** One thing a run wants that someone else holds. */
export interface HeldName {
  want: NameWant;
  what: 'CI name' | 'container name' | 'run dir';
  holder: string;
}

/**
 * Who already holds what `wants` asks for: a registered CI (its name, its container, its run dir), a
 * container on the engine (its name, or the run dir among its mounts), another live run's reservation,
 * or another want of the same run. A holder of the same app (`app`) is that app's earlier run.
 */
export function heldNames(
  wants: NameWant[],
  held: { entries: CiEntry[]; engine: EngineHolder[]; reservations: NameReservation[]; app: string | null },
): HeldName[] {
  const ours = (app: string | null | undefined) => held.app !== null && app === held.app;
  const out: HeldName[] = [];
  const runDirOf = (e: CiEntry) => (e.endpoint.kind === 'socket' ? e.endpoint.path.replace(/\/ci\.sock$/, '') : null);
  for (const [i, want] of wants.entries()) {
    const add = (what: HeldName['what'], holder: string) => out.push({ want, what, holder });
    for (const other of wants.slice(0, i)) {
      if (other.container === want.container) add('container name', `${other.container} (of this same run)`);
      else if (want.ci_name && other.ci_name === want.ci_name) add('CI name', `${other.container} (of this same run)`);
      else if (want.run_dir && other.run_dir === want.run_dir) add('run dir', `${other.container} (of this same run)`);
    }
    for (const e of held.entries) {
      if (ours(e.app)) continue;
      if (want.ci_name && e.ci_name === want.ci_name) add('CI name', e.container);
      else if (e.container === want.container) add('container name', e.container);
      else if (want.run_dir && runDirOf(e) === want.run_dir) add('run dir', e.container);
    }
    for (const c of held.engine) {
      if (ours(c.labels['tekton.app'])) continue;
      if (c.name === want.container) add('container name', c.name);
      else if (want.run_dir && c.mounts.some((m) => m.source === want.run_dir)) add('run dir', c.name);
    }
    for (const r of held.reservations) {
      const same =
        r.container === want.container ||
        (want.ci_name !== null && r.ci_name === want.ci_name) ||
        (want.run_dir !== null && r.run_dir === want.run_dir);
      if (same)
        add(
          r.container === want.container ? 'container name' : 'run dir',
          `${r.container} (being started by process ${r.pid})`,
        );
    }
  }
  // One line per thing held, the first holder named.
  return out.filter((h, i) => out.findIndex((o) => o.want === h.want && o.what === h.what) === i);
}

/** The refusal of a held claim, naming what, whose and what to do. */
export function describeHeld(h: HeldName): string {
  const thing =
    h.what === 'CI name'
      ? `The CI name '${h.want.ci_name}'`
      : h.what === 'container name'
        ? `The container name '${h.want.container}'`
        : `The run dir ${h.want.run_dir}`;
  return `${thing} is held by container '${h.holder}': refused; nothing was written (choose another name, or remove '${h.holder.split(' ')[0]}')`;
}
