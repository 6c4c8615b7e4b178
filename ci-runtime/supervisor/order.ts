// Start order of a container's applications (pure): dependencies first, datastores before apps,
// otherwise the manifest's order. Stop order is the reverse.
import type { Application } from '../../protocol';

const DATASTORES = new Set(['redis', 'postgres', 'mysql', 'memcached', 'rabbitmq']);

/** Orders application names so each comes after what it depends on; throws on a cycle. */
export function startOrder(apps: Record<string, Pick<Application, 'type' | 'depends_on'>>, names: string[]): string[] {
  const rank = (n: string) => (DATASTORES.has(apps[n]?.type ?? '') ? 0 : 1);
  // Stable: datastores first, then manifest order; then a depth-first topological sort.
  const initial = [...names].sort((a, b) => rank(a) - rank(b) || names.indexOf(a) - names.indexOf(b));
  const done: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string, path: string[]) => {
    if (done.includes(name)) return;
    if (visiting.has(name))
      throw new Error(
        `Applications depend on each other in a cycle: ${[...path, name].join(' → ')}. Remove one depends_on entry from the manifest.`,
      );
    visiting.add(name);
    for (const dep of apps[name]?.depends_on ?? []) if (names.includes(dep)) visit(dep, [...path, name]);
    visiting.delete(name);
    done.push(name);
  };
  for (const name of initial) visit(name, []);
  return done;
}

const DEPENDENT_KINDS = new Set(['web', 'worker', 'scheduler']);

/**
 * What a service waits for before it starts: its `depends_on` within this container, or, when the
 * manifest declares none, every datastore here for a web app, worker or scheduler (they connect to them).
 */
export function dependenciesOf(
  name: string,
  apps: Record<string, Pick<Application, 'type' | 'depends_on'>>,
  names: string[],
): string[] {
  const app = apps[name];
  if (!app) return [];
  if (app.depends_on) return app.depends_on.filter((d) => d !== name && names.includes(d));
  if (!DEPENDENT_KINDS.has(app.type)) return [];
  return names.filter((n) => n !== name && DATASTORES.has(apps[n]?.type ?? ''));
}
