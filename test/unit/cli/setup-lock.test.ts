import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withSetupLock } from '../../../scripts/setup/setup-lock';

describe('withSetupLock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'setup-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs holders one after the other and releases the lock', async () => {
    const path = join(dir, 'a.lock');
    const order: string[] = [];
    const holder = (name: string) =>
      withSetupLock(async () => {
        order.push(`${name} in`);
        await new Promise((r) => setTimeout(r, 50));
        order.push(`${name} out`);
      }, path);
    await Promise.all([holder('first'), holder('second')]);
    expect(order).toEqual(['first in', 'first out', 'second in', 'second out']);
    expect(existsSync(path)).toBe(false);
  });

  it('takes over a lock whose owner is gone, and releases it after a failure', async () => {
    const path = join(dir, 'b.lock');
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
    mkdirSync(path);
    writeFileSync(join(path, 'pid'), String(gone));
    await expect(
      withSetupLock(async () => {
        throw new Error('step failed');
      }, path),
    ).rejects.toThrow('step failed');
    expect(existsSync(path)).toBe(false);
  });
});
