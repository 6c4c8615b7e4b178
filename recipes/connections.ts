// connections: how many clients each Redis and Postgres has, and in which state.
import type { RecipeModule } from '../ci-runtime/recipe-engine/recipe-api';
import { parseRedisInfo, servicesWithKinds } from './lib/figures';

const recipe: RecipeModule = {
  name: 'connections',
  description: 'Counts client connections to Redis and Postgres (by state for Postgres)',
  risk: 'inspect',
  phrases: [
    'connections',
    'how many connections',
    'connected clients',
    'show connections',
    'number of clients',
    'redis clients',
    'connection count',
    'who is connected',
    'clients are connected',
  ],
  params: {},
  applies_to: ['redis', 'postgres'],
  async run(ctx) {
    const lines: string[] = [];
    const data: Record<string, unknown> = {};
    for (const s of (await servicesWithKinds(ctx)).filter((x) => x.state === 'running')) {
      if (s.type === 'redis') {
        const info = parseRedisInfo(await ctx.redis(s.name, 'INFO', 'clients'));
        data[s.name] = { connected: Number(info.connected_clients ?? 0), blocked: Number(info.blocked_clients ?? 0) };
        lines.push(
          `Redis '${s.name}': ${info.connected_clients ?? '?'} connected, ${info.blocked_clients ?? '?'} blocked`,
        );
      } else if (s.type === 'postgres') {
        const result = await ctx.postgres(
          s.name,
          "SELECT coalesce(state, 'background'), count(*) FROM pg_stat_activity GROUP BY 1",
        );
        const byState = Object.fromEntries(result.rows.map((r) => [String(r[0]), Number(r[1])]));
        data[s.name] = byState;
        lines.push(
          `Postgres '${s.name}': ${Object.entries(byState)
            .map(([k, v]) => `${v} ${k}`)
            .join(', ')}`,
        );
      }
    }
    return { summary: lines.join('; ') || 'No Redis or Postgres runs here', data };
  },
};

export default recipe;
