// Datastores the app needs, from its dependencies and the environment variables its code reads.
// Redis gets `cache: true` only when the code clearly uses it as a cache (TTL writes, cache
// libraries, "cache" clients) AND nothing in the code keeps data there that a flush would lose
// (counters, lists, hashes, a Celery/RQ/Sidekiq/Bull broker).
import { sourceFiles } from './find-in-code';
import type { ProjectTree } from './project-tree';
import type { NeededService, Reason } from './types';

const REDIS_DEPS = [
  'redis',
  'aioredis',
  'ioredis',
  'rq',
  'django-redis',
  'bull',
  'bullmq',
  'sidekiq',
  'github.com/redis/go-redis',
  'github.com/go-redis/redis',
  'flask-caching',
  'redis-rb',
];
const PG_DEPS = [
  'psycopg2',
  'psycopg2-binary',
  'psycopg',
  'asyncpg',
  'pg',
  'postgres',
  'github.com/lib/pq',
  'github.com/jackc/pgx',
  'postgrex',
];
const BROKERS = ['celery', 'rq', 'sidekiq', 'bull', 'bullmq', 'dramatiq', 'huey'];

/** What the services decision saw, for `plan` to explain. */
export interface ServicesDecision {
  services: NeededService[];
  reasons: Reason[];
}

/** Decides the datastores of one app from its dependencies and code. */
export function detectServices(tree: ProjectTree, dependencies: string[]): ServicesDecision {
  const reasons: Reason[] = [];
  const code = sourceFiles(
    tree,
    ['.py', '.js', '.mjs', '.ts', '.rb', '.go', '.php', '.ex', '.exs', '.env.example', '.env.sample', '.env'],
    300,
  )
    .concat(
      ['.env.example', '.env.sample', 'docker-compose.yml', 'compose.yaml', 'settings.py'].filter((f) =>
        tree.files.includes(f),
      ),
    )
    .map((f) => [f, tree.read(f) ?? ''] as const);
  const depHit = (list: string[]) => dependencies.find((d) => list.some((x) => d === x || d.startsWith(`${x}/`)));
  const envHit = (re: RegExp) => code.find(([, text]) => re.test(text));
  const services: NeededService[] = [];

  const redisDep = depHit(REDIS_DEPS);
  const redisEnv = envHit(/\bREDIS_URL\b|\bCELERY_BROKER_URL\b[^\n]*redis|redis:\/\//);
  const broker = depHit(BROKERS);
  if (redisDep || redisEnv || (broker && redisEnv)) {
    const envVars = ['REDIS_URL', 'CELERY_BROKER_URL', 'CELERY_RESULT_BACKEND'].filter((v) =>
      code.some(([, t]) => t.includes(v)),
    );
    const source = redisDep ? `dependency ${redisDep}` : `${redisEnv![0]} mentions Redis`;
    const cacheEvidence = code
      .filter(([, t]) =>
        /\.setex\(|\bex\s*=|\.expire\(|\bcache\w*\s*=\s*\w*\.?(Redis|redis|createClient)|RedisCache|flask_caching|Cache-Control|\bTTL\b/i.test(
          t,
        ),
      )
      .map(([f]) => f);
    const durable = code
      .filter(([, t]) => /\.(incr|incrby|lpush|rpush|hset|sadd|zadd|xadd)\(|Celery\(|Queue\(/.test(t))
      .map(([f]) => f);
    const cache = cacheEvidence.length > 0 && durable.length === 0 && !broker;
    const why = cache
      ? `cache: TTL/cache use in ${cacheEvidence.join(', ')} and no counters, lists or broker`
      : cacheEvidence.length
        ? `not a cache: besides caching, ${broker ? `${broker} uses it as a broker` : ''}${broker && durable.length ? ' and ' : ''}${durable.length ? `${durable.join(', ')} keep${durable.length === 1 ? 's' : ''} data in it (counters/queues)` : ''}; a flush would lose data`
        : 'not a cache: no TTL or cache use found';
    reasons.push({ what: 'service redis', value: cache ? 'redis (cache)' : 'redis', source: `${source}; ${why}` });
    services.push({ kind: 'redis', cache, envVars: envVars.length ? envVars : ['REDIS_URL'] });
  }
  const pgDep = depHit(PG_DEPS);
  const pgEnv = envHit(/postgres(ql)?:\/\/|POSTGRES_(USER|PASSWORD|DB)\b/);
  if (pgDep || pgEnv) {
    reasons.push({
      what: 'service postgres',
      value: 'postgres',
      source: pgDep ? `dependency ${pgDep}` : `${pgEnv![0]} mentions Postgres`,
    });
    services.push({ kind: 'postgres', cache: false, envVars: ['DATABASE_URL'] });
  }
  return { services, reasons };
}
