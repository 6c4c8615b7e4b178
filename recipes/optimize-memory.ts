// optimize-memory: Redis MEMORY PURGE with a fragmentation report, and recycling of worker
// processes whose memory is high. Never restarts Redis or Postgres as a memory fix: their memory is
// their data. Reports what it freed, measured before and after (Redis RSS, process-tree RSS).
import type { RecipeModule } from '../ci-runtime/recipe-engine/recipe-api';
import { mb, redisMemory, servicesWithKinds, settledMemory } from './lib/figures';

const RECYCLABLE = ['worker', 'scheduler'];

const recipe: RecipeModule = {
  name: 'optimize-memory',
  description:
    'Frees memory: Redis MEMORY PURGE (with a fragmentation report) and a restart of worker processes above a threshold; never restarts Redis or Postgres',
  risk: 'control',
  phrases: ['optimize memory', 'optimise memory', 'free memory', 'free up memory', 'reduce memory', 'reclaim memory'],
  params: {
    worker_threshold_mb: {
      type: 'number',
      default: 100,
      description: 'recycle a worker whose process tree uses more than this many MB',
    },
    include_web: {
      type: 'boolean',
      default: false,
      description: 'also recycle web apps above the threshold (brief downtime)',
    },
  },
  applies_to: ['redis', 'worker', 'web'],
  timeout_s: 120,
  async run(ctx, params) {
    const threshold = Number(params.worker_threshold_mb) * 1048576;
    const services = (await servicesWithKinds(ctx)).filter((s) => s.state === 'running');
    const redises = services.filter((s) => s.type === 'redis');
    const kinds = params.include_web ? [...RECYCLABLE, 'web'] : RECYCLABLE;
    const lines: string[] = [];
    const figures: Record<string, { before_mb: number; after_mb: number | null; action: string }> = {};
    let freed = 0;

    for (const r of redises) {
      const before = await redisMemory(ctx, r.name);
      await ctx.redis(r.name, 'MEMORY', 'PURGE');
      if (ctx.dryRun) {
        figures[`redis:${r.name}`] = { before_mb: mb(before.rss), after_mb: null, action: 'MEMORY PURGE' };
        lines.push(
          `Redis '${r.name}': RSS ${mb(before.rss)} MB, used ${mb(before.used)} MB, fragmentation ${before.fragmentation}; would run MEMORY PURGE`,
        );
        continue;
      }
      await ctx.sleep(500);
      const after = await redisMemory(ctx, r.name);
      freed += before.rss - after.rss;
      figures[`redis:${r.name}`] = { before_mb: mb(before.rss), after_mb: mb(after.rss), action: 'MEMORY PURGE' };
      lines.push(
        `Redis '${r.name}': RSS ${mb(before.rss)} → ${mb(after.rss)} MB (used ${mb(after.used)} MB), fragmentation ${before.fragmentation} → ${after.fragmentation}`,
      );
    }

    for (const s of services.filter((x) => kinds.includes(x.type))) {
      const before = await ctx.memory(s.name);
      if (before.rss_bytes <= threshold) {
        lines.push(
          `${s.type} '${s.name}': ${mb(before.rss_bytes)} MB in ${before.processes} processes, under ${mb(threshold)} MB; left alone`,
        );
        continue;
      }
      const restarted = await ctx.restart(s.name);
      if (ctx.dryRun) {
        figures[s.name] = { before_mb: mb(before.rss_bytes), after_mb: null, action: 'restart' };
        lines.push(
          `${s.type} '${s.name}': ${mb(before.rss_bytes)} MB in ${before.processes} processes, over ${mb(threshold)} MB; would restart it`,
        );
        continue;
      }
      const after = await settledMemory(ctx, s.name);
      freed += before.rss_bytes - after.rss_bytes;
      figures[s.name] = {
        before_mb: mb(before.rss_bytes),
        after_mb: mb(after.rss_bytes),
        action: restarted.ok ? 'restart' : 'restart failed',
      };
      lines.push(
        `${s.type} '${s.name}': ${mb(before.rss_bytes)} → ${mb(after.rss_bytes)} MB after restart${restarted.ok ? '' : ` (restart failed: ${restarted.detail})`}`,
      );
    }

    for (const s of services.filter((x) => x.type === 'postgres'))
      lines.push(`Postgres '${s.name}': not restarted (its memory is its cache and connections)`);
    for (const line of lines) ctx.log(line);
    const head = ctx.dryRun
      ? 'Dry run: nothing changed.'
      : freed >= 0
        ? `Freed ${mb(freed)} MB (measured before/after).`
        : `Memory grew by ${mb(-freed)} MB during the run (measured); nothing was freed.`;
    return { summary: `${head} ${lines.join('; ')}`, data: { freed_mb: ctx.dryRun ? null : mb(freed), figures } };
  },
};

export default recipe;
