import { describe, it, expect } from 'vitest';
import { entryFromContainer, ciNameOfContainer } from '../../../plugin/registry/registry-entry';

describe('registry entries from engine containers', () => {
  const base = {
    id: 'c1',
    name: 'web',
    image: 'img',
    state: 'running',
    status: '',
    ports: [{ private: 8000, public: 32768, ip: '127.0.0.1', type: 'tcp' }],
    mounts: [] as { source: string; destination: string }[],
  };
  it('socket endpoint when /run/tekton-ci is bind-mounted, exec otherwise, none without CI labels', () => {
    const withMount = entryFromContainer({
      ...base,
      labels: { 'tekton.ci.name': 'x' },
      mounts: [{ source: '/s/run/web', destination: '/run/tekton-ci' }],
    })!;
    expect(withMount.endpoint).toEqual({ kind: 'socket', path: '/s/run/web/ci.sock' });
    expect(withMount.token_file).toBe('/s/run/web/token');
    expect(withMount.ports).toEqual(['127.0.0.1:32768->8000/tcp']);
    expect(entryFromContainer({ ...base, labels: { 'tekton.manifest.hash': 'h' } })!.endpoint).toEqual({
      kind: 'exec',
      container_id: 'c1',
    });
    expect(entryFromContainer({ ...base, labels: {} })).toBeNull();
  });
  it('names Swarm replicas by service and slot', () => {
    expect(
      ciNameOfContainer({
        name: 'web.2.xyz',
        labels: { 'com.docker.swarm.service.name': 'web', 'com.docker.swarm.task.name': 'web.2.xyz' },
      }),
    ).toBe('web-2-container-ci');
  });
});
