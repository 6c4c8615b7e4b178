import { describe, it, expect } from 'vitest';
import { DEFAULT_LIFECYCLE, lifecycleOf, validateLifecycle } from '../../../plugin/release/lifecycle';
import { formatImageRef, parseImageRef } from '../../../plugin/release/image-ref';
import { manifestHash, type Manifest } from '../../../protocol';

describe('lifecycle', () => {
  it('defaults to dev → test → pre-deploy → stage → prod', () => {
    expect(lifecycleOf(undefined).stages.map((s) => `${s.name}:${s.rule}`)).toEqual([
      'dev:automatic',
      'test:automatic',
      'pre-deploy:ci-approved',
      'stage:ci-approved',
      'prod:manual',
    ]);
    expect(validateLifecycle(DEFAULT_LIFECYCLE)).toEqual([]);
  });

  it('names every problem of a bad one', () => {
    expect(
      validateLifecycle({
        stages: [
          { name: 'Dev', site: { kind: 'engine' }, rule: 'automatic' },
          { name: 'qa', site: { kind: 'cloud' }, rule: 'sometimes' },
          { name: 'qa', site: { kind: 'engine' }, rule: 'manual', replicas: 3 },
        ],
      }),
    ).toEqual([
      'lifecycle.stages[0].name must be lowercase letters, digits and \'-\' (got "Dev")',
      'lifecycle.stages[1].rule must be automatic, ci-approved or manual (got "sometimes")',
      'lifecycle.stages[1].site.kind must be engine or swarm (got "cloud")',
      "lifecycle.stages[2].name 'qa' appears twice",
      'lifecycle.stages[2]: 3 replicas need a swarm site (site.kind: swarm)',
    ]);
    expect(() => lifecycleOf({ stages: [] })).toThrow(
      /lifecycle is not valid: lifecycle.stages must be a non-empty list/,
    );
  });

  it('is not part of the image hash: where an image goes does not change what it is', () => {
    const m = {
      manifest_version: 1,
      project: { name: 'a', repository: null },
      applications: {},
      containers: {},
      packaging: { build_order: [], registry: null, tagging: 'content-hash' },
    } as Manifest;
    expect(manifestHash({ ...m, lifecycle: DEFAULT_LIFECYCLE }, 'src')).toBe(manifestHash(m, 'src'));
  });
});

describe('image references', () => {
  it('reads registry, repository, tag and digest the way Docker does', () => {
    const d = `sha256:${'a'.repeat(64)}`;
    expect(parseImageRef(`127.0.0.1:5000/team/shop:1.2@${d}`)).toEqual({
      registry: '127.0.0.1:5000',
      repository: 'team/shop',
      tag: '1.2',
      digest: d,
    });
    expect(parseImageRef('team/shop')).toEqual({ registry: null, repository: 'team/shop', tag: null, digest: null });
    expect(parseImageRef('localhost/shop:x').registry).toBe('localhost');
    expect(formatImageRef(parseImageRef(`reg:5000/shop@${d}`))).toBe(`reg:5000/shop@${d}`);
    expect(() => parseImageRef('Shop:1')).toThrow(/repository 'Shop' must be lowercase/);
    expect(() => parseImageRef('shop@sha256:xyz')).toThrow(/digest that is not sha256/);
  });
});
