import { describe, it, expect } from 'vitest';
import { planRun, defaultContainerName } from '../../../plugin/ergon/run-plan';

describe('run plans', () => {
  const image = {
    id: 'sha',
    name: 'reg/myapp:abc',
    labels: { 'tekton.project': 'myapp', 'tekton.manifest.hash': 'h1' },
    exposedPorts: [8000, 6379],
  };
  it('publishes exposed ports on 127.0.0.1 by default, all interfaces with --publish-all', () => {
    const plan = planRun({ image }, '/s');
    expect(plan.spec.name).toBe('myapp');
    expect(plan.spec.publish!.map((p) => p.hostIp)).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(plan.spec.binds).toEqual([{ source: '/s/containers/run/myapp', target: '/run/tekton-ci' }]);
    expect(plan.spec.labels).toMatchObject({
      'tekton.project': 'myapp',
      'tekton.manifest.hash': 'h1',
      'tekton.container': 'myapp',
    });
    expect(planRun({ image, publishAll: true }, '/s').spec.publish!.every((p) => p.hostIp === '0.0.0.0')).toBe(true);
    expect(planRun({ image, publish: [{ hostPort: 9000, containerPort: 8000 }] }, '/s').spec.publish![0]).toEqual({
      containerPort: 8000,
      hostPort: 9000,
      hostIp: '127.0.0.1',
    });
    expect(() => planRun({ image, name: 'Bad Name' }, '/s')).toThrow(/not valid/);
    expect(defaultContainerName({ ...image, labels: {} })).toBe('myapp');
  });
  it('remote engine: no host bind mount for ergon run (the CI is reached through docker exec)', () => {
    const plan = planRun({ image, remoteEngine: true }, '/s');
    expect(plan.runDir).toBeNull();
    expect(plan.spec.binds).toEqual([]);
  });
  it('--user UID[:GID]: the container runs as it and the run dir is to be theirs (group 0 by default)', () => {
    const plan = planRun({ image, user: '1000650000:1000650000' }, '/s');
    expect(plan.spec.user).toBe('1000650000:1000650000');
    expect(plan.runDirOwner).toEqual({ uid: 1000650000, gid: 1000650000 });
    expect(plan.spec.groupAdd).toEqual(['0']);
    expect(planRun({ image, user: '1234' }, '/s')).toMatchObject({
      spec: { user: '1234:0' },
      runDirOwner: { uid: 1234, gid: 0 },
    });
    expect(planRun({ image, user: '1234' }, '/s').spec.groupAdd).toBeUndefined();
    expect(planRun({ image }, '/s').runDirOwner).toBeNull();
    expect(planRun({ image }, '/s').spec.user).toBeUndefined();
    expect(planRun({ image, user: '1234', remoteEngine: true }, '/s')).toMatchObject({
      runDirOwner: null,
      spec: { user: '1234:0' },
    });
    expect(() => planRun({ image, user: 'app' }, '/s')).toThrow(/--user 'app' is not UID\[:GID\]/);
  });
});
