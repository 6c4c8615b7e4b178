// The Kubernetes export for the restricted Pod Security profile: every document validates against
// the Kubernetes schemas (kubernetes-models), every restricted rule holds, resources come from the
// manifest or explained defaults, probes ask the CI about all services, the CI's paths are emptyDirs.
import { Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { exportK8s } from '../../../plugin/ergon/k8s-export';
import { resourcesFor } from '../../../plugin/ergon/k8s-resources';
import { validateManifest, type Manifest } from '../../../protocol';

const manifest: Manifest = {
  manifest_version: 1,
  project: { name: 'myapp', repository: null },
  applications: {
    web: {
      type: 'web',
      language: 'python',
      framework: 'fastapi',
      entrypoint: 'main:app',
      dependencies: [],
      build_commands: [],
      run_command: ['uvicorn'],
      port: 8000,
      health: { kind: 'http', port: 8000, path: '/health' },
    },
    worker: {
      type: 'worker',
      language: 'python',
      framework: 'celery',
      entrypoint: 'tasks',
      dependencies: [],
      build_commands: [],
      run_command: ['celery'],
      port: null,
      health: { kind: 'process' },
    },
    cache: {
      type: 'redis',
      language: null,
      framework: 'redis',
      entrypoint: null,
      dependencies: [],
      build_commands: [],
      run_command: ['redis-server'],
      port: 6379,
      health: { kind: 'redis', port: 6379 },
    },
  },
  containers: {
    myapp: {
      base_image: 'python',
      applications: ['web', 'worker', 'cache'],
      ports: [8000],
      ci_name: 'myapp-container-ci',
      ci_capabilities: [],
    },
  },
  packaging: { build_order: ['myapp'], registry: null, tagging: 'content-hash' },
};

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const docsOf = (m: Manifest, opts = {}) =>
  parseAllDocuments(exportK8s(m, 'myapp:abc', opts)).map((d) => d.toJS() as Doc);

// Validates a document with the schema of its kind; throws the schema's complaint.
function validate(doc: Doc): void {
  if (doc.kind === 'Deployment') new Deployment(doc).validate();
  else if (doc.kind === 'Service') new Service(doc).validate();
  else throw new Error(`no schema for kind ${doc.kind}`);
}

// The rules of the restricted Pod Security Standard that a pod spec can break.
function restrictedViolations(pod: Doc): string[] {
  const out: string[] = [];
  const podSc = pod.securityContext ?? {};
  for (const c of pod.containers as Doc[]) {
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) out.push(`${c.name}: allowPrivilegeEscalation must be false`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) out.push(`${c.name}: capabilities must drop ALL`);
    if ((sc.capabilities?.add ?? []).some((cap: string) => cap !== 'NET_BIND_SERVICE'))
      out.push(`${c.name}: adds capabilities`);
    if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) out.push(`${c.name}: runAsNonRoot must be true`);
    if ((sc.runAsUser ?? podSc.runAsUser) === 0) out.push(`${c.name}: runAsUser 0`);
    if ((sc.seccompProfile ?? podSc.seccompProfile)?.type !== 'RuntimeDefault')
      out.push(`${c.name}: seccompProfile must be RuntimeDefault`);
    if (sc.privileged) out.push(`${c.name}: privileged`);
  }
  for (const v of pod.volumes ?? [])
    if (!v.emptyDir && !v.configMap && !v.secret && !v.persistentVolumeClaim)
      out.push(`volume ${v.name} is not an allowed type`);
  return out;
}

