// Helpers bundled into each built-in recipe (esbuild inlines them; nothing is required at run time).
import type { ServiceStatus } from '../../protocol';
import type { RecipeContext } from '../../ci-runtime/recipe-engine/recipe-api';

/** Bytes as MB with one decimal. */
export function mb(bytes: number): number {
  return Math.round((bytes / 1048576) * 10) / 10;
}

/** Parses Redis INFO text into key → value. */
export function parseRedisInfo(text: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of String(text ?? '').split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) out[line.slice(0, at)] = line.slice(at + 1).trim();
  }
  return out;
}

/** A service with its manifest kind (falls back to the status's kind). */
export interface KindedService extends ServiceStatus {
  type: string;
  cache: boolean;
}

/** Services joined with their manifest type and cache flag. */
export async function servicesWithKinds(ctx: RecipeContext): Promise<KindedService[]> {
  const [services, apps] = [await ctx.services(), await ctx.manifest()];
  return services.map((s) => ({ ...s, type: apps[s.name]?.type ?? s.kind, cache: apps[s.name]?.cache === true }));
}

/** Redis memory figures from INFO memory. */
export async function redisMemory(
  ctx: RecipeContext,
  service: string,
): Promise<{ used: number; rss: number; fragmentation: number }> {
  const info = parseRedisInfo(await ctx.redis(service, 'INFO', 'memory'));
  return {
    used: Number(info.used_memory ?? 0),
    rss: Number(info.used_memory_rss ?? 0),
    fragmentation: Number(info.mem_fragmentation_ratio ?? 0),
  };
}

/**
 * A restarted service's memory once it has settled: a worker that was just restarted is still loading
 * (Celery forks its pool after start), so one early reading would under-count it and over-state what a
 * restart freed. Samples every half second until two readings agree within 2 MB, for at most 20 s.
 */
export async function settledMemory(
  ctx: RecipeContext,
  service: string,
): Promise<Awaited<ReturnType<RecipeContext['memory']>>> {
  let last = await ctx.memory(service);
  for (let waited = 0; waited < 20_000; waited += 500) {
    await ctx.sleep(500);
    const now = await ctx.memory(service);
    if (now.pid === last.pid && Math.abs(now.rss_bytes - last.rss_bytes) < 2 * 1048576 && now.rss_bytes > 0) return now;
    last = now;
  }
  return last;
}
