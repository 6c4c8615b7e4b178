import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseImageMap, writeBaseImageMap } from '../../../scripts/setup/base-image-map';
import { baseImageMapPath } from '../../../plugin/tekton/state-paths';
import { hostDebianMirror, missingHostPackages } from '../../../scripts/setup/host-packages';

describe('base-image map', () => {
  it('maps public names missing locally to the local bases that exist', () => {
    const local = new Set([
      'tekton-local/python:3.11',
      'tekton-local/node:18',
      'node:20-slim',
      'tekton-local/debian-slim:bookworm',
    ]);
    const map = baseImageMap((i) => local.has(i));
    expect(map['python:3.12-slim']).toBe('tekton-local/python:3.11');
    expect(map['python:3.11-slim']).toBe('tekton-local/python:3.11');
    expect(map['node:18-slim']).toBe('tekton-local/node:18');
    expect(map['debian:bookworm-slim']).toBe('tekton-local/debian-slim:bookworm');
    // The public image exists locally: used as is.
    expect(map['node:20-slim']).toBeUndefined();
    // No local Go base: nothing to redirect to.
    expect(map['golang:1.22']).toBeUndefined();
  });

  it('writes <state>/containers/base-images.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'map-'));
    try {
      const path = baseImageMapPath(dir);
      expect(path).toBe(join(dir, 'containers', 'base-images.json'));
      writeBaseImageMap(path, { 'python:3.12-slim': 'tekton-local/python:3.11' });
      expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ 'python:3.12-slim': 'tekton-local/python:3.11' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('host packages', () => {
  it('lists the packages whose files are missing', () => {
    expect(missingHostPackages((p) => p === '/usr/sbin/dockerd' || p === '/usr/bin/patchelf')).toEqual([
      'tini',
      'gcc',
      'libc6-dev',
      'debootstrap',
      'openssl',
    ]);
    expect(missingHostPackages(() => true)).toEqual([]);
  });

  it('takes the Debian mirror from the host sources', () => {
    const deb822 = 'Types: deb\nURIs: http://mirror.local/debian\nSuites: bookworm\n';
    expect(hostDebianMirror((p) => (p.endsWith('debian.sources') ? deb822 : null))).toBe('http://mirror.local/debian');
    expect(
      hostDebianMirror((p) =>
        p === '/etc/apt/sources.list' ? 'deb [arch=amd64] http://m2/debian bookworm main\n' : null,
      ),
    ).toBe('http://m2/debian');
    expect(hostDebianMirror(() => null)).toBe('http://deb.debian.org/debian');
  });
});
