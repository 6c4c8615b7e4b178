// Where a recipe's Redis connection gets its AUTH: the service's own command (`--requirepass`, or
// `requirepass` in the config file it is started with), its env REDIS_PASSWORD, else a REDIS_URL
// (any redis:// URL) in an application's env that points at this port. Pure: the manifest and a
// file reader are passed in. The password never reaches the recipe.
import type { RedisAuth } from '../clients/redis';

type Apps = Record<string, { port: number | null; env?: Record<string, string>; run_command?: string[] }>;

/** The AUTH for Redis service `service` on `port`, or null when it needs none we know of. */
export function redisAuthFor(
  apps: Apps,
  service: string,
  port: number,
  readFile: (path: string) => string | null,
): RedisAuth | null {
  const own = apps[service];
  const fromCommand = own?.run_command ? requirepassOf(own.run_command, readFile) : null;
  if (fromCommand) return { password: fromCommand };
  if (own?.env?.REDIS_PASSWORD) return { password: own.env.REDIS_PASSWORD };
  for (const app of Object.values(apps)) {
    for (const [key, value] of Object.entries(app.env ?? {})) {
      if (!/^rediss?:\/\//.test(value) || !/REDIS|BROKER|CACHE|CELERY/i.test(key)) continue;
      const auth = parseRedisUrl(value, port);
      if (auth) return auth;
    }
  }
  return null;
}

/** `--requirepass X` in argv wins over `requirepass X` in the config file argv names (redis-server <file>). */
export function requirepassOf(argv: string[], readFile: (path: string) => string | null): string | null {
  const flag = argv.indexOf('--requirepass');
  if (flag >= 0 && argv[flag + 1]) return argv[flag + 1]!;
  const config = argv.slice(1).find((a) => !a.startsWith('-') && a.endsWith('.conf'));
  const text = config ? readFile(config) : null;
  if (!text) return null;
  let found: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*requirepass\s+("(?:[^"\\]|\\.)*"|'[^']*'|\S+)\s*$/i.exec(line);
    if (m) found = m[1]!.replace(/^["']|["']$/g, '');
  }
  return found;
}

// redis://[user]:password@host:port/db; a URL for another port is someone else's Redis.
function parseRedisUrl(text: string, port: number): RedisAuth | null {
  try {
    const url = new URL(text);
    if (url.port && Number(url.port) !== port) return null;
    if (!url.password) return null;
    const username = decodeURIComponent(url.username);
    return { ...(username && username !== 'default' ? { username } : {}), password: decodeURIComponent(url.password) };
  } catch {
    return null;
  }
}
