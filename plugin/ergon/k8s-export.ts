// `ergon export k8s`: a Deployment (and a Service when it has ports) per manifest container, for
// Kubernetes' restricted Pod Security profile: non-root, no privilege escalation, no capabilities,
// RuntimeDefault seccomp, a read-only root filesystem with emptyDirs where the CI writes; resources
// from the manifest (or explained defaults); probes that ask the CI about every service (pure).
import { APP_UID, type Manifest } from '../../protocol';
import { CI_WRITABLE_PATHS } from '../docker/dockerfile/ci-writable';
import { HEALTHCHECK_CMD } from '../docker/dockerfile/generate-dockerfile';
import { k8sYaml } from '../docker/quoting/yaml-text';
import { resourcesFor } from './k8s-resources';

/** The CI's healthcheck as an exec probe: it asks the CI for the health of all services. */
export function ciProbe(kind: 'startup' | 'readiness' | 'liveness'): Record<string, unknown> {
  // Startup allows 5 minutes (datastores recover, caches warm); liveness is patient, as the CI
  // restarts a failing service itself; the pod is restarted only when that has not helped.
  const timing = {
    startup: { periodSeconds: 5, failureThreshold: 60, timeoutSeconds: 5 },
    readiness: { periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 5 },
    liveness: { periodSeconds: 30, failureThreshold: 5, timeoutSeconds: 5 },
  }[kind];
  return { exec: { command: [...HEALTHCHECK_CMD] }, ...timing };
}

/** A volume name for a writable path: '/run/tekton-ci' → 'run-tekton-ci'. */
export function volumeName(path: string): string {
  return (
    path
      .replace(/^\/+|\/+$/g, '')
      .replace(/[^a-z0-9]+/gi, '-')
      .toLowerCase() || 'root'
  );
}

/** Options of exportK8s. */
export interface K8sExportOptions {
  replicas?: number;
  namespace?: string;
}

/** The documents (plain objects) for one image built from `manifest` (pure). */
export function k8sDocuments(
  manifest: Manifest,
  image: string,
  opts: K8sExportOptions = {},
): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [];
  for (const [name, c] of Object.entries(manifest.containers)) {
    const labels = { app: name, 'tekton.project': manifest.project.name };
    const meta = { name, labels, ...(opts.namespace ? { namespace: opts.namespace } : {}) };
    const { requests, limits } = resourcesFor(manifest, name);
    docs.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta,
      spec: {
        replicas: opts.replicas ?? 1,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            // The app's user: its files are its own; the CI, without root, runs everything as it.
            securityContext: {
              runAsNonRoot: true,
              runAsUser: APP_UID,
              runAsGroup: APP_UID,
              fsGroup: APP_UID,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name,
                image,
                ports: c.ports.map((p) => ({ containerPort: p })),
                env: [{ name: 'TEKTON_CI_CONTAINER', value: name }],
                resources: { requests, limits },
                securityContext: {
                  runAsNonRoot: true,
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                  seccompProfile: { type: 'RuntimeDefault' },
                },
                volumeMounts: CI_WRITABLE_PATHS.map((path) => ({ name: volumeName(path), mountPath: path })),
                startupProbe: ciProbe('startup'),
                readinessProbe: ciProbe('readiness'),
                livenessProbe: ciProbe('liveness'),
              },
            ],
            volumes: CI_WRITABLE_PATHS.map((path) => ({
              name: volumeName(path),
              emptyDir: { sizeLimit: path === '/tmp' ? '256Mi' : '64Mi' },
            })),
          },
        },
      },
    });
    if (c.ports.length) {
      docs.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta,
        spec: { selector: { app: name }, ports: c.ports.map((p) => ({ name: `p${p}`, port: p, targetPort: p })) },
      });
    }
  }
  return docs;
}

/** The YAML documents for one image built from `manifest` (pure). */
export function exportK8s(manifest: Manifest, image: string, opts: K8sExportOptions = {}): string {
  return k8sDocuments(manifest, image, opts)
    .map((d) => k8sYaml(d))
    .join('---\n');
}
