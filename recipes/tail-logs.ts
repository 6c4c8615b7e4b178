// tail-logs: the last lines of one service's output, or of each service.
import type { RecipeModule } from '../ci-runtime/recipe-engine/recipe-api';

const recipe: RecipeModule = {
  name: 'tail-logs',
  description: "Shows the last lines of a service's output (or of every service)",
  risk: 'inspect',
  phrases: ['tail logs', 'show logs', 'last log lines', 'recent logs'],
  params: {
    service: { type: 'string', default: '', description: 'the service (default: all)' },
    lines: { type: 'number', default: 20, description: 'how many lines (1-1000)' },
  },
  applies_to: [],
  async run(ctx, params) {
    const lines = Math.max(1, Math.min(1000, Math.floor(Number(params.lines))));
    const wanted = String(params.service ?? '');
    const names = wanted ? [wanted] : (await ctx.services()).map((s) => s.name);
    const out: Record<string, string[]> = {};
    for (const name of names) {
      out[name] = await ctx.logs(name, lines);
      ctx.log(`── ${name} (${out[name].length} lines)`);
      for (const line of out[name]) ctx.log(line);
    }
    return { summary: names.map((n) => `${n}: ${out[n]?.length ?? 0} lines`).join(', '), data: out };
  },
};

export default recipe;
