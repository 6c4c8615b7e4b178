import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseManifest, resolveConfig } from '../../../ci-runtime/config';

const text = readFileSync(
  new URL('../../docker/ci-runtime/fixtures/fastapi-redis-celery/manifest.json', import.meta.url),
  'utf8',
);

describe('CI configuration from the manifest', () => {
  it('picks the container, narrows by TEKTON_CI_SERVICES and orders datastores first', () => {
    const m = parseManifest(text, 'manifest.json');
    const c = resolveConfig(m, { TEKTON_CI_SERVICES: 'web,worker,redis' }, []);
    expect(c.ciName).toBe('citest-container-ci');
    expect(c.services.map((s) => s.name)).toEqual(['redis', 'web', 'worker']);
    expect(c.services.map((s) => s.label)).toEqual(['Redis', 'FastAPI', 'Celery']);
    expect(c.services[1]!.check).toEqual({ kind: 'http', port: 8000, path: '/health' });
  });

  it("lets argv override the main web app's command only", () => {
    const c = resolveConfig(parseManifest(text, 'm'), { TEKTON_CI_SERVICES: 'web,redis' }, [
      'python3',
      '-m',
      'http.server',
    ]);
    expect(c.services.find((s) => s.name === 'web')!.argv).toEqual(['python3', '-m', 'http.server']);
    expect(c.services.find((s) => s.name === 'redis')!.argv[0]).toBe('redis-server');
  });

  it('refuses unknown containers and services, and bad manifests, saying what to do', () => {
    const m = parseManifest(text, 'm');
    expect(() => resolveConfig(m, { TEKTON_CI_CONTAINER: 'nope' }, [])).toThrow(
      /'nope' is not in the manifest \(known: citest\)/,
    );
    expect(() => resolveConfig(m, { TEKTON_CI_SERVICES: 'web,ghost' }, [])).toThrow(
      /names ghost, not in container 'citest'/,
    );
    expect(() => parseManifest('{', 'x.json')).toThrow(/x.json is not valid JSON/);
    expect(() => parseManifest('{"manifest_version":2}', 'x.json')).toThrow(/manifest_version must be 1/);
  });
});
