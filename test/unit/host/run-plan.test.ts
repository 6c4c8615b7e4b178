import { describe, it, expect } from 'vitest';
import { planRun, defaultContainerName } from '../../../plugin/ergon/run-plan';

describe('run plans', () => {
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
  it('remote engine: no host bind mount for ergon run (the CI is reached through docker exec)', () => {
    const plan = planRun({ image, remoteEngine: true }, '/s');
    expect(plan.runDir).toBeNull();
    expect(plan.spec.binds).toEqual([]);
  });
});
