import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findTektonLauncher } from '../../../plugin/tekton/launcher';

describe('findTektonLauncher', () => {
  const dir = mkdtempSync(join(tmpdir(), 'launcher-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const exe = (path: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, 0o755);
  };

  it('prefers TEKTON_LAUNCHER, then $TEKTON_ROOT/tekton', () => {
    exe(join(dir, 'root', 'tekton'));
    expect(findTektonLauncher({ TEKTON_LAUNCHER: '/x/tekton', TEKTON_ROOT: join(dir, 'root') }, '/me')).toBe(
      '/x/tekton',
    );
    expect(findTektonLauncher({ TEKTON_ROOT: join(dir, 'root') }, '/me')).toBe(join(dir, 'root', 'tekton'));
  });

  it('takes the next tekton on PATH that is not this wrapper', () => {
    exe(join(dir, 'self', 'tekton.js'));
    mkdirSync(join(dir, 'bin1'));
    symlinkSync(join(dir, 'self', 'tekton.js'), join(dir, 'bin1', 'tekton'));
    exe(join(dir, 'bin2', 'tekton'));
    const PATH = [join(dir, 'bin0'), join(dir, 'bin1'), join(dir, 'bin2')].join(':');
    expect(findTektonLauncher({ PATH }, join(dir, 'self', 'tekton.js'))).toBe(join(dir, 'bin2', 'tekton'));
    expect(findTektonLauncher({ PATH: join(dir, 'bin1') }, join(dir, 'self', 'tekton.js'))).toBeNull();
  });
});
