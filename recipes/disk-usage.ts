// disk-usage: how full the file systems the services use are.
import type { DiskInfo, RecipeModule } from '../ci-runtime/recipe-engine/recipe-api';
import { mb } from './lib/figures';

const PATHS = ['/', '/app', '/tmp', '/var/lib/postgresql', '/var/lib/redis', '/var/lib/tekton-ci'];

const recipe: RecipeModule = {
  name: 'disk-usage',
  description: 'Reports how full the file systems under /, /app, /tmp and the data directories are',
  risk: 'inspect',
  phrases: ['disk usage', 'disk space', 'how much disk', 'free space'],
  params: { path: { type: 'string', default: '', description: 'one more path to check' } },
  applies_to: [],
  async run(ctx, params) {
    const paths = params.path ? [...PATHS, String(params.path)] : PATHS;
    const seen: DiskInfo[] = [];
    const sharing = new Map<string, string[]>();
    for (const path of paths) {
      try {
        const d = await ctx.disk(path);
        // Paths on the same file system are reported once, naming them all.
        const key = `${d.total_bytes}:${d.free_bytes}:${d.used_bytes}`;
        if (sharing.has(key)) sharing.get(key)!.push(path);
        else {
          sharing.set(key, [path]);
          seen.push(d);
        }
      } catch {
        // A path this image does not have is simply not reported.
      }
    }
    const namesOf = (d: DiskInfo) => sharing.get(`${d.total_bytes}:${d.free_bytes}:${d.used_bytes}`)!.join(', ');
    const lines = seen.map(
      (d) => `${namesOf(d)}: ${d.used_percent}% used, ${mb(d.free_bytes)} MB free of ${mb(d.total_bytes)} MB`,
    );
    const full = seen.filter((d) => d.used_percent >= 90);
    const head = full.length > 0 ? `Nearly full: ${full.map(namesOf).join(', ')}. ` : '';
    return { summary: `${head}${lines.join('; ')}`, data: seen };
  },
};

export default recipe;
