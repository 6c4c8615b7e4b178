// A run dir is removed only once no container mounts it (red team B05): while one does, its root can
// swap any folder inside for a link to a host folder, whatever the walk does. So `ergon rm` and
// `ergon deploy --remove` first wait (bounded) until the engine shows no container, in any state,
// with the folder as a mount source (a stopped one may be started again), then remove it without
// following links (files/ci-token.ts removeRunDir). One still mounted at the deadline is kept, named.
import type { ContainerClient } from '../engine/container-client';
import { removeRunDir } from '../files/ci-token';

/** What happened to each run dir asked for. */
export interface RunDirRemoval {
  removed: string[];
  /** Kept, with why: still mounted by a container, or an entry that could not go. */
  kept: string[];
}

/** The containers (by name) that mount `dir` now. */
export async function mountersOf(containers: ContainerClient, dir: string): Promise<string[]> {
  const all = await containers.list({ all: true });
  return all.filter((c) => c.mounts.some((m) => m.source === dir)).map((c) => c.name);
}

/** Removes each of `dirs` once no container mounts it, waiting up to `timeoutMs` for the last ones to go. */
export async function removeRunDirsWhenUnmounted(
  containers: ContainerClient,
  dirs: string[],
  opts: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<RunDirRemoval> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  const removed: string[] = [];
  const kept: string[] = [];
  let pending = [...dirs];
  for (;;) {
    const all = await containers.list({ all: true });
    const mounted = new Map<string, string[]>();
    for (const c of all)
      for (const m of c.mounts)
        if (pending.includes(m.source)) mounted.set(m.source, [...(mounted.get(m.source) ?? []), c.name]);
    for (const dir of pending.filter((d) => !mounted.has(d))) {
      const left = removeRunDir(dir);
      if (left.length) kept.push(`${dir}: could not remove ${left.join(', ')}`);
      else removed.push(dir);
    }
    pending = pending.filter((d) => mounted.has(d));
    if (pending.length === 0) break;
    if (Date.now() >= deadline) {
      for (const d of pending) kept.push(`${d}: still mounted by ${mounted.get(d)!.join(', ')}, kept`);
      break;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 300));
  }
  return { removed, kept };
}