describe('k8s export (restricted profile)', () => {
  it('every document validates against the Kubernetes schemas', () => {
    const docs = docsOf(manifest, { replicas: 2, namespace: 'shop' });
    expect(docs.map((d) => d.kind)).toEqual(['Deployment', 'Service']);
    for (const d of docs) expect(() => validate(d)).not.toThrow();
  });

  it('control: the validator does reject a malformed document', () => {
    const bad = docsOf(manifest)[0]!;
    bad.spec.template.spec.containers[0].securityContext.capabilities.drop = 'ALL';
    expect(() => validate(bad)).toThrow(/drop must be array/);
    const noImage = docsOf(manifest)[0]!;
    delete noImage.spec.selector;
    expect(() => validate(noImage)).toThrow(/selector/);
  });

  it('meets every rule of the restricted Pod Security Standard, and the check can fail', () => {
    const pod = docsOf(manifest)[0]!.spec.template.spec;
    expect(restrictedViolations(pod)).toEqual([]);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    const c = pod.containers[0];
    expect(c.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    const loosened = structuredClone(pod);
    loosened.containers[0].securityContext.allowPrivilegeEscalation = true;
    loosened.securityContext.seccompProfile = undefined;
    loosened.containers[0].securityContext.seccompProfile = undefined;
    expect(restrictedViolations(loosened)).toHaveLength(2);
  });

  it('mounts an emptyDir on every path the CI writes, so the root filesystem can stay read-only', () => {
    const pod = docsOf(manifest)[0]!.spec.template.spec;
    const mounts = Object.fromEntries(pod.containers[0].volumeMounts.map((m: Doc) => [m.mountPath, m.name]));
    expect(Object.keys(mounts).sort()).toEqual(['/run/tekton-ci', '/tmp', '/var/lib/tekton-ci']);
    for (const name of Object.values(mounts))
      expect(pod.volumes.find((v: Doc) => v.name === name)?.emptyDir).toBeDefined();
  });

  it("probes ask the CI about every service (its healthcheck), not the app's HTTP path", () => {
    const c = docsOf(manifest)[0]!.spec.template.spec.containers[0];
    for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) {
      expect(probe.exec.command).toEqual([
        '/opt/tekton-ci/clean-exec',
        '/opt/tekton-ci/node',
        '/opt/tekton-ci/ci-tool.js',
        'healthcheck',
      ]);
      expect(probe.httpGet).toBeUndefined();
    }
    expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBeGreaterThanOrEqual(120);
  });

  it('takes resources from the manifest and fills the rest with explained defaults', () => {
    const defaults = resourcesFor(manifest, 'myapp');
    // 96 (CI) + 128 (web) + 256 (worker) + 64 (redis); 50m + 3 × 100m.
    expect(defaults).toMatchObject({
      requests: { cpu: '350m', memory: '544Mi' },
      limits: { cpu: '1400m', memory: '1088Mi' },
    });
    expect(defaults.defaults).toHaveLength(4);
    expect(defaults.defaults.join('\n')).toMatch(/web 128Mi \+ worker 256Mi \+ redis 64Mi/);
    const sized: Manifest = {
      ...manifest,
      containers: {
        myapp: {
          ...manifest.containers.myapp!,
          resources: { requests: { memory: '1Gi' }, limits: { memory: '2Gi', cpu: '2' } },
        },
      },
    };
    const c = docsOf(sized)[0]!.spec.template.spec.containers[0];
    expect(c.resources).toEqual({ requests: { cpu: '350m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } });
    expect(resourcesFor(sized, 'myapp').defaults).toHaveLength(1);
    // A manifest limit below the default request lowers the request (Kubernetes refuses request > limit).
    const small: Manifest = {
      ...manifest,
      containers: { myapp: { ...manifest.containers.myapp!, resources: { limits: { memory: '256Mi', cpu: '200m' } } } },
    };
    expect(resourcesFor(small, 'myapp')).toMatchObject({ requests: { memory: '256Mi', cpu: '200m' } });
    for (const d of docsOf(small)) expect(() => validate(d)).not.toThrow();
  });

  it('refuses resource quantities Kubernetes would reject, naming the field', () => {
    const bad = {
      ...manifest,
      containers: {
        myapp: { ...manifest.containers.myapp!, resources: { requests: { memory: '1 GB' }, limits: { cpu: 'lots' } } },
      },
    };
    expect(validateManifest(bad)).toEqual([
      `containers.myapp.resources.requests.memory must be like '256Mi' or '1Gi', got "1 GB"`,
      `containers.myapp.resources.limits.cpu must be like '250m' or '1', got "lots"`,
    ]);
  });

  it('writes no YAML aliases (some tools reject them)', () => {
    expect(exportK8s(manifest, 'myapp:abc')).not.toMatch(/[&*]a\d/);
  });
});
