import { describe, it, expect } from 'vitest';
import { entryFromContainer, ciNameOfContainer, isCiName } from '../../../plugin/registry/registry-entry';
import { givenLabels } from '../../../plugin/registry/given-labels';
import { settleClaims } from '../../../plugin/registry/name-claims';
import type { CiEntry } from '../../../plugin/registry/registry-types';

describe('registry entries from engine containers', () => {
  const base = {
    id: 'c1',
    name: 'web',
    image: 'img',
    state: 'running',
    status: '',
    ports: [{ private: 8000, public: 32768, ip: '127.0.0.1', type: 'tcp' }],
    mounts: [] as { source: string; destination: string; type?: string }[],
  };
  it("socket endpoint when our run dir is bind-mounted, with the host's token copy; exec otherwise; none without CI labels", () => {
    const withMount = entryFromContainer(
      {
        ...base,
        labels: { 'tekton.ci.name': 'x' },
        mounts: [{ source: '/s/containers/run/web', destination: '/run/tekton-ci', type: 'bind' }],
      },
      {},
    )!;
    expect(withMount.endpoint).toEqual({ kind: 'socket', path: '/s/containers/run/web/ci.sock' });
    expect(withMount.token_file).toBe('/s/containers/tokens/web');
    expect(withMount.ports).toEqual(['127.0.0.1:32768->8000/tcp']);
    expect(entryFromContainer({ ...base, labels: { 'tekton.manifest.hash': 'h' } }, {})!.endpoint).toEqual({
      kind: 'exec',
      container_id: 'c1',
    });
    expect(entryFromContainer({ ...base, labels: {} }, {})).toBeNull();
  });

  it("an image's VOLUME /run/tekton-ci, or a folder outside our run dirs, is no run dir: exec, no token", () => {
    for (const mount of [
      { source: '/var/lib/docker/volumes/abc/_data', destination: '/run/tekton-ci', type: 'volume' },
      { source: '/tmp/mine', destination: '/run/tekton-ci', type: 'bind' },
    ]) {
      const e = entryFromContainer({ ...base, labels: { 'tekton.ci.name': 'x' }, mounts: [mount] }, {})!;
      expect(e.endpoint).toEqual({ kind: 'exec', container_id: 'c1' });
      expect(e.token_file).toBeNull();
    }
  });

  it('names Swarm replicas by service and slot, from given labels only', () => {
    const swarm = { 'com.docker.swarm.service.name': 'web', 'com.docker.swarm.task.name': 'web.2.xyz' };
    expect(ciNameOfContainer({ name: 'web.2.xyz' }, swarm)).toEqual({ name: 'web-2-container-ci', from: 'swarm' });
    expect(ciNameOfContainer({ name: 'evil' }, {})).toEqual({ name: 'evil-container-ci', from: 'container' });
  });

  it("takes ergon run's name only for the container name it was given with", () => {
    const given = { 'tekton.ergon.ci-name': 'billing-container-ci', 'tekton.ergon.container': 'web' };
    expect(ciNameOfContainer({ name: 'web' }, given)).toEqual({ name: 'billing-container-ci', from: 'ergon' });
    expect(ciNameOfContainer({ name: 'web-previous' }, given).name).toBe('web-previous-container-ci');
    expect(ciNameOfContainer({ name: 'web' }, { ...given, 'tekton.ergon.ci-name': 'hermes' }).name).toBe(
      'web-container-ci',
    );
  });
});

describe('given labels', () => {
  it('drop every key the image carries, whatever its value; an unknown image gives nothing', () => {
    const labels = { 'tekton.ci.name': 'victim-container-ci', 'tekton.ergon': '1', 'tekton.app': 'shop' };
    expect(givenLabels(labels, { 'tekton.ci.name': 'victim-container-ci', 'tekton.ergon': '1' })).toEqual({
      'tekton.app': 'shop',
    });
    expect(givenLabels(labels, {})).toEqual(labels);
    expect(givenLabels(labels, null)).toEqual({});
  });
});

describe('CI names', () => {
  it('end in -container-ci and look like a container name', () => {
    for (const ok of ['web-container-ci', 'My_app.1-container-ci']) expect(isCiName(ok)).toBe(true);
    for (const bad of ['hermes', 'apollo-ci', '-container-ci', 'a b-container-ci', 'x\u001b[2J-container-ci'])
      expect(isCiName(bad)).toBe(false);
  });

  it('one holder per name: the registered one, else the best ranked; the others are refused and named', () => {
    const e = (container: string, from: CiEntry['name_from'], id = container, state = 'running'): CiEntry =>
      ({ ci_name: 'web-container-ci', container, container_id: id, name_from: from, state }) as CiEntry;
    const fresh = [e('web', 'container'), e('shop_web.1.x', 'swarm')];
    expect(settleClaims(fresh, {})).toMatchObject({
      entries: [{ container: 'shop_web.1.x' }],
      refused: [{ ci_name: 'web-container-ci', container: 'web', holder: 'shop_web.1.x' }],
    });
    expect(settleClaims(fresh, { 'web-container-ci': e('web', 'container') })).toMatchObject({
      entries: [{ container: 'web' }],
      refused: [{ container: 'shop_web.1.x', holder: 'web' }],
    });
  });

  it("a holder that stopped yields to a running claimant of its rank: a Swarm slot's next task", () => {
    const e = (container: string, state: string): CiEntry =>
      ({ ci_name: 'live-1-container-ci', container, container_id: container, name_from: 'swarm', state }) as CiEntry;
    const old = e('live.1.old', 'exited');
    const next = e('live.1.new', 'running');
    expect(settleClaims([old, next], { 'live-1-container-ci': old })).toMatchObject({
      entries: [{ container: 'live.1.new' }],
      refused: [{ container: 'live.1.old', holder: 'live.1.new' }],
    });
    // A running holder keeps its name; and rank still comes before running (a stopped ergon name is not
    // taken by a running container whose name only derives the same CI name).
    expect(settleClaims([old, next], { 'live-1-container-ci': next }).entries[0]!.container).toBe('live.1.new');
    const ergonStopped = { ...e('shop', 'exited'), name_from: 'ergon' } as CiEntry;
    const derived = { ...e('shop.x', 'running'), name_from: 'container' } as CiEntry;
    expect(settleClaims([ergonStopped, derived], {}).entries[0]!.container).toBe('shop');
  });
});
