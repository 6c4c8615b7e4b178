// Where the recipe engine finds a Redis password: the service's command, its config file, its env,
// or a redis:// URL in an application's env pointing at its port.
import { describe, expect, it } from 'vitest';
import { redisAuthFor, requirepassOf } from '../../../ci-runtime/recipe-engine/redis-credentials';

const noFile = () => null;

describe('redis credentials', () => {
  it('takes --requirepass from the command, then requirepass from the config file it names', () => {
    expect(requirepassOf(['redis-server', '--port', '6379', '--requirepass', 's3cret'], noFile)).toBe('s3cret');
    const conf = 'port 6379\n# requirepass commented\nrequirepass "with space"\n';
    expect(
      requirepassOf(['redis-server', '/etc/redis/redis.conf'], (p) => (p === '/etc/redis/redis.conf' ? conf : null)),
    ).toBe('with space');
    expect(requirepassOf(['redis-server', '--port', '6379'], noFile)).toBeNull();
  });

  it('falls back to REDIS_PASSWORD, then to a redis:// URL for the same port', () => {
    expect(redisAuthFor({ cache: { port: 6379, env: { REDIS_PASSWORD: 'pw1' } } }, 'cache', 6379, noFile)).toEqual({
      password: 'pw1',
    });
    const apps = { cache: { port: 6379 }, web: { port: 8000, env: { REDIS_URL: 'redis://:pw%402@127.0.0.1:6379/0' } } };
    expect(redisAuthFor(apps, 'cache', 6379, noFile)).toEqual({ password: 'pw@2' });
    const acl = {
      cache: { port: 6379 },
      web: { port: 8000, env: { CELERY_BROKER_URL: 'redis://celery:pw3@localhost:6379/1' } },
    };
    expect(redisAuthFor(acl, 'cache', 6379, noFile)).toEqual({ username: 'celery', password: 'pw3' });
  });

  it('ignores URLs of another port, URLs without a password and unrelated variables', () => {
    const apps = {
      cache: { port: 6379 },
      web: {
        port: 8000,
        env: {
          REDIS_URL: 'redis://:other@127.0.0.1:6380/0',
          CACHE_URL: 'redis://127.0.0.1:6379',
          HOMEPAGE: 'redis://:x@h:6379',
        },
      },
    };
    expect(redisAuthFor(apps, 'cache', 6379, noFile)).toBeNull();
  });
});
