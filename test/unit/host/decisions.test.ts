import { describe, it, expect } from 'vitest';
import { decideConfirmation } from '../../../plugin/transport/confirm-flow';
import { decideHeal, recordHeal, type HealLedger } from '../../../plugin/monitor/heal-policy';
import { parseDockerHost, resolveDockerConnection } from '../../../plugin/engine/docker-connection';
import { planRun, defaultContainerName } from '../../../plugin/ergon/run-plan';
import { planSwarmDeploy } from '../../../plugin/ergon/swarm-plan';
import { entryFromContainer, ciNameOfContainer } from '../../../plugin/registry/registry-entry';
import { healthOfServices } from '../../../plugin/monitor/ci-probe';
import { parseParams } from '../../../plugin/ci/commands/talk';
import type { ConfirmationRequest, ServiceStatus } from '../../../protocol';

const req = (risk: ConfirmationRequest['risk']): ConfirmationRequest => ({ token: 't', prompt: 'Flush redis?', risk, expires_at: '', target: '', action: '' });
const svc = (over: Partial<ServiceStatus>): ServiceStatus => ({ name: 'redis', kind: 'redis', label: 'Redis', state: 'running', health: 'healthy', pid: 1, ports: [], memory_bytes: 1, cpu_percent: 0, restarts: 0, uptime_s: 1, ...over });

describe('confirmation decisions', () => {
  it('control: asks on a TTY, resends with --yes, refuses without either', () => {
    expect(decideConfirmation(req('control'), { interactive: true, yes: false, confirmTarget: null }, 'c').kind).toBe('ask-yes-no');
    expect(decideConfirmation(req('control'), { interactive: false, yes: true, confirmTarget: null }, 'c').kind).toBe('resend');
    const refused = decideConfirmation(req('control'), { interactive: false, yes: false, confirmTarget: null }, 'c');
    expect(refused).toMatchObject({ kind: 'refuse' });
    expect((refused as { message: string }).message).toMatch(/--yes/);
  });
  it('destructive: --yes is not enough; typed name on a TTY; --confirm must name the target', () => {
    expect(decideConfirmation(req('destructive'), { interactive: false, yes: true, confirmTarget: null }, 'web').kind).toBe('refuse');
    expect(decideConfirmation(req('destructive'), { interactive: true, yes: true, confirmTarget: null }, 'web')).toMatchObject({ kind: 'ask-typed', target: 'web' });
    expect(decideConfirmation(req('destructive'), { interactive: false, yes: false, confirmTarget: 'web' }, 'web').kind).toBe('resend');
    expect(decideConfirmation(req('destructive'), { interactive: false, yes: false, confirmTarget: 'db' }, 'web').kind).toBe('refuse');
    expect(decideConfirmation({ ...req('destructive'), target: 'redis' } as ConfirmationRequest, { interactive: false, yes: false, confirmTarget: 'redis' }, 'web').kind).toBe('resend');
  });
});

describe('auto-heal policy', () => {
  const limits = { baseDelayMs: 1000, maxAttempts: 3, windowMs: 60_000 };
  it('restarts unhealthy services with doubling backoff and gives up at the ceiling', () => {
    const ledger: HealLedger = new Map();
    const bad = svc({ health: 'unhealthy' });
    expect(decideHeal(ledger, 'k', svc({}), 0, limits).kind).toBe('none');
    expect(decideHeal(ledger, 'k', bad, 0, limits)).toEqual({ kind: 'restart', attempt: 1 });
    recordHeal(ledger, 'k', 0, limits);
    expect(decideHeal(ledger, 'k', bad, 500, limits)).toEqual({ kind: 'wait', untilMs: 1000 });
    expect(decideHeal(ledger, 'k', bad, 1000, limits)).toEqual({ kind: 'restart', attempt: 2 });
    recordHeal(ledger, 'k', 1000, limits);
    expect(decideHeal(ledger, 'k', bad, 2500, limits).kind).toBe('wait');
    expect(decideHeal(ledger, 'k', bad, 3000, limits).kind).toBe('restart');
    recordHeal(ledger, 'k', 3000, limits);
    expect(decideHeal(ledger, 'k', bad, 100_000 - 61_000, limits)).toEqual({ kind: 'give-up', attempts: 3 });
    expect(decideHeal(ledger, 'k', bad, 70_000, limits).kind).toBe('restart');
  });
  it('overall health: worst wins, partial failure is degraded', () => {
    expect(healthOfServices([svc({}), svc({ name: 'w' })])).toBe('healthy');
    expect(healthOfServices([svc({}), svc({ name: 'w', state: 'fatal', health: 'unhealthy' })])).toBe('degraded');
    expect(healthOfServices([svc({ health: 'unhealthy' })])).toBe('unhealthy');
    expect(healthOfServices([svc({ health: 'starting', state: 'starting' })])).toBe('starting');
  });
});

