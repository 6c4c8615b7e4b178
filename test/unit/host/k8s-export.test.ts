import { describe, it, expect } from 'vitest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { exportK8s } from '../../../plugin/ergon/k8s-export';
import type { Manifest } from '../../../protocol';

describe('k8s export', () => {
  const manifest: Manifest = {
    manifest_version: 1, project: { name: 'myapp', repository: null },
    applications: {
      web: { type: 'web', language: 'python', framework: 'fastapi', entrypoint: 'main:app', dependencies: [], build_commands: [], run_command: ['uvicorn'], port: 8000, health: { kind: 'http', port: 8000, path: '/health' } },
      cache: { type: 'redis', language: null, framework: 'redis', entrypoint: null, dependencies: [], build_commands: [], run_command: ['redis-server'], port: 6379, health: { kind: 'redis', port: 6379 } },
    },
    containers: { myapp: { base_image: 'python', applications: ['web', 'cache'], ports: [8000, 6379], ci_name: 'myapp-container-ci', ci_capabilities: [] } },
    packaging: { build_order: ['myapp'], registry: null, tagging: 'content-hash' },
  };
  it('writes a Deployment with HTTP probes and a Service', () => {
    const docs = parseAllDocuments(exportK8s(manifest, 'myapp:abc', { replicas: 2 })).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['Deployment', 'Service']);
    const c = docs[0].spec.template.spec.containers[0];
    expect(docs[0].spec.replicas).toBe(2);
    expect(c.image).toBe('myapp:abc');
    expect(c.livenessProbe.httpGet).toEqual({ path: '/health', port: 8000 });
    expect(c.readinessProbe.httpGet.port).toBe(8000);
    expect(docs[1].spec.ports.map((p: { port: number }) => p.port)).toEqual([8000, 6379]);
    expect(exportK8s(manifest, 'myapp:abc')).not.toMatch(/[&*]a\d/);
    expect(parseYaml(exportK8s({ ...manifest, applications: { ...manifest.applications, web: { ...manifest.applications.web!, type: 'worker', health: { kind: 'process' } } } }, 'i').split('---')[0]!).spec.template.spec.containers[0].livenessProbe.tcpSocket.port).toBe(6379);
  });
});
