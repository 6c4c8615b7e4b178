// `docker plan` explains privileges: the default, the unprivileged trade-off, the writable paths,
// and the resources (with the defaults spelled out, and gone once the manifest sets them).
import { describe, expect, it } from 'vitest';
import { securityNotes } from '../../../plugin/docker/security-notes';
import type { Manifest } from '../../../protocol';

const manifest: Manifest = {
  manifest_version: 1,
  project: { name: 'p', repository: null },
  applications: {
    web: {
      type: 'web',
      language: 'node',
      framework: 'express',
      entrypoint: 'server.js',
      dependencies: [],
      build_commands: [],
      run_command: ['node', 'server.js'],
      port: 3000,
      health: { kind: 'http', port: 3000, path: '/' },
    },
  },
  containers: {
    p: { base_image: 'node', applications: ['web'], ports: [3000], ci_name: 'p-container-ci', ci_capabilities: [] },
  },
  packaging: { build_order: ['p'], registry: null, tagging: 'content-hash' },
};

describe('docker plan: security section', () => {
  it('states the default, the trade-off without root, the writable paths and the resources', () => {
    const text = securityNotes(manifest).join('\n');
    expect(text).toMatch(/services run as app \(10001\), recipes in a worker of their own \(UID 10900/);
    expect(text).toMatch(
      /--user <uid>:0 \(OpenShift\), --cap-drop ALL, --security-opt no-new-privileges and --read-only/,
    );
    expect(text).toMatch(/services and the recipe worker share its UID/);
    expect(text).toMatch(/\/run\/tekton-ci, \/var\/lib\/tekton-ci, \/tmp/);
    expect(text).toMatch(/requests cpu 150m, memory 224Mi; limits cpu 600m, memory 448Mi/);
    expect(text).toMatch(/memory request 224Mi: web 128Mi \+ CI 96Mi/);
  });

  it('lists no defaults once the manifest sets every resource', () => {
    const sized: Manifest = {
      ...manifest,
      containers: {
        p: {
          ...manifest.containers.p!,
          resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
        },
      },
    };
    const text = securityNotes(sized).join('\n');
    expect(text).toMatch(/requests cpu 1, memory 1Gi; limits cpu 2, memory 2Gi/);
    expect(text).not.toMatch(/defaults/);
  });
});
