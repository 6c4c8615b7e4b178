import { describe, it, expect } from 'vitest';
import { parseDockerHost, resolveDockerConnection } from '../../../plugin/engine/docker-connection';

describe('docker connection', () => {
  const files = (cfg: Record<string, string>) => ({
    readText: (p: string) => cfg[p] ?? null,
    listDirs: (p: string) => (p === '/h/.docker/contexts/meta' ? ['abc'] : []),
    home: '/h',
  });
  it('honours DOCKER_HOST tcp, ssh and unix', () => {
    expect(parseDockerHost('tcp://10.0.0.5:2375')).toMatchObject({ host: '10.0.0.5', port: 2375, protocol: 'http' });
    expect(parseDockerHost('ssh://me@box')).toMatchObject({ host: 'box', port: 22, protocol: 'ssh', username: 'me' });
    expect(parseDockerHost('unix:///x/d.sock')).toMatchObject({ socketPath: '/x/d.sock' });
    expect(() => parseDockerHost('ftp://x')).toThrow(/unknown scheme/);
  });
  it('uses TLS material for tcp with DOCKER_TLS_VERIFY, and the ssh agent for ssh', () => {
    const tls = { '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY' };
    expect(
      resolveDockerConnection(
        { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' },
        files(tls),
      ),
    ).toMatchObject({ protocol: 'https', ca: 'CA', cert: 'CERT', key: 'KEY' });
    expect(() =>
      resolveDockerConnection(
        { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/none' },
        files(tls),
      ),
    ).toThrow(/lacks ca.pem/);
    expect(resolveDockerConnection({ DOCKER_HOST: 'ssh://u@h', SSH_AUTH_SOCK: '/agent' }, files({}))).toMatchObject({
      sshOptions: { agent: '/agent' },
    });
  });
  it('follows the current context to its meta.json, default socket otherwise', () => {
    const cfg = {
      '/h/.docker/config.json': '{"currentContext":"remote"}',
      '/h/.docker/contexts/meta/abc/meta.json': '{"Name":"remote","Endpoints":{"docker":{"Host":"ssh://u@far"}}}',
    };
    expect(resolveDockerConnection({}, files(cfg))).toMatchObject({ host: 'far', protocol: 'ssh' });
    expect(resolveDockerConnection({ DOCKER_HOST: 'tcp://h:1' }, files(cfg))).toMatchObject({ host: 'h', port: 1 });
    expect(resolveDockerConnection({}, files({}))).toMatchObject({ socketPath: '/var/run/docker.sock' });
    expect(() => resolveDockerConnection({ DOCKER_CONTEXT: 'nope' }, files(cfg))).toThrow(/no meta.json/);
  });
});
