// Boundary 4 (docs/security.md): a project's compose file is the project's code (red team B03). What
// ergon hands to `docker compose` (or `docker stack deploy`) is the reviewed subset: no host bind (the
// red team's `/tmp/...:/host` and `../../tokens:/hosttokens`, which resolved from the state dir), no
// privilege, capability, device, host namespace, confinement change, sysctl, host file read, or
// interpolation of the user's environment. Each refusal names the service and the key. Control: the
// same file with the review's refusals allowed (--allow-host-access, the file as written) hands
// every one of them to the engine, as the planner did before.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { planCompose } from '../../../plugin/ergon/compose-run';
import { ComposeRefused, escapeDollars } from '../../../plugin/ergon/compose-review';
import { planStack } from '../../../plugin/ergon/stack-plan';

// The red team's file, and every other key that widens what a container can do to the host.
const HOSTILE = `
services:
  rt2-b03v:
    image: rt2-myapp:latest
    volumes:
      - /tmp/rt2-b03-host:/host
      - ../../tokens:/hosttokens:ro
      - { type: bind, source: /, target: /hostroot }
      - data:/data
    cap_add: [SYS_ADMIN]
    security_opt: ["apparmor=unconfined"]
    privileged: true
    devices: ["/dev/sda:/dev/sda"]
    pid: host
    ipc: host
    network_mode: host
    userns_mode: host
    cgroup_parent: /
    sysctls: { net.ipv4.ip_forward: 1 }
    extra_hosts: ["registry:10.0.0.1"]
    env_file: ../../tokens/victim
    secrets: [host]
    environment: { LEAK: "\${AWS_SECRET_ACCESS_KEY}", KEEP: "$$HOME" }
    deploy: { resources: { reservations: { devices: [{ capabilities: [gpu] }] } } }
    ports: ["0.0.0.0:2375:2375"]
  worker:
    image: rt2-myapp:latest
    volumes_from: [rt2-b03v]
    labels: { tekton.ergon.ci-name: victim-container-ci }
volumes:
  data: {}
  hostroot: { driver: local, driver_opts: { type: none, o: bind, device: / } }
secrets:
  host: { file: /etc/shadow }
include: [../other/compose.yaml]
`;

const WIDENING = [
  'volumes',
  'cap_add',
  'security_opt',
  'privileged',
  'devices',
  'pid',
  'ipc',
  'network_mode',
  'userns_mode',
  'cgroup_parent',
  'sysctls',
  'extra_hosts',
  'env_file',
  'secrets',
  'deploy',
];

const opts = { app: 'rt2-b03proj', stateDir: '/state', file: 'compose.yaml' };

describe("a project's compose file reaches the engine only as its reviewed subset", () => {
  it('control: with its refusals allowed, the file as written reaches the engine, host binds and all', () => {
    const plan = planCompose(HOSTILE, { ...opts, allowHostAccess: true });
    const svc = (parse(plan.compose) as { services: Record<string, Record<string, unknown>> }).services['rt2-b03v']!;
    expect(JSON.stringify(svc.volumes)).toContain('/tmp/rt2-b03-host:/host');
    expect(JSON.stringify(svc.volumes)).toContain('../../tokens:/hosttokens:ro');
    for (const key of WIDENING) expect(svc, key).toHaveProperty(key);
    expect(plan.allowed.length).toBeGreaterThan(WIDENING.length);
  });

  it('refuses the file, naming every service and key, before anything is planned', () => {
    let err: unknown;
    try {
      planCompose(HOSTILE, opts);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ComposeRefused);
    const message = (err as Error).message;
    expect(message).toContain("service 'rt2-b03v': 'volumes' ('/tmp/rt2-b03-host:/host') binds a host path");
    for (const key of WIDENING) expect(message, key).toContain(`service 'rt2-b03v': '${key}'`);
    expect(message).toContain(
      "service 'rt2-b03v': 'privileged' gives the container every capability and device of the host",
    );
    expect(message).toContain("service 'worker': 'volumes_from'");
    expect(message).toContain("top level: 'volumes.hostroot' holds 'driver'");
    expect(message).toContain("top level: 'secrets'");
    expect(message).toContain("top level: 'include' pulls in other files");
    expect(message).toContain('--allow-host-access');
    // The Swarm path reviews the same file the same way.
    expect(() => planStack(HOSTILE, opts)).toThrow(ComposeRefused);
  });

  it('keeps what an app needs, on loopback, with only its own run dir bound and no environment filled in', () => {
    const text = `
services:
  web:
    image: shop:abc
    command: ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]
    environment: { DATABASE_URL: "postgres://db/\${DB_NAME:-shop}", PRICE: "$$5" }
    ports: ["0.0.0.0:8000:8000", { target: 9000, published: 9000, host_ip: 0.0.0.0 }]
    depends_on: { db: { condition: service_healthy } }
    healthcheck: { test: ["CMD", "true"], interval: 5s }
    volumes: [static:/app/static, /tmp/cache]
    labels: { tekton.ergon.ci-name: hermes, team: shop }
    cap_drop: [ALL]
    build: .
    container_name: victim
  db:
    image: postgres:16
    volumes: [{ type: volume, source: pgdata, target: /var/lib/postgresql/data }]
volumes: { static: {}, pgdata: null }
`;
    const plan = planCompose(text, { ...opts, app: 'shop' });
    const doc = parse(plan.compose) as { services: Record<string, Record<string, unknown>>; volumes: unknown };
    const web = doc.services.web!;
    expect(web.ports).toEqual(['127.0.0.1:8000:8000', { target: 9000, published: 9000, host_ip: '127.0.0.1' }]);
    // Compose reads `$$` as `$`: nothing is taken from the user's environment.
    expect(web.environment).toMatchObject({ DATABASE_URL: 'postgres://db/$${DB_NAME:-shop}', PRICE: '$$5' });
    expect(web.volumes).toEqual([
      'static:/app/static',
      '/tmp/cache',
      { type: 'bind', source: '/state/containers/run/shop-web', target: '/run/tekton-ci' },
    ]);
    expect(web.container_name).toBe('shop-web');
    expect(web.labels).toMatchObject({ team: 'shop', 'tekton.ergon.ci-name': 'shop-web-container-ci' });
    expect(web).not.toHaveProperty('build');
    expect(doc.volumes).toEqual({ static: {}, pgdata: {} });
    expect(plan.notes.join('\n')).toMatch(/'container_name' is not used/);
    expect(plan.wants).toEqual([
      { ci_name: 'shop-web-container-ci', container: 'shop-web', run_dir: '/state/containers/run/shop-web' },
      { ci_name: 'shop-db-container-ci', container: 'shop-db', run_dir: '/state/containers/run/shop-db' },
    ]);
  });

  it('escapes interpolation and keeps literal dollars', () => {
    expect(escapeDollars(['${HOME}', '$HOME', '$$HOME', 'a$', '$$$x'])).toEqual([
      '$${HOME}',
      '$$HOME',
      '$$HOME',
      'a$$',
      '$$$$x',
    ]);
  });
});
