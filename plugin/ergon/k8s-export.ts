// `ergon export k8s`: a Deployment and a Service per manifest container, with liveness/readiness
// probes from the main application's health check (pure; YAML through the `yaml` package).
import { stringify } from 'yaml';
import type { Application, HealthCheck, Manifest } from '../../protocol';

/** A Kubernetes probe for a health check, or null for checks Kubernetes cannot express (process). */
export function probeFor(health: HealthCheck | null, kind: 'liveness' | 'readiness'): Record<string, unknown> | null {
  if (!health || health.kind === 'process') return null;
  const timing = kind === 'liveness' ? { initialDelaySeconds: 15, periodSeconds: 20, failureThreshold: 3 } : { initialDelaySeconds: 3, periodSeconds: 10, failureThreshold: 3 };
  if (health.kind === 'http') return { httpGet: { path: health.path ?? '/', port: health.port }, ...timing };
  // Redis and Postgres answer their own protocols; a TCP connect is what Kubernetes can check without extra tools.
  return { tcpSocket: { port: health.port }, ...timing };
}

/** The YAML documents for one image built from `manifest` (pure). */
export function exportK8s(manifest: Manifest, image: string, opts: { replicas?: number; namespace?: string } = {}): string {
  const docs: Record<string, unknown>[] = [];
  for (const [name, c] of Object.entries(manifest.containers)) {
    const apps = c.applications.map((a) => manifest.applications[a]).filter((a): a is Application => !!a);
    const main = apps.find((a) => a.type === 'web') ?? apps.find((a) => a.health && a.health.kind !== 'process') ?? apps[0];
    const labels = { app: name, 'tekton.project': manifest.project.name };
    const liveness = probeFor(main?.health ?? null, 'liveness');
    const readiness = probeFor(main?.health ?? null, 'readiness');
    const meta = { name, labels, ...(opts.namespace ? { namespace: opts.namespace } : {}) };
    docs.push({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta,
      spec: {
        replicas: opts.replicas ?? 1, selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels },
          spec: {
            containers: [{
              name, image, ports: c.ports.map((p) => ({ containerPort: p })),
              env: [{ name: 'TEKTON_CI_CONTAINER', value: name }],
              ...(liveness ? { livenessProbe: liveness } : {}), ...(readiness ? { readinessProbe: readiness } : {}),
            }],
          },
        },
      },
    });
    if (c.ports.length) {
      docs.push({ apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { selector: { app: name }, ports: c.ports.map((p) => ({ name: `p${p}`, port: p, targetPort: p })) } });
    }
  }
  return docs.map((d) => stringify(d, { aliasDuplicateObjects: false })).join('---\n');
}
