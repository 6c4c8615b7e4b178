// Searches everything an image carries (every file of every layer, its config and history) for
// strings, the way an attacker who pulled it would: `docker save`, every layer unpacked, grep.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Which of `needles` the image `ref` holds anywhere (files of its layers, config, history). */
export function imageHolds(ref: string, needles: string[], plant?: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'tekton-image-search-'));
  try {
    execFileSync('sh', ['-c', `docker save '${ref}' | tar -x -C '${dir}'`]);
    const layers = walk(dir).filter((f) => f.endsWith('layer.tar'));
    layers.forEach((layer, i) => {
      const x = join(dir, `x-${i}`);
      mkdirSync(x);
      execFileSync('tar', ['-x', '-f', layer, '-C', x], { stdio: 'ignore' });
    });
    // The search's own control: a planted copy is found.
    if (plant) writeFileSync(join(dir, 'planted'), `${plant}\n`);
    const history = execFileSync('docker', ['history', '--no-trunc', '--format', '{{.CreatedBy}}', ref], {
      encoding: 'utf8',
    });
    return needles.filter((n) => {
      const hit = execFileSync(
        'sh',
        ['-c', `grep -rlF -e "$1" "$2" --exclude=layer.tar | head -n 1 || true`, 'sh', n, dir],
        { encoding: 'utf8' },
      ).trim();
      return hit !== '' || history.includes(n);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
