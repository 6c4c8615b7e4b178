import { describe, expect, it } from 'vitest';
import { classifyProcess } from '../../../ci-runtime/discovery/classify';
import { findMismatches } from '../../../ci-runtime/discovery/mismatches';

describe('process classification', () => {
  const cases: Array<[string, number[], string, string]> = [
    ['python3 -m uvicorn main:app --port 8000', [8000], 'web', 'FastAPI'],
    ['/usr/bin/python3 /usr/bin/gunicorn app:app', [8000], 'web', 'Gunicorn'],
    ['gunicorn mysite.wsgi:application', [8000], 'web', 'Django'],
    ['python manage.py runserver 0.0.0.0:8000', [8000], 'web', 'Django'],
    ['flask run --host 0.0.0.0', [5000], 'web', 'Flask'],
    ['python3 -m celery -A tasks worker', [], 'worker', 'Celery'],
    ['celery -A proj beat -l info', [], 'scheduler', 'Celery beat'],
    ['node server.js', [3000], 'web', 'Express'],
    ['node /app/node_modules/.bin/next start', [3000], 'web', 'Next.js'],
    ['node index.js', [], 'process', 'Node'],
    ['nginx: master process nginx -g daemon off;', [80], 'nginx', 'nginx'],
    ['redis-server *:6379', [6379], 'redis', 'Redis'],
    ['postgres -D /var/lib/postgresql/data', [5432], 'postgres', 'PostgreSQL'],
    ['/usr/sbin/mysqld', [3306], 'mysql', 'MySQL'],
    ['/usr/sbin/mariadbd', [3306], 'mysql', 'MariaDB'],
    ['memcached -m 64', [11211], 'memcached', 'memcached'],
    ['/usr/lib/erlang/erts/bin/beam.smp -- -root /usr/lib/erlang -- rabbit', [5672], 'rabbitmq', 'RabbitMQ'],
    ['puma 6.4.0 (tcp://0.0.0.0:3000) [app]', [3000], 'web', 'Puma'],
    ['java -jar app.jar', [8080], 'web', 'Java'],
    ['/usr/local/bin/keydb-server', [6379], 'redis', 'Redis'],
    ['/app/mybinary --serve', [9000], 'tcp', 'mybinary'],
    ['sleep 100', [], 'process', 'sleep'],
  ];
  it.each(cases)('%s → %s', (cmd, ports, kind, label) => {
    expect(classifyProcess({ argv: cmd.split(' '), ports })).toEqual({ kind, label });
  });
});

describe('declared versus running', () => {
  it('reports missing services, wrong ports, wrong kinds and undeclared listeners', () => {
    const declared = [
      { name: 'web', kind: 'web', port: 8000, running: true },
      { name: 'redis', kind: 'redis', port: 6379, running: false },
      { name: 'db', kind: 'postgres', port: 5432, running: true },
    ];
    const discovered = [
      { pid: 5, command: 'uvicorn', kind: 'web', label: 'FastAPI', ports: [8080], declared_as: 'web' },
      { pid: 6, command: 'redis-server', kind: 'redis', label: 'Redis', ports: [5432], declared_as: 'db' },
      { pid: 9, command: 'nc -l 9999', kind: 'tcp', label: 'nc', ports: [9999], declared_as: null },
    ];
    expect(findMismatches(declared, discovered)).toEqual([
      'web is declared on port 8000 but listens on 8080',
      'redis is declared but not running',
      'db is declared as postgres but looks like redis (Redis)',
      'undeclared nc (pid 9) listening on 9999',
    ]);
    expect(
      findMismatches([{ name: 'web', kind: 'web', port: 8000, running: true }], [{ ...discovered[0]!, ports: [8000] }]),
    ).toEqual([]);
  });
});
