// Recognises what a process is from its command line and listening ports (pure). Rules are
// "command matches or well-known port", like netdata's; the first matching rule wins, so the
// specific ones (celery beat) come before the general ones (python).
import type { ServiceKind } from '../../protocol';

/** What a process looks like from the outside. */
export interface ProcessFacts {
  argv: string[];
  ports: number[];
}

/** The recognised kind and a human label ('FastAPI', 'Redis', 'Celery beat'). */
export interface Classification {
  kind: ServiceKind;
  label: string;
}

interface Rule {
  test: (cmd: string, ports: number[]) => boolean;
  kind: ServiceKind;
  label: string;
}

const has = (re: RegExp) => (cmd: string) => re.test(cmd);
const port = (p: number) => (_: string, ports: number[]) => ports.includes(p);

const RULES: Rule[] = [
  { test: has(/\bcelery\b.*\bbeat\b/), kind: 'scheduler', label: 'Celery beat' },
  { test: has(/\bcelery\b.*\bworker\b/), kind: 'worker', label: 'Celery' },
  { test: has(/\bcelery\b/), kind: 'worker', label: 'Celery' },
  { test: has(/\buvicorn\b|\bfastapi\b|\bhypercorn\b/), kind: 'web', label: 'FastAPI' },
  { test: has(/\bgunicorn\b.*\b(django|wsgi:application)\b|manage\.py\s+runserver/), kind: 'web', label: 'Django' },
  { test: has(/\bgunicorn\b/), kind: 'web', label: 'Gunicorn' },
  { test: has(/\bflask\b/), kind: 'web', label: 'Flask' },
  { test: has(/\bredis-server\b/), kind: 'redis', label: 'Redis' },
  { test: has(/\bpostgres\b|\bpostmaster\b/), kind: 'postgres', label: 'PostgreSQL' },
  { test: has(/\bmariadbd?\b/), kind: 'mysql', label: 'MariaDB' },
  { test: has(/\bmysqld\b/), kind: 'mysql', label: 'MySQL' },
  { test: has(/\bmemcached\b/), kind: 'memcached', label: 'memcached' },
  { test: has(/\brabbitmq|beam\.smp.*rabbit/), kind: 'rabbitmq', label: 'RabbitMQ' },
  { test: has(/\bnginx\b/), kind: 'nginx', label: 'nginx' },
  { test: has(/\bpuma\b|\brails\s+s(erver)?\b/), kind: 'web', label: 'Puma' },
  { test: has(/\bnext(-server|\s+start)\b/), kind: 'web', label: 'Next.js' },
  { test: has(/\bjava\b/), kind: 'web', label: 'Java' },
  { test: port(6379), kind: 'redis', label: 'Redis' },
  { test: port(5432), kind: 'postgres', label: 'PostgreSQL' },
  { test: port(3306), kind: 'mysql', label: 'MySQL' },
  { test: port(11211), kind: 'memcached', label: 'memcached' },
  { test: port(5672), kind: 'rabbitmq', label: 'RabbitMQ' },
];

/** Kinds and labels of a process; Node processes are 'Express' when they look like one, else 'Node'. */
export function classifyProcess({ argv, ports }: ProcessFacts): Classification {
  const cmd = argv.join(' ').toLowerCase();
  for (const rule of RULES) if (rule.test(cmd, ports)) return { kind: rule.kind, label: rule.label };
  const exe = (argv[0] ?? '').split('/').pop() ?? '';
  if (exe === 'node' || exe === 'nodejs') {
    const label = /express|server\.js|app\.js/.test(cmd) ? 'Express' : 'Node';
    return { kind: ports.length ? 'web' : 'process', label };
  }
  if (ports.length) return { kind: 'tcp', label: exe || 'process' };
  return { kind: 'process', label: exe || 'process' };
}

/** The human label for a declared application's kind/framework ('fastapi' → 'FastAPI'). */
export function labelFor(kind: string, framework: string | null, name: string): string {
  const known: Record<string, string> = {
    fastapi: 'FastAPI',
    flask: 'Flask',
    django: 'Django',
    celery: 'Celery',
    express: 'Express',
    next: 'Next.js',
    nextjs: 'Next.js',
    rails: 'Puma',
    redis: 'Redis',
    postgres: 'PostgreSQL',
    postgresql: 'PostgreSQL',
    mysql: 'MySQL',
    mariadb: 'MariaDB',
    memcached: 'memcached',
    rabbitmq: 'RabbitMQ',
    nginx: 'nginx',
    gunicorn: 'Gunicorn',
    'celery-beat': 'Celery beat',
  };
  return known[(framework ?? '').toLowerCase()] ?? known[kind] ?? name;
}
