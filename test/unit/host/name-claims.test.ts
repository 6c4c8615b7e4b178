// One registry of claims (registry/name-claims.ts, red team B04): who holds a CI name, a container
// name or a run dir, and a claim reserved until the run registers, so a second run is refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeHeld, heldNames, type NameWant } from '../../../plugin/registry/name-claims';
import { CiRegistry } from '../../../plugin/registry/registry-store';
import type { CiEntry } from '../../../plugin/registry/registry-types';

const dir = mkdtempSync(join(tmpdir(), 'name-claims-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const victim: CiEntry = {
  ci_name: 'web-container-ci',
  container: 'web',
  container_id: 'abc',
  image: 'i',
  project: null,
  app: null,
  manifest_hash: null,
  endpoint: { kind: 'socket', path: '/s/containers/run/web/ci.sock' },
  token_file: '/s/containers/tokens/web',
  state: 'running',
  ports: [],
  source: 'ergon',
  updated_at: 'now',
};
const want = (container: string, ci = `${container}-container-ci`): NameWant => ({
  ci_name: ci,
  container,
  run_dir: `/s/containers/run/${container}`,
});

describe('heldNames', () => {
  const none = { entries: [], engine: [], reservations: [], app: null };
  it('names the holder of a CI name, a container name or a run dir', () => {
    const held = heldNames([want('web'), want('shop', 'web-container-ci')], { ...none, entries: [victim] });
    expect(held.map(describeHeld)).toEqual([
      "The CI name 'web-container-ci' is held by container 'web': refused; nothing was written (choose another name, or remove 'web')",
      "The CI name 'web-container-ci' is held by container 'web (of this same run)': refused; nothing was written (choose another name, or remove 'web')",
    ]);
    const byMount = heldNames([want('x')], {
      ...none,
      engine: [{ name: 'sharer', mounts: [{ source: '/s/containers/run/x' }], labels: {} }],
    });
    expect(byMount.map((h) => [h.what, h.holder])).toEqual([['run dir', 'sharer']]);
    expect(heldNames([want('a'), want('a')], none)[0]?.holder).toBe('a (of this same run)');
  });

  it("lets an app take back its own earlier run's names", () => {
    const mine = { ...victim, app: 'shop' };
    expect(heldNames([want('web')], { ...none, entries: [mine], app: 'shop' })).toEqual([]);
    expect(heldNames([want('web')], { ...none, entries: [mine], app: 'other' })).toHaveLength(1);
  });
});

describe('CiRegistry.reserve', () => {
  it('refuses a second run while the first holds its claim, and frees it on release', async () => {
    const registry = new CiRegistry({ path: join(dir, 'registry.json') });
    const first = await registry.reserve([want('api')], { engine: [], app: null });
    expect('release' in first).toBe(true);
    const second = await registry.reserve([want('api')], { engine: [], app: null });
    expect('held' in second && second.held[0]?.holder).toMatch(/^api \(being started by process \d+\)$/);
    if ('release' in first) await first.release();
    expect('release' in (await registry.reserve([want('api')], { engine: [], app: null }))).toBe(true);
  });
});
