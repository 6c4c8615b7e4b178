// clear-cache: FLUSHDB on a Redis the manifest marks `cache: true` (the engine refuses any other).
// Destructive: the confirmation names the Redis, its port and the database.
import type { RecipeModule } from '../ci-runtime/recipe-engine/recipe-api';
import { mb, redisMemory, servicesWithKinds } from './lib/figures';

const recipe: RecipeModule = {
  name: 'clear-cache',
  description: "Empties a Redis cache (FLUSHDB on db 0); only a Redis the manifest marks 'cache: true'",
  risk: 'destructive',
  phrases: [
    'clear cache',
    'clear the cache',
    'flush cache',
    'flush the cache',
    'empty cache',
    'flush redis',
    'wipe the cache',
  ],
  params: {
    service: { type: 'string', default: '', description: 'the Redis service (default: the only one marked cache)' },
  },
  applies_to: ['redis'],
  async run(ctx, params) {
    const caches = (await servicesWithKinds(ctx)).filter((s) => s.type === 'redis' && s.cache);
    const wanted = String(params.service ?? '');
    const target = wanted ? caches.find((s) => s.name === wanted) : caches.length === 1 ? caches[0] : undefined;
    if (!target) {
      if (wanted)
        throw new Error(
          `'${wanted}' is not a Redis marked 'cache: true' in the manifest (caches: ${caches.map((s) => s.name).join(', ') || 'none'})`,
        );
      throw new Error(
        caches.length === 0
          ? "no Redis is marked 'cache: true' in the manifest; clear-cache only flushes caches"
          : `several caches (${caches.map((s) => s.name).join(', ')}); say which with service=<name>`,
      );
    }
    const keysBefore = Number(await ctx.redis(target.name, 'DBSIZE'));
    const memBefore = await redisMemory(ctx, target.name);
    await ctx.redis(target.name, 'FLUSHDB');
    if (ctx.dryRun)
      return {
        summary: `Dry run: would flush db 0 of Redis '${target.name}' (${keysBefore} keys, ${mb(memBefore.used)} MB used). Nothing changed.`,
        data: { keys_before: keysBefore },
      };
    const keysAfter = Number(await ctx.redis(target.name, 'DBSIZE'));
    const memAfter = await redisMemory(ctx, target.name);
    return {
      summary: `Flushed db 0 of Redis '${target.name}': ${keysBefore} → ${keysAfter} keys, used memory ${mb(memBefore.used)} → ${mb(memAfter.used)} MB`,
      data: {
        keys_before: keysBefore,
        keys_after: keysAfter,
        used_mb_before: mb(memBefore.used),
        used_mb_after: mb(memAfter.used),
      },
    };
  },
};

export default recipe;
