import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StatusRow } from '../../../plugin/plugin-api';
import { findTektonLauncher } from '../../../plugin/tekton/launcher';
import { formatStatusTable, mergeStatusJson } from '../../../plugin/tekton/status-merge';

const row = (over: Partial<StatusRow> = {}): StatusRow => ({
  name: 'myapp-container-ci', port: null, status: 'healthy', version: '0.1.0', ci_status: '3 services',
  response_time: 0.012, memory_mb: 81.5, cpu_percent: 1.5, registered_with_hermes: true, ...over,
});

describe('tekton status merge', () => {
  it('adds rows to Tekton\'s components and counts them in system', () => {
    const tekton = JSON.stringify({ system: { total_components: 2, healthy_components: 1, tekton_root: '/t' }, components: [{ name: 'hermes' }, { name: 'ergon' }] });
    const merged = mergeStatusJson(tekton, [row(), row({ name: 'db-container-ci', status: 'unhealthy' })]);
    expect(merged.system).toEqual({ total_components: 4, healthy_components: 2, tekton_root: '/t', container_cis: 2 });
    const components = merged.components as Array<Record<string, unknown>>;
    expect(components.map((c) => c.name)).toEqual(['hermes', 'ergon', 'myapp-container-ci', 'db-container-ci']);
    expect(components[2]).toMatchObject({ status: 'healthy', memory_mb: 81.5, registered_with_hermes: true, type: 'container-ci' });
  });

  it('makes a document of the rows alone without Tekton', () => {
    expect(mergeStatusJson(null, [row()])).toMatchObject({ system: { total_components: 1, healthy_components: 1 }, components: [{ name: 'myapp-container-ci' }] });
  });

  it('refuses output that is not Tekton\'s JSON object', () => {
    expect(() => mergeStatusJson('status --json', [])).toThrow();
    expect(() => mergeStatusJson('[1]', [])).toThrow(/not an object/);
  });

  it('renders Tekton\'s columns and icons', () => {
    const text = formatStatusTable([row(), row({ name: 'db-container-ci', status: 'not_running', response_time: null, registered_with_hermes: false })]);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('Container CIs (2)');
    expect(lines[1]).toMatch(/^Component +\| Port \| Status +\| Version \| CI Status +\| Response \| Reg$/);
    expect(lines[3]).toContain('✅ healthy');
    expect(lines[3]).toContain('0.012s');
    expect(lines[4]).toContain('⭕ not_running');
    expect(formatStatusTable([])).toBe('');
  });
});

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
    expect(findTektonLauncher({ TEKTON_LAUNCHER: '/x/tekton', TEKTON_ROOT: join(dir, 'root') }, '/me')).toBe('/x/tekton');
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
