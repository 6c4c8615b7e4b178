import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';
import { planCompose } from '../../../plugin/ergon/compose-run';

describe('planCompose (ergon run with Compose v2)', () => {
  const text = [
    'services:',
    '  shop:',
    '    image: shop:abc',
    '    ports: ["8000", "8080:80", "0.0.0.0:9000:9000"]',
    '    depends_on: { shop-db: { condition: service_healthy } }',
    '  shop-db:',
    '    image: shop-db:abc',
    '    environment: ["POSTGRES_DB=shop"]',
    '',
  ].join('\n');
  const plan = planCompose(text, { app: 'shop', stateDir: '/state' });
  const doc = parse(plan.compose) as { services: Record<string, Record<string, unknown>> };

  it("binds published ports to 127.0.0.1, whatever address the file (the project's) names", () => {
    expect(doc.services.shop!.ports).toEqual(['127.0.0.1::8000', '127.0.0.1:8080:80', '127.0.0.1:9000:9000']);
  });

  it('keeps depends_on, so Compose starts the datastore first and removes it last', () => {
    expect(doc.services.shop!.depends_on).toEqual({ 'shop-db': { condition: 'service_healthy' } });
  });

  it('gives each service its CI labels, peers, TCP port and its own run dir', () => {
    expect(doc.services['shop-db']!.labels).toMatchObject({
      'tekton.app': 'shop',
      'tekton.container': 'shop-db',
      // The CI's name is given for the container Compose creates, never taken from the image.
      'tekton.ergon.ci-name': 'shop-db-container-ci',
      'tekton.ergon.container': 'shop-db',
    });
    expect(doc.services['shop-db']!.container_name).toBe('shop-db');
    expect(doc.services.shop!.environment).toMatchObject({
      TEKTON_CI_PEERS: 'db=shop-db:7070',
      TEKTON_CI_TCP_PORT: '7070',
    });
    expect(doc.services['shop-db']!.environment).toMatchObject({
      POSTGRES_DB: 'shop',
      TEKTON_CI_PEERS: 'shop=shop:7070',
    });
    expect(doc.services.shop!.volumes).toEqual([
      { type: 'bind', source: '/state/containers/run/shop', target: '/run/tekton-ci' },
    ]);
    expect(plan.runDirs).toEqual(['/state/containers/run/shop', '/state/containers/run/shop-db']);
  });

  it('refuses a service without an image, naming it', () => {
    expect(() => planCompose('services:\n  web:\n    build: .\n', { app: 'x', stateDir: '/s' })).toThrow(
      /service 'web': 'image' is missing/,
    );
  });
});
