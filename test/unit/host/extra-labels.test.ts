import { describe, expect, it } from 'vitest';
import { planRun } from '../../../plugin/ergon/run-plan';
import { planStack } from '../../../plugin/ergon/stack-plan';
import { planSwarmDeploy } from '../../../plugin/ergon/swarm-plan';
import { extraLabels } from '../../../plugin/tekton/extra-labels';

// TEKTON_LABELS: the user's labels on every object aish creates; ours cannot be overridden by them.
describe('TEKTON_LABELS', () => {
  const image = {
    id: 'sha',
    name: 'myapp:abc',
    labels: { 'tekton.project': 'myapp', 'tekton.manifest.hash': 'h1' },
    exposedPorts: [8000],
  };

  it('parses key=value pairs, values may hold = and be empty; unset or blank gives none', () => {
    expect(extraLabels({ TEKTON_LABELS: 'tekton.test=1, team=shop ,note=a=b,empty=' })).toEqual({
      'tekton.test': '1',
      team: 'shop',
      note: 'a=b',
      empty: '',
    });
    expect(extraLabels({})).toEqual({});
    expect(extraLabels({ TEKTON_LABELS: '  ' })).toEqual({});
  });

  it('names a bad entry and the expected form', () => {
    expect(() => extraLabels({ TEKTON_LABELS: 'team=shop,oops' })).toThrow(
      /entry 'oops' is not key=value.*TEKTON_LABELS=team=shop,tekton.test=1/,
    );
    expect(() => extraLabels({ TEKTON_LABELS: '=1' })).toThrow(/entry '=1'/);
    expect(() => extraLabels({ TEKTON_LABELS: 'bad key=1' })).toThrow(/entry 'bad key=1'/);
  });

  it('reaches the container of ergon run, the Swarm service and its tasks, and the stack services', () => {
    const extra = extraLabels({ TEKTON_LABELS: 'tekton.test=1,tekton.project=spoof' });
    const run = planRun({ image, extraLabels: extra }, '/s');
    expect(run.spec.labels).toMatchObject({ 'tekton.test': '1', 'tekton.project': 'myapp' });
    const swarm = planSwarmDeploy({ image, service: 'web', replicas: 1, stateDir: '/s', extraLabels: extra }).spec as {
      Labels: Record<string, string>;
      TaskTemplate: { ContainerSpec: { Labels: Record<string, string> } };
    };
    expect(swarm.Labels).toMatchObject({ 'tekton.test': '1', 'tekton.project': 'myapp' });
    expect(swarm.TaskTemplate.ContainerSpec.Labels['tekton.test']).toBe('1');
    const stack = planStack('services:\n  web:\n    image: myapp:abc\n', {
      app: 'shop',
      stateDir: '/s',
      extraLabels: extra,
    });
    expect(stack.compose).toMatch(/tekton\.test: "?1"?/);
  });
});
