import { describe, it, expect } from 'vitest';
import type { Lifecycle } from '../../../protocol';
import { planPromotion, planRollback, PromotionRefused } from '../../../plugin/release/promotion-plan';
import type { Checkpoint, PushRecord, ReleasesFile } from '../../../plugin/release/release-store';

const D = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const lifecycle: Lifecycle = {
  stages: [
    { name: 'dev', site: { kind: 'engine' }, rule: 'automatic' },
    { name: 'test', site: { kind: 'swarm', pull_registry: 'reg:5000' }, rule: 'ci-approved', soak_seconds: 60 },
  ],
};
const push = (n: number): PushRecord => ({
  app: 'shop',
  image: `shop:${n}`,
  registry: '127.0.0.1:5000',
  repository: 'shop',
  tags: [String(n)],
  digest: D(n),
  manifest_hash: null,
  git_commit: null,
  lifecycle,
  pushed_at: `2026-01-0${n}T00:00:00Z`,
});
const cp = (stage: string, n: number, action: Checkpoint['action'] = 'promote'): Checkpoint => ({
  id: `${stage}${n}${action}`,
  app: 'shop',
  stage,
  digest: D(n),
  ref: `127.0.0.1:5000/shop@${D(n)}`,
  manifest_hash: null,
  config: { site: 'engine local', replicas: 1, env_keys: [] },
  approved_by: 'x',
  action,
  at: '2026-01-01T00:00:00Z',
});
const file = (pushes: PushRecord[], checkpoints: Checkpoint[]): ReleasesFile => ({ version: 1, pushes, checkpoints });

describe('planPromotion', () => {
  it('takes the newest push into the first stage', () => {
    const plan = planPromotion(file([push(1), push(2)], []), 'shop', lifecycle, 'dev');
    expect(plan.digest).toBe(D(2));
    expect(plan.ref).toBe(`127.0.0.1:5000/shop@${D(2)}`);
    expect(plan.from).toBeNull();
  });

  it("takes the digest that runs in the stage before, not the newest push, and the site's own registry name", () => {
    const plan = planPromotion(file([push(1), push(2)], [cp('dev', 1)]), 'shop', lifecycle, 'test');
    expect(plan.digest).toBe(D(1));
    expect(plan.ref).toBe(`reg:5000/shop@${D(1)}`);
    expect(plan.from?.stage).toBe('dev');
  });

  it('says what is missing: no push, nothing in the stage before, an unknown stage, nothing new', () => {
    expect(() => planPromotion(file([], []), 'shop', lifecycle, 'dev')).toThrow(/No image of shop was pushed yet/);
    expect(() => planPromotion(file([push(1)], []), 'shop', lifecycle, 'test')).toThrow(
      /Nothing of shop runs in dev yet: promote to dev first/,
    );
    expect(() => planPromotion(file([push(1)], []), 'shop', lifecycle, 'prod')).toThrow(/No stage 'prod'.*dev → test/);
    expect(() => planPromotion(file([push(1)], [cp('dev', 1)]), 'shop', lifecycle, 'dev')).toThrow(PromotionRefused);
  });
});

describe('planRollback', () => {
  it('returns to the checkpoint before the one in force, and a second rollback goes one further back', () => {
    const history = [cp('dev', 1), cp('dev', 2), cp('dev', 3)];
    expect(planRollback(file([], history), 'shop', lifecycle, 'dev').target.digest).toBe(D(2));
    const after = [...history, cp('dev', 2, 'rollback')];
    expect(planRollback(file([], after), 'shop', lifecycle, 'dev').target.digest).toBe(D(1));
  });

  it('says so when there is no earlier checkpoint', () => {
    expect(() => planRollback(file([], []), 'shop', lifecycle, 'dev')).toThrow(
      /Nothing of shop was ever promoted to dev: there is nothing to roll back/,
    );
    expect(() => planRollback(file([], [cp('dev', 1)]), 'shop', lifecycle, 'dev')).toThrow(/no earlier checkpoint/);
    expect(() =>
      planRollback(file([], [cp('dev', 1), cp('dev', 2), cp('dev', 1, 'rollback')]), 'shop', lifecycle, 'dev'),
    ).toThrow(/no earlier checkpoint/);
  });
});
