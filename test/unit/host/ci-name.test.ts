// Item 5 of issue 13: one name per CI. The container label, the registry entry, Hermes' registration
// and the CI's own answers (its config) all come from resolveCiName.
import { describe, expect, it } from 'vitest';
import { resolveCiName, type Manifest } from '../../../protocol';
import { resolveConfig } from '../../../ci-runtime/config';
import { planRun } from '../../../plugin/ergon/run-plan';
import { registrationFor } from '../../../plugin/monitor/hermes-reporter';
import { entryFromContainer } from '../../../plugin/registry/registry-entry';
import { givenLabels } from '../../../plugin/registry/given-labels';

const manifest = (ciName: string): Manifest =>
  ({
    manifest_version: 1,
    project: { name: 'myapp' },
    applications: { web: { type: 'web', run_command: ['python', 'app.py'], port: 8000 } },
    containers: {
      myapp: {
        base_image: 'python:3.12-slim',
        applications: ['web'],
        ports: [8000],
        ci_name: ciName,
        ci_capabilities: [],
      },
    },
  }) as unknown as Manifest;

/** Everything that names the CI of `ergon run --name <name>` of an image built from `manifest`. */
function namesOf(name: string | undefined, imageCiName: string) {
  const image = {
    id: 'sha',
    name: 'myapp:1',
    labels: { 'tekton.project': 'myapp', 'tekton.container': 'myapp', 'tekton.ci.name': imageCiName },
    exposedPorts: [8000],
  };
  const plan = planRun({ image, ...(name ? { name } : {}) }, '/state');
  // The engine's view of the container the plan creates (image labels, then the plan's), and what
  // was given to it at creation: the keys the image does not carry.
  const labels = { ...image.labels, ...plan.spec.labels };
  const entry = entryFromContainer(
    { id: 'c1', name: plan.spec.name, image: image.name, state: 'running', status: '', ports: [], mounts: [], labels },
    givenLabels(labels, image.labels),
  )!;
  const ci = resolveConfig(manifest(imageCiName), plan.spec.env ?? {}, []);
  return {
    plan: plan.ciName,
    label: plan.spec.labels!['tekton.ci.name'],
    registry: entry.ci_name,
    hermes: registrationFor(entry, null, '1').component_id,
    ci: ci.ciName,
  };
}

describe('one name per CI', () => {
  it('ergon run --name staging of a myapp image: everything says staging-container-ci', () => {
    const names = namesOf('staging', 'myapp-container-ci');
    expect(new Set(Object.values(names))).toEqual(new Set(['staging-container-ci']));
  });

  it("without --name: the image's container name", () => {
    expect(new Set(Object.values(namesOf(undefined, 'myapp-container-ci')))).toEqual(new Set(['myapp-container-ci']));
  });

  it('a ci_name the user set in the manifest wins everywhere, whatever the container is called', () => {
    expect(new Set(Object.values(namesOf('staging', 'billing-container-ci')))).toEqual(
      new Set(['billing-container-ci']),
    );
  });

  it("an image's name that is not a CI name (a Tekton component's) is refused and named; the default is used", () => {
    const image = {
      id: 'sha',
      name: 'evil:1',
      labels: { 'tekton.container': 'x', 'tekton.ci.name': 'hermes' },
      exposedPorts: [],
    };
    const plan = planRun({ image, name: 'evil' }, '/state');
    expect(plan.ciName).toBe('evil-container-ci');
    expect(plan.notes.join(' ')).toMatch(/'hermes'.*refused/);
  });

  it('resolveCiName: the default manifest name follows the container; a user-set one is kept', () => {
    expect(resolveCiName('web2', { container: 'web', ciName: 'web-container-ci' })).toBe('web2-container-ci');
    expect(resolveCiName('web2', { container: 'web', ciName: 'frontdesk-ci' })).toBe('frontdesk-ci');
    expect(resolveCiName('web2')).toBe('web2-container-ci');
  });

  it('a container not started by ergon run is named after the container', () => {
    const labels = { 'tekton.ci.name': 'myapp-container-ci', 'tekton.ergon': '1', 'tekton.ergon.ci-name': 'x' };
    const entry = entryFromContainer(
      { id: 'c', name: 'other', image: 'myapp:1', state: 'running', status: '', ports: [], mounts: [], labels },
      // Every one of those labels came from the image: none was given.
      givenLabels(labels, labels),
    )!;
    expect(entry.ci_name).toBe('other-container-ci');
  });
});
