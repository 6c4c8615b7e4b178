// The real side effects behind ctx, defaulted at the edge: the Redis and Postgres clients, HTTP
// GET on loopback, /proc, cgroup files and statfs.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { CI_MANIFEST } from '../../protocol/places';
import { redisCommand } from '../clients/redis';
import { postgresQuery } from '../clients/postgres-query';
import type { CtxDeps } from './ctx-dispatch';
import type { RecipeHost } from './types';
import { readCpuThrottling, readDisk, readProcessTreeRss } from './system-readers';
import { redisAuthFor } from './redis-credentials';
import { readDatastoreSecrets, withSecrets } from '../datastore-secrets';
import type { PostgresLogin } from './postgres-credentials';
import { provisionRecipeRole, type RecipeRole } from './recipe-role';

/** ctx's side effects for a host, with any of them replaced (tests, other platforms). */
export function defaultCtxDeps(host: RecipeHost, overrides: Partial<Omit<CtxDeps, 'host'>> = {}): CtxDeps {
  return {
    host,
    redis: (args, { port, timeoutMs, auth }) => redisCommand(args, { port, timeoutMs, auth }),
    redisAuth: (service, port) => redisAuthFor(readManifestApps(CI_MANIFEST), service, port, readTextOrNull),
    postgres: ({ port, login, sql, timeoutMs, readOnly }) =>
      postgresQuery({
        host: '127.0.0.1',
        port,
        user: login.user,
        password: login.password,
        database: login.database,
        sql,
        timeoutMs,
        readOnly,
        searchPath: readOnly ? 'pg_catalog' : undefined,
      }),
    httpGet,
    processTreeRss: (pid) => readProcessTreeRss(pid),
    cpuThrottling: () => readCpuThrottling(),
    disk: (path) => readDisk(path),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    manifestEnv: () => readManifestEnv(CI_MANIFEST),
    // Fails closed: the engine hands in the judge process (sql-judge-client.ts).
    judgeSql: async () => ({ ok: false, reason: 'this CI has no SQL judge' }),
    recipeRole: recipeRoles(),
    ...overrides,
  };
}

/** Makes the recipe role once per Postgres service and admin login; a failure is retried next call. */
export function recipeRoles(
  provision: (admin: PostgresLogin, port: number) => Promise<RecipeRole> = (admin, port) =>
    provisionRecipeRole(admin, (sql) =>
      postgresQuery({
        host: '127.0.0.1',
        port,
        user: admin.user,
        password: admin.password,
        database: admin.database,
        sql,
        timeoutMs: 10_000,
      }),
    ),
): CtxDeps['recipeRole'] {
  const roles = new Map<string, Promise<RecipeRole>>();
  return (service, port, admin) => {
    const key = JSON.stringify([service, port, admin.user, admin.database]);
    let role = roles.get(key);
    if (!role) {
      role = provision(admin, port);
      roles.set(key, role);
      role.catch(() => roles.delete(key));
    }
    return role;
  };
}

/** GET on loopback only (the dispatcher builds the URL); the body is cut at 64 KB. */
export function httpGet(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 64 * 1024) body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} did not answer within ${timeoutMs} ms`)));
    req.on('error', (err) => reject(new Error(`GET ${url} failed: ${err.message}`)));
    req.end();
  });
}

/** `applications.<name>.env` of a manifest file (empty when unreadable); read only by the root CI. */
export function readManifestEnv(path: string): Record<string, Record<string, string>> {
  return Object.fromEntries(
    Object.entries(readManifestApps(path)).flatMap(([name, app]) => (app.env ? [[name, app.env]] : [])),
  );
}

type ManifestApp = { port: number | null; env?: Record<string, string>; run_command?: string[] };

/** The applications of a manifest file, as far as credentials go (empty when unreadable). */
export function readManifestApps(path: string): Record<string, ManifestApp> {
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { applications?: Record<string, ManifestApp> };
    // Generated datastores' passwords stand in the env as ${secret:<app>}; the CI fills them in.
    return withSecrets(manifest.applications ?? {}, readDatastoreSecrets());
  } catch {
    return {};
  }
}

/** A file's text, or null when it cannot be read (a config file named in a service's argv). */
export function readTextOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
