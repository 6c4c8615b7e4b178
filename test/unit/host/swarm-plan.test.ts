import { describe, it, expect } from 'vitest';
import { planSwarmDeploy } from '../../../plugin/ergon/swarm-plan';

describe('swarm deploy plans', () => {
  const image = {
    id: 'sha',
    name: 'reg/myapp:abc',
    labels: { 'tekton.project': 'myapp', 'tekton.manifest.hash': 'h1' },
    exposedPorts: [8000, 6379],
  };
  it('swarm: one bind source per slot through the {{.Task.Slot}} template', () => {
    const plan = planSwarmDeploy({ image, service: 'web', replicas: 3, stateDir: '/s' });
    expect(plan.slotDirs).toEqual(['/s/containers/run/web.1', '/s/containers/run/web.2', '/s/containers/run/web.3']);
    expect(JSON.stringify(plan.spec)).toContain('/s/containers/run/web.{{.Task.Slot}}');
    expect(() => planSwarmDeploy({ image, service: 'web', replicas: 0, stateDir: '/s' })).toThrow(/--replicas/);
    const remote = planSwarmDeploy({ image, service: 'web', replicas: 2, stateDir: '/s', remoteEngine: true });
    expect(remote.slotDirs).toEqual([]);
    expect(JSON.stringify(remote.spec)).not.toContain('/s/containers');
  });
});
