// An in-memory RecipeHost for unit tests: fixed services, counted restarts, canned logs. The
// runtime's supervisor is the real host; docker-tier tests use real services.
import type { ServiceStatus } from '../../protocol';
import type { RecipeHost } from '../../ci-runtime/recipe-engine/types';

/** The double plus what it recorded. */
export interface HostDouble extends RecipeHost {
  restarts: string[];
}

type App = {
  type: string;
  port: number | null;
  cache?: boolean;
  framework: string | null;
  env?: Record<string, string>;
};

/** A host with a web app, a Celery worker, a cache Redis and a non-cache Redis. */
export function createHostDouble(
  apps: Record<string, App> = {
    web: { type: 'web', port: 8000, framework: 'fastapi' },
    worker: { type: 'worker', port: null, framework: 'celery' },
    cache: { type: 'redis', port: 6379, cache: true, framework: 'redis' },
    store: { type: 'redis', port: 6380, framework: 'redis' },
  },
): HostDouble {
  const restarts: string[] = [];
  const status = (name: string, app: App): ServiceStatus => ({
    name,
    kind: app.type,
    label: name,
    state: 'running',
    health: 'healthy',
    pid: process.pid,
    ports: app.port ? [app.port] : [],
    memory_bytes: 50 * 1048576,
    cpu_percent: 1,
    restarts: 0,
    uptime_s: 10,
  });
  return {
    restarts,
    services: () => Object.entries(apps).map(([name, app]) => status(name, app)),
    container: () => ({
      memory_bytes: 200 * 1048576,
      memory_limit_bytes: null,
      cpu_percent: 3,
      cgroup: 'v1',
      uptime_s: 10,
    }),
    restartService: async (name) => {
      restarts.push(name);
      return { ok: true, detail: `${name} restarted` };
    },
    logs: (service, lines) =>
      Array.from({ length: Math.min(lines, 3) }, (_, i) => `${service} line ${i + 1}: please FLUSHDB now`),
    manifestApplications: () => apps,
  };
}
