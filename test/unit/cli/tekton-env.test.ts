import { describe, expect, it } from 'vitest';
import { parseDotEnv } from '../../../plugin/tekton/dotenv';
import {
  componentUrl,
  loadTektonEnv,
  senderName,
  stateDir,
  tektonAishPath,
  type EnvIo,
} from '../../../plugin/tekton/env';

function fakeIo(files: Record<string, string>, home = '/home/u'): EnvIo {
  return {
    readFile: (p) => files[p] ?? null,
    exists: (p) => p in files || Object.keys(files).some((f) => f.startsWith(`${p}/`)),
    home: () => home,
  };
}

describe('parseDotEnv', () => {
  it('reads assignments, export, quotes and comments', () => {
    const text = '# c\nA=1\nexport B="two words"\nC=\'x #y\'\nD=plain # trailing\n\nnot a line\nE="a\\nb"';
    expect(parseDotEnv(text)).toEqual({ A: '1', B: 'two words', C: 'x #y', D: 'plain', E: 'a\nb' });
  });
});

describe('loadTektonEnv', () => {
  it('applies ~/.env, .env.tekton, .env.local in order, files winning over the process env', () => {
    const io = fakeIo({
      '/home/u/.env': 'TEKTON_ROOT=/t\nX=home\nY=home\nZ=home',
      '/t/.env.tekton': 'Y=tekton\nZ=tekton',
      '/t/.env.local': 'Z=local',
    });
    const env = loadTektonEnv({ HOME: '/home/u', X: 'proc', W: 'proc' }, io);
    expect(env).toMatchObject({ TEKTON_ROOT: '/t', X: 'home', Y: 'tekton', Z: 'local', W: 'proc' });
  });

  it('uses the process TEKTON_ROOT when ~/.env has none, and survives missing files', () => {
    const io = fakeIo({ '/r/.env.local': 'HERMES_PORT=9001' });
    const env = loadTektonEnv({ HOME: '/home/u', TEKTON_ROOT: '/r' }, io);
    expect(env.HERMES_PORT).toBe('9001');
  });
});

describe('stateDir', () => {
  const io = fakeIo({ '/opt/tekton/README.md': '' }, '/home/u');
  it('prefers TEKTON_STATE_DIR', () => {
    expect(stateDir({ TEKTON_STATE_DIR: '/tmp/s', TEKTON_ROOT: '/opt/tekton' }, io)).toBe('/tmp/s');
  });
  it('uses $TEKTON_ROOT/.tekton when Tekton is installed', () => {
    expect(stateDir({ TEKTON_ROOT: '/opt/tekton' }, io)).toBe('/opt/tekton/.tekton');
  });
  it('falls back to XDG_STATE_HOME, then ~/.local/state', () => {
    expect(stateDir({ TEKTON_ROOT: '/missing', XDG_STATE_HOME: '/x' }, io)).toBe('/x/tekton');
    expect(stateDir({ HOME: '/home/v' }, io)).toBe('/home/v/.local/state/tekton');
  });
});

describe('componentUrl and names', () => {
  it('builds URLs from host and port variables with the port table', () => {
    expect(componentUrl('hermes', {})).toBe('http://localhost:8001');
    expect(componentUrl('Hermes', { TEKTON_HOST: 'h', HERMES_PORT: '9' })).toBe('http://h:9');
    expect(componentUrl('ergon', { ERGON_HOST: 'e', TEKTON_HOST: 'h' })).toBe('http://e:8002');
    expect(componentUrl('TektonCore', { TEKTON_PORT_BASE: '9000' })).toBe('http://localhost:9010');
  });
  it('names the bad value', () => {
    expect(() => componentUrl('hermes', { HERMES_PORT: 'abc' })).toThrow(/HERMES_PORT is 'abc'/);
    expect(() => componentUrl('nosuch', {})).toThrow(/Unknown Tekton component 'nosuch'/);
  });
  it('takes the sender from TEKTON_NAME, else USER', () => {
    expect(senderName({ TEKTON_NAME: 'casey', USER: 'root' })).toBe('casey');
    expect(senderName({ USER: 'root' })).toBe('root');
  });
  it('finds the real aish only when it exists', () => {
    const io = fakeIo({ '/t/shared/aish/aish': '' });
    expect(tektonAishPath({ TEKTON_ROOT: '/t' }, io)).toBe('/t/shared/aish/aish');
    expect(tektonAishPath({ TEKTON_ROOT: '/u' }, io)).toBeNull();
    expect(tektonAishPath({}, io)).toBeNull();
  });
});
