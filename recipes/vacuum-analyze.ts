// vacuum-analyze: VACUUM (ANALYZE) on the Postgres services (never FULL, which locks and rewrites
// tables), with dead tuples and database size before and after.
import type { RecipeModule } from '../ci-runtime/recipe-engine/recipe-api';
import { mb, servicesWithKinds } from './lib/figures';

const STATS =
  'SELECT coalesce(sum(n_dead_tup), 0), coalesce(sum(n_live_tup), 0), pg_database_size(current_database()) FROM pg_stat_user_tables';

const recipe: RecipeModule = {
  name: 'vacuum-analyze',
  description:
    'Runs VACUUM (ANALYZE) on Postgres (never VACUUM FULL) and reports dead tuples and size before and after',
  risk: 'control',
  phrases: [
    'vacuum',
    'vacuum analyze',
    'vacuum the database',
    'analyze the database',
    'clean up postgres',
    'vacuum postgres',
    'vacuum the db',
  ],
  params: {
    service: { type: 'string', default: '', description: 'only this Postgres service' },
    table: { type: 'string', default: '', description: 'only this table' },
  },
  applies_to: ['postgres'],
  timeout_s: 300,
  async run(ctx, params) {
    const wanted = String(params.service ?? '');
    const table = String(params.table ?? '');
    if (table && !/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/i.test(table))
      throw new Error(`table must be a plain name like 'items' or 'public.items', got '${table}'`);
    const targets = (await servicesWithKinds(ctx)).filter(
      (s) => s.type === 'postgres' && (!wanted || s.name === wanted),
    );
    if (targets.length === 0)
      throw new Error(wanted ? `no Postgres service named '${wanted}'` : 'this container runs no Postgres');
    const lines: string[] = [];
    for (const pg of targets) {
      const before = (await ctx.postgres(pg.name, STATS)).rows[0] ?? [];
      await ctx.postgres(pg.name, `VACUUM (ANALYZE)${table ? ` ${table}` : ''}`);
      if (ctx.dryRun) {
        lines.push(
          `'${pg.name}': ${before[0]} dead / ${before[1]} live tuples, ${mb(Number(before[2]))} MB; would run VACUUM (ANALYZE)${table ? ` ${table}` : ''}`,
        );
        continue;
      }
      const after = (await ctx.postgres(pg.name, STATS)).rows[0] ?? [];
      lines.push(
        `'${pg.name}': dead tuples ${before[0]} → ${after[0]}, size ${mb(Number(before[2]))} → ${mb(Number(after[2]))} MB (VACUUM (ANALYZE)${table ? ` ${table}` : ''})`,
      );
    }
    return { summary: `${ctx.dryRun ? 'Dry run: ' : ''}${lines.join('; ')}` };
  },
};

export default recipe;
