// restart-workers: restarts worker and scheduler services (or one named service of those kinds),
// reporting PIDs and memory before and after.
import type { RecipeModule } from '../ci-runtime/recipe-engine/recipe-api';
import { mb, servicesWithKinds, settledMemory } from './lib/figures';

const recipe: RecipeModule = {
  name: 'restart-workers',
  description: 'Restarts the worker services (Celery workers, schedulers) and reports PIDs and memory before and after',
  risk: 'control',
  phrases: ['restart workers', 'restart the workers', 'restart celery', 'recycle workers', 'bounce workers'],
  params: { service: { type: 'string', default: '', description: 'only this worker service' } },
  applies_to: ['worker', 'scheduler'],
  timeout_s: 120,
  async run(ctx, params) {
    const wanted = String(params.service ?? '');
    const workers = (await servicesWithKinds(ctx)).filter(
      (s) => (s.type === 'worker' || s.type === 'scheduler') && (!wanted || s.name === wanted),
    );
    if (workers.length === 0)
      throw new Error(wanted ? `no worker service named '${wanted}'` : 'this container runs no worker services');
    const lines: string[] = [];
    for (const w of workers) {
      const before = await ctx.memory(w.name);
      const result = await ctx.restart(w.name);
      if (ctx.dryRun) {
        lines.push(`would restart '${w.name}' (pid ${before.pid}, ${mb(before.rss_bytes)} MB)`);
        continue;
      }
      const after = await settledMemory(ctx, w.name);
      lines.push(
        `'${w.name}': pid ${before.pid} → ${after.pid}, ${mb(before.rss_bytes)} → ${mb(after.rss_bytes)} MB${result.ok ? '' : `, restart failed: ${result.detail}`}`,
      );
    }
    return { summary: `${ctx.dryRun ? 'Dry run: ' : 'Restarted: '}${lines.join('; ')}` };
  },
};

export default recipe;
