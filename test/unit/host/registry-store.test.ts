import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { CiRegistry } from '../../../plugin/registry/registry-store';
import type { CiEntry } from '../../../plugin/registry/registry-types';

const WRITER = resolve(__dirname, 'fixtures/registry-writer.ts');

function entry(name: string): CiEntry {
  return {
    ci_name: `${name}-container-ci`,
    container: name,
    container_id: `id-${name}`,
    image: 'img:1',
    project: name,
    app: null,
    manifest_hash: 'abc',
    endpoint: { kind: 'exec', container_id: `id-${name}` },
    token_file: null,
    state: 'running',
    ports: [],
    source: 'engine',
    updated_at: new Date(0).toISOString(),
  };
}

function runWriter(path: string, id: number, count: number, padKb = 0) {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, path, String(id), String(count), String(padKb)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { child, done, stderr: () => stderr };
}

describe('CiRegistry', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'reg-'));
    path = join(dir, 'containers', 'registry.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('upserts, finds by CI or container name, and removes', async () => {
    const reg = new CiRegistry({ path });
    await reg.upsert(entry('web'));
    await reg.upsert(entry('db'));
    expect((await reg.list()).map((e) => e.ci_name)).toEqual(['db-container-ci', 'web-container-ci']);
    expect((await reg.find('web'))?.ci_name).toBe('web-container-ci');
    expect(await reg.remove('db-container-ci')).toBe(true);
    expect(await reg.remove('db-container-ci')).toBe(false);
    expect(JSON.parse(readFileSync(path, 'utf8')).entries).toHaveProperty('web-container-ci');
  });

  it('keeps a corrupt file aside and rebuilds from the engine', async () => {
    const reg0 = new CiRegistry({ path });
    await reg0.upsert(entry('old'));
    writeFileSync(path, '{"version":1,"entries":{"trunc');
    const warnings: string[] = [];
    const reg = new CiRegistry({ path, rebuild: async () => [entry('fromlabels')], warn: (l) => warnings.push(l) });
    expect((await reg.list()).map((e) => e.ci_name)).toEqual(['fromlabels-container-ci']);
    const backups = readdirSync(join(dir, 'containers')).filter((f) => f.startsWith('registry.json.corrupt-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dir, 'containers', backups[0]!), 'utf8')).toBe('{"version":1,"entries":{"trunc');
    expect(warnings[0]).toMatch(/corrupt.*kept as .*rebuilt 1 entries/);
  });

  it('treats valid JSON of the wrong shape as corrupt too', async () => {
    const reg0 = new CiRegistry({ path });
    await reg0.upsert(entry('x'));
    writeFileSync(path, '[1,2,3]');
    const reg = new CiRegistry({ path });
    expect(await reg.list()).toEqual([]);
    expect(readdirSync(join(dir, 'containers')).some((f) => f.startsWith('registry.json.corrupt-'))).toBe(true);
  });

  it('10 processes x 50 updates at once lose nothing', async () => {
    await new CiRegistry({ path }).read();
    const writers = Array.from({ length: 10 }, (_, i) => runWriter(path, i, 50));
    const codes = await Promise.all(writers.map((w) => w.done));
    expect(codes, writers.map((w) => w.stderr()).join('\n')).toEqual(Array(10).fill(0));
    const names = Object.keys(JSON.parse(readFileSync(path, 'utf8')).entries);
    expect(names).toHaveLength(500);
    for (let i = 0; i < 10; i++) for (let j = 0; j < 50; j++) expect(names).toContain(`w${i}-${j}-container-ci`);
  }, 60_000);

  it('a writer killed with -9 mid-write leaves a valid file and no lock that blocks others', async () => {
    await new CiRegistry({ path }).upsert(entry('before'));
    // Large entries make each write slow enough to be caught in the middle.
    const w = runWriter(path, 7, 100000, 64);
    await new Promise<void>((res) => {
      const t = setInterval(() => {
        try {
          if (Object.keys(JSON.parse(readFileSync(path, 'utf8')).entries).length > 3) {
            clearInterval(t);
            res();
          }
        } catch {
          /* mid-rename never happens; keep polling */
        }
      }, 20);
    });
    w.child.kill('SIGKILL');
    await w.done;
    const parsed = JSON.parse(readFileSync(path, 'utf8'));
    expect(parsed.version).toBe(1);
    expect(parsed.entries).toHaveProperty('before-container-ci');
    // The dead writer's lock (if it held one) is broken by pid, so the next update goes through.
    const reg = new CiRegistry({ path });
    await reg.upsert(entry('after'));
    expect(await reg.find('after')).not.toBeNull();
    expect(existsSync(`${path}.lock`)).toBe(false);
    expect(readdirSync(join(dir, 'containers')).filter((n) => n.includes(`.${w.child.pid}.`))).toEqual([]);
  }, 60_000);
});
