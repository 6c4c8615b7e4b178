// Item 4 of issue 13: the base-image map and the build records are found whether the setup ran with
// TEKTON_ROOT or without it, and moving between the two never loses them.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBaseImageMap } from '../../../plugin/docker/build/base-image-map';
import { readBuilds } from '../../../plugin/docker/build/build-registry';
import { sharedStateDir, userStateDir } from '../../../plugin/tekton/shared-state';
import { baseImageMapPath, buildsPath } from '../../../plugin/tekton/state-paths';

let dir: string;
let root: string;
let base: Record<string, string>;

const build = (image: string) => ({
  type: 'container',
  name: image.split(':')[0],
  version: '1.0.0',
  description: '',
  source: { project_id: null, location: '/p' },
  content: { image },
  tags: [],
});
function write(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value));
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shared-state-'));
  root = join(dir, 'Tekton');
  mkdirSync(root);
  base = { HOME: join(dir, 'home'), XDG_STATE_HOME: join(dir, 'xdg') };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('host-wide state and TEKTON_ROOT', () => {
  it('is in the same place with and without TEKTON_ROOT', () => {
    expect(sharedStateDir(base)).toBe(join(dir, 'xdg', 'tekton'));
    expect(sharedStateDir({ ...base, TEKTON_ROOT: root })).toBe(join(dir, 'xdg', 'tekton'));
    expect(userStateDir({ ...base, TEKTON_STATE_DIR: '/s' })).toBe('/s');
  });

  it('setup without TEKTON_ROOT, used with it: the map and the builds are found', () => {
    write(baseImageMapPath(sharedStateDir(base)), { 'python:3.12-slim': 'tekton-local/python:3.12-slim' });
    write(buildsPath(sharedStateDir(base)), { version: 1, builds: [build('myapp:1')] });
    const withRoot = { ...base, TEKTON_ROOT: root };
    expect(readBaseImageMap(withRoot, sharedStateDir(withRoot))).toEqual({
      'python:3.12-slim': 'tekton-local/python:3.12-slim',
    });
    expect(readBuilds(sharedStateDir(withRoot)).map((b) => b.content.image)).toEqual(['myapp:1']);
  });

  it('setup with TEKTON_ROOT (older layout), used without it afterwards: merged once, then found without it', () => {
    write(baseImageMapPath(join(root, '.tekton')), { 'node:20-slim': 'tekton-local/node:20-slim' });
    write(buildsPath(join(root, '.tekton')), { version: 1, builds: [build('old:1')] });
    const withRoot = { ...base, TEKTON_ROOT: root };
    expect(readBaseImageMap(withRoot, sharedStateDir(withRoot))).toEqual({
      'node:20-slim': 'tekton-local/node:20-slim',
    });
    // TEKTON_ROOT unset now: nothing is lost.
    expect(readBaseImageMap(base, sharedStateDir(base))).toEqual({ 'node:20-slim': 'tekton-local/node:20-slim' });
    expect(readBuilds(sharedStateDir(base)).map((b) => b.content.image)).toEqual(['old:1']);
    // The legacy files stay where they were.
    expect(JSON.parse(readFileSync(buildsPath(join(root, '.tekton')), 'utf8')).builds).toHaveLength(1);
  });

  it('both places hold records: the union, the current entries winning, and merging again changes nothing', () => {
    write(baseImageMapPath(join(root, '.tekton')), { a: 'legacy-a', b: 'legacy-b' });
    write(buildsPath(join(root, '.tekton')), { version: 1, builds: [build('old:1'), build('both:1')] });
    write(baseImageMapPath(userStateDir(base)), { a: 'current-a' });
    write(buildsPath(userStateDir(base)), { version: 1, builds: [build('both:1'), build('new:1')] });
    const withRoot = { ...base, TEKTON_ROOT: root };
    const state = sharedStateDir(withRoot);
    expect(readBaseImageMap(withRoot, state)).toEqual({ a: 'current-a', b: 'legacy-b' });
    expect(readBuilds(state).map((b) => b.content.image)).toEqual(['old:1', 'both:1', 'new:1']);
    const once = readFileSync(buildsPath(state), 'utf8');
    sharedStateDir(withRoot);
    expect(readFileSync(buildsPath(state), 'utf8')).toBe(once);
  });

  it('a damaged current file is left alone (the build reports it), never replaced by the legacy one', () => {
    write(buildsPath(join(root, '.tekton')), { version: 1, builds: [build('old:1')] });
    mkdirSync(dirname(buildsPath(userStateDir(base))), { recursive: true });
    writeFileSync(buildsPath(userStateDir(base)), '{not json');
    sharedStateDir({ ...base, TEKTON_ROOT: root });
    expect(readFileSync(buildsPath(userStateDir(base)), 'utf8')).toBe('{not json');
  });
});
