// The shell commands operators type, and what each stands for (data, read by shell.ts). A form
// may depend on the arguments (`when`, tested on them joined by spaces): 'docker logs' and
// 'docker restart' are different questions. `kind` is the service a tool talks to when no
// argument names one (redis-cli → the Redis).
import type { IntentName } from '../../protocol';

/** What one command (or one use of it) stands for. */
export interface CommandForm {
  intent: Exclude<IntentName, 'unknown' | 'ask-peer'> | 'refuse';
  when?: RegExp;
  recipe?: string;
  kind?: string;
  /** The name is an English word too ('free', 'tail'): a command only with flags or paths. */
  english?: boolean;
  /** What the command shows at once ('docker stats': memory and cpu): a remark after it may pick one. */
  shows?: IntentName[];
}

const f = (intent: CommandForm['intent'], more: Omit<CommandForm, 'intent'> = {}): CommandForm => ({
  intent,
  ...more,
});

// Service managers share their verbs: 'systemctl restart x', 'docker stop x', 'supervisorctl start x'.
const manager = (extra: CommandForm[] = []): CommandForm[] => [
  ...extra,
  f('restart', { when: /\b(restart|reload|try-restart)\b/ }),
  f('stop', { when: /\bstop\b/ }),
  f('start', { when: /\bstart\b/ }),
  f('logs', { when: /\b(logs|tail)\b/ }),
  f('health', { when: /\bis-active\b/ }),
  f('status', { when: /\b(status|inspect|describe)\b/ }),
  f('services', { when: /\b(list-units|ps|ls|list)\b/ }),
  f('processes', { when: /\btop\b/, shows: ['processes', 'cpu', 'memory'] }),
  f('status', { when: /\bstats\b/, shows: ['memory', 'cpu', 'processes'] }),
  f('refuse', { when: /\S/ }),
  f('status'),
];

/** Commands by name. */
export const COMMANDS: Record<string, CommandForm | CommandForm[]> = {
  ps: f('processes'),
  htop: f('processes', { shows: ['processes', 'cpu', 'memory'] }),
  atop: f('processes', { shows: ['processes', 'cpu', 'memory', 'disk'] }),
  btop: f('processes', { shows: ['processes', 'cpu', 'memory'] }),
  top: f('processes', { english: true, shows: ['processes', 'cpu', 'memory'] }),
  pgrep: f('processes'),
  pidof: f('processes'),
  pstree: f('processes'),
  free: f('memory', { english: true }),
  vmstat: f('memory'),
  smem: f('memory'),
  df: f('disk'),
  du: f('disk'),
  ncdu: f('disk'),
  mpstat: f('cpu'),
  nproc: f('cpu'),
  lscpu: f('cpu'),
  uptime: f('uptime'),
  // Who listens on which port: the services.
  netstat: f('services'),
  ss: f('services'),
  lsof: [f('services', { when: /-i\b/ }), f('processes')],
  journalctl: f('logs'),
  tail: f('logs', { english: true }),
  head: f('logs', { english: true }),
  less: f('logs', { english: true }),
  man: f('help'),
  ls: [f('recipes', { when: /recipe/ }), f('services', { when: /service/ })],
  pg_isready: f('health', { kind: 'postgres' }),
  curl: f('health', { kind: 'web' }),
  wget: f('health', { kind: 'web' }),
  mysqladmin: [f('health', { when: /\bping\b/, kind: 'mysql' }), f('refuse')],
  'redis-cli': [
    f('health', { when: /\bping\b/, kind: 'redis' }),
    f('run-recipe', { when: /\bflush(db|all)\b/, recipe: 'clear-cache', kind: 'redis' }),
    f('run-recipe', { when: /\bclient\s+list\b|\binfo\s+clients\b/, recipe: 'connections', kind: 'redis' }),
    f('memory', { when: /\binfo\s+memory\b|\bmemory\s+(stats|usage|doctor)\b|--(big|mem)keys\b/, kind: 'redis' }),
    f('optimize-memory', { when: /\bmemory\s+purge\b/, kind: 'redis' }),
    f('cpu', { when: /\binfo\s+cpu\b/, kind: 'redis' }),
    f('diagnose', { when: /\b(slowlog|latency)\b/, kind: 'redis' }),
    f('logs', { when: /\bmonitor\b/, kind: 'redis' }),
    f('status', { when: /^(-\S+\s+\S+\s+)*(info|dbsize)\b/, kind: 'redis' }),
    f('refuse'),
  ],
  psql: [
    f('run-recipe', { when: /\bvacuum\b/, recipe: 'vacuum-analyze', kind: 'postgres' }),
    f('run-recipe', { when: /pg_stat_activity|\bconnections\b/, recipe: 'connections', kind: 'postgres' }),
    f('health', { when: /\bselect\s+1\b/, kind: 'postgres' }),
    f('refuse'),
  ],
  systemctl: manager(),
  service: manager().map((form) => ({ ...form, english: true })),
  supervisorctl: manager(),
  docker: manager(),
  podman: manager(),
  'docker-compose': manager(),
  kubectl: manager([
    f('services', { when: /\bget\s+(pods?|deploy\S*|svc|services?)\b/ }),
    f('cpu', { when: /\btop\b/, shows: ['cpu', 'memory'] }),
  ]),
  // Heroku's CLI: 'ps:restart worker', 'ps:stop web', 'logs --tail', 'ps' (the dynos); scaling,
  // one-off dynos and configuration change the app.
  heroku: manager([f('refuse', { when: /\bps:(scale|resize|type|kill)\b|\b(run|config:\S+|rollback|pg:reset)\b/ })]),
};

/** Commands that delete, overwrite, kill or open up: never run, never read as another intent. */
export const DANGEROUS = new Set([
  'rm',
  'rmdir',
  'dd',
  'mkfs',
  'shred',
  'wipefs',
  'fdisk',
  'parted',
  'chmod',
  'chown',
  'chgrp',
  'kill',
  'killall',
  'pkill',
  'shutdown',
  'reboot',
  'halt',
  'poweroff',
  'iptables',
  'ufw',
  'passwd',
  'useradd',
  'userdel',
  'usermod',
  'crontab',
  'mv',
  'truncate',
  'mount',
  'umount',
  'sysctl',
  'eval',
]);

/** Words of a sentence: a line holding one is a sentence, not a command line ("free up some ram"). */
export const SENTENCE_WORDS = new Set([
  'the',
  'a',
  'an',
  'some',
  'up',
  'my',
  'our',
  'your',
  'all',
  'of',
  'for',
  'please',
  'me',
  'it',
  'is',
  'are',
  'how',
  'what',
  'why',
  'much',
  'many',
  'and',
  'to',
  'in',
  'on',
  'with',
  'off',
  'down',
  'out',
  'that',
  'this',
  'any',
  'again',
]);