describe('docker connection', () => {
  const files = (cfg: Record<string, string>) => ({ readText: (p: string) => cfg[p] ?? null, listDirs: (p: string) => (p === '/h/.docker/contexts/meta' ? ['abc'] : []), home: '/h' });
  it('honours DOCKER_HOST tcp, ssh and unix', () => {
    expect(parseDockerHost('tcp://10.0.0.5:2375')).toMatchObject({ host: '10.0.0.5', port: 2375, protocol: 'http' });
    expect(parseDockerHost('ssh://me@box')).toMatchObject({ host: 'box', port: 22, protocol: 'ssh', username: 'me' });
    expect(parseDockerHost('unix:///x/d.sock')).toMatchObject({ socketPath: '/x/d.sock' });
    expect(() => parseDockerHost('ftp://x')).toThrow(/unknown scheme/);
  });
  it('uses TLS material for tcp with DOCKER_TLS_VERIFY, and the ssh agent for ssh', () => {
    const tls = { '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY' };
    expect(resolveDockerConnection({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, files(tls))).toMatchObject({ protocol: 'https', ca: 'CA', cert: 'CERT', key: 'KEY' });
    expect(() => resolveDockerConnection({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/none' }, files(tls))).toThrow(/lacks ca.pem/);
    expect(resolveDockerConnection({ DOCKER_HOST: 'ssh://u@h', SSH_AUTH_SOCK: '/agent' }, files({}))).toMatchObject({ sshOptions: { agent: '/agent' } });
  });
  it('follows the current context to its meta.json, default socket otherwise', () => {
    const cfg = { '/h/.docker/config.json': '{"currentContext":"remote"}', '/h/.docker/contexts/meta/abc/meta.json': '{"Name":"remote","Endpoints":{"docker":{"Host":"ssh://u@far"}}}' };
    expect(resolveDockerConnection({}, files(cfg))).toMatchObject({ host: 'far', protocol: 'ssh' });
    expect(resolveDockerConnection({ DOCKER_HOST: 'tcp://h:1' }, files(cfg))).toMatchObject({ host: 'h', port: 1 });
    expect(resolveDockerConnection({}, files({}))).toMatchObject({ socketPath: '/var/run/docker.sock' });
    expect(() => resolveDockerConnection({ DOCKER_CONTEXT: 'nope' }, files(cfg))).toThrow(/no meta.json/);
  });
});

describe('run and deploy plans', () => {
  const image = { id: 'sha', name: 'reg/myapp:abc', labels: { 'tekton.project': 'myapp', 'tekton.manifest.hash': 'h1' }, exposedPorts: [8000, 6379] };
  it('publishes exposed ports on 127.0.0.1 by default, all interfaces with --publish-all', () => {
    const plan = planRun({ image }, '/s');
    expect(plan.spec.name).toBe('myapp');
    expect(plan.spec.publish!.map((p) => p.hostIp)).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(plan.spec.binds).toEqual([{ source: '/s/containers/run/myapp', target: '/run/tekton-ci' }]);
    expect(plan.spec.labels).toMatchObject({ 'tekton.project': 'myapp', 'tekton.manifest.hash': 'h1', 'tekton.container': 'myapp' });
    expect(planRun({ image, publishAll: true }, '/s').spec.publish!.every((p) => p.hostIp === '0.0.0.0')).toBe(true);
    expect(planRun({ image, publish: [{ hostPort: 9000, containerPort: 8000 }] }, '/s').spec.publish![0]).toEqual({ containerPort: 8000, hostPort: 9000, hostIp: '127.0.0.1' });
    expect(() => planRun({ image, name: 'Bad Name' }, '/s')).toThrow(/not valid/);
    expect(defaultContainerName({ ...image, labels: {} })).toBe('myapp');
  });
  it('swarm: one bind source per slot through the {{.Task.Slot}} template', () => {
    const plan = planSwarmDeploy({ image, service: 'web', replicas: 3, stateDir: '/s' });
    expect(plan.slotDirs).toEqual(['/s/containers/run/web.1', '/s/containers/run/web.2', '/s/containers/run/web.3']);
    expect(JSON.stringify(plan.spec)).toContain('/s/containers/run/web.{{.Task.Slot}}');
    expect(() => planSwarmDeploy({ image, service: 'web', replicas: 0, stateDir: '/s' })).toThrow(/--replicas/);
    const remote = planSwarmDeploy({ image, service: 'web', replicas: 2, stateDir: '/s', remoteEngine: true });
    expect(remote.slotDirs).toEqual([]);
    expect(JSON.stringify(remote.spec)).not.toContain('/s/containers');
  });
  it('remote engine: no host bind mount for ergon run (the CI is reached through docker exec)', () => {
    const plan = planRun({ image, remoteEngine: true }, '/s');
    expect(plan.runDir).toBeNull();
    expect(plan.spec.binds).toEqual([]);
  });
});

describe('registry entries from engine containers', () => {
  const base = { id: 'c1', name: 'web', image: 'img', state: 'running', status: '', ports: [{ private: 8000, public: 32768, ip: '127.0.0.1', type: 'tcp' }], mounts: [] as { source: string; destination: string }[] };
  it('socket endpoint when /run/tekton-ci is bind-mounted, exec otherwise, none without CI labels', () => {
    const withMount = entryFromContainer({ ...base, labels: { 'tekton.ci.name': 'x' }, mounts: [{ source: '/s/run/web', destination: '/run/tekton-ci' }] })!;
    expect(withMount.endpoint).toEqual({ kind: 'socket', path: '/s/run/web/ci.sock' });
    expect(withMount.token_file).toBe('/s/run/web/token');
    expect(withMount.ports).toEqual(['127.0.0.1:32768->8000/tcp']);
    expect(entryFromContainer({ ...base, labels: { 'tekton.manifest.hash': 'h' } })!.endpoint).toEqual({ kind: 'exec', container_id: 'c1' });
    expect(entryFromContainer({ ...base, labels: {} })).toBeNull();
  });
  it('names Swarm replicas by service and slot', () => {
    expect(ciNameOfContainer({ name: 'web.2.xyz', labels: { 'com.docker.swarm.service.name': 'web', 'com.docker.swarm.task.name': 'web.2.xyz' } })).toBe('web-2-container-ci');
  });
  it('parses recipe params with types', () => {
    expect(parseParams(['a=1', 'b=true', 'c=x=y', 'd='])).toEqual({ a: 1, b: true, c: 'x=y', d: '' });
    expect(() => parseParams(['oops'])).toThrow(/key=value/);
  });
});

describe('ergon family claims', () => {
  it('claims only its own subcommands, so free text reaches Tekton\'s Ergon CI', async () => {
    const { ergonFamily } = await import('../../../plugin/ergon/family');
    expect(ergonFamily.claims!(['run', 'x'])).toBe(true);
    expect(ergonFamily.claims!(['list'])).toBe(true);
    expect(ergonFamily.claims!(['what', 'is', 'running?'])).toBe(false);
    expect(ergonFamily.claims!(['deploy the shop please'])).toBe(false);
  });
});
