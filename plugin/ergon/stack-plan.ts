// A multi-container app (compose.yaml) as a Swarm stack (`docker stack deploy`), never a home-made
// orchestrator (this engine has no Compose plugin). Each service gets: its own run dir per replica
// slot bind-mounted at /run/tekton-ci (templated on {{.Task.Slot}}), the app's shared token there,
// TEKTON_CI_TCP_PORT and TEKTON_CI_PEERS naming every other service, so one CI can ask another
// ("ask db if it's healthy"). Pure: compose text in, compose text and dirs out.
import { stringify } from 'yaml';
import { CI_DEFAULT_TCP_PORT, CI_RUN_DIR, ENV, LABELS, ciNameFor } from '../../protocol';
import type { NameWant } from '../registry/name-claims';
import { ComposeRefused, parseCompose, reviewCompose, withRefusedKeys } from './compose-review';
import { slotDir } from './swarm-plan';
import { startWaves } from './stack-waves';

/** The transformed app. */
export interface StackPlan {
  app: string;
  services: string[];
  /** Start order: datastores first (from depends_on); removal goes the other way. */
  waves: string[][];
  /** Run dirs to create (slot 1..replicas of each service) before deploying. */
  runDirs: string[];
  /** The names and run dirs the deploy claims before writing anything (claim-names.ts). */
  wants: NameWant[];
  compose: string;
  /** Options Swarm ignores or cannot express, said once to the user. */
  notes: string[];
}

/** Short peer name of a service: 'myapp-db' in app 'myapp' → 'db'; the app's own service keeps its name. */
export function peerName(app: string, service: string): string {
  return service.startsWith(`${app}-`) ? service.slice(app.length + 1) : service;
}

/** Builds the stack plan from compose text. */
export function planStack(
  composeText: string,
  opts: {
    app: string;
    stateDir: string;
    publishAll?: boolean;
    remoteEngine?: boolean;
    token?: string;
    extraLabels?: Record<string, string>;
    allowHostAccess?: boolean;
    file?: string;
  },
): StackPlan {
  const doc = parseCompose(composeText);
  // The project's file is reviewed as for Compose (compose-review.ts); Swarm binds no address.
  let review = reviewCompose(doc, { hostIp: '0.0.0.0' });
  if (review.refusals.length && !opts.allowHostAccess)
    throw new ComposeRefused(opts.file ?? 'the compose file', review.refusals);
  if (opts.allowHostAccess) review = withRefusedKeys(doc, review);
  const services = review.services;
  const names = Object.keys(services);
  const wants: NameWant[] = [];
  const { waves, notes } = startWaves(services as Record<string, { depends_on?: unknown }>);
  const runDirs: string[] = [];
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const svc = { ...services[name] };
    if (typeof svc.image !== 'string')
      throw new Error(`service '${name}' has no image; build it first with 'aish docker build'`);
    const replicas = Number((svc.deploy as { replicas?: number } | undefined)?.replicas ?? 1);
    // Slot dirs are named after the Swarm service (`<app>_<service>`), unique on the engine: two apps
    // with a service of the same name never share one (B04).
    const swarmService = `${opts.app}_${name}`;
    for (let slot = 1; slot <= replicas; slot++) {
      const dir = opts.remoteEngine ? null : slotDir(opts.stateDir, swarmService, slot);
      if (dir) runDirs.push(dir);
      // Named as registry-entry.ts names a stack's tasks: the first replica's CI is '<service>-container-ci'.
      wants.push({
        ci_name: ciNameFor(slot === 1 ? name : `${name}-${slot}`),
        container: `${swarmService}.${slot}`,
        run_dir: dir,
      });
    }
    const env = normaliseEnv(svc.environment);
    env[ENV.tcpPort] = String(CI_DEFAULT_TCP_PORT);
    // Remote engine: no shared run dir to hold the app's token, so it goes in the environment (the
    // CI removes it from every service's environment; it stays visible in `docker service inspect`).
    if (opts.remoteEngine && opts.token) env[ENV.token] = opts.token;
    env[ENV.peers] = names
      .filter((n) => n !== name)
      .map((n) => `${peerName(opts.app, n)}=${n}:${CI_DEFAULT_TCP_PORT}`)
      .join(',');
    const labels = {
      ...opts.extraLabels,
      ...normaliseEnv(svc.labels),
      [LABELS.app]: opts.app,
      [LABELS.container]: name,
      'tekton.ergon': '1',
    };
    for (const key of ['container_name', 'build', 'restart', 'depends_on']) {
      if (key in svc) {
        delete svc[key];
        if (key !== 'depends_on')
          notes.push(`${name}: '${key}' is not used by Swarm (restart policy and start order come from the CI)`);
      }
    }
    if (svc.ports && !opts.publishAll) {
      delete svc.ports;
      notes.push(
        `${name}: ports not published (a Swarm service cannot bind to 127.0.0.1); use --publish-all to publish them on all interfaces`,
      );
    }
    out[name] = {
      ...svc,
      environment: env,
      labels,
      volumes: [
        ...((svc.volumes as unknown[]) ?? []),
        ...(opts.remoteEngine
          ? []
          : [
              {
                type: 'bind',
                source: slotDir(opts.stateDir, `${opts.app}_${name}`, '{{.Task.Slot}}'),
                target: CI_RUN_DIR,
              },
            ]),
      ],
      ...(svc.ports ? { ports: hostModePorts(svc.ports) } : {}),
      // dnsrr: peers resolve to task addresses directly; the VIP (IPVS) path is not available on
      // every engine (here it answered EHOSTUNREACH), and task-to-task needs no load balancer.
      deploy: {
        ...(svc.deploy as object),
        labels,
        endpoint_mode: 'dnsrr',
        restart_policy: { condition: 'on-failure', max_attempts: 5 },
      },
    };
  }
  return {
    app: opts.app,
    services: names,
    waves,
    runDirs,
    wants,
    notes: [...new Set([...review.notes, ...notes])],
    compose: stringify(
      {
        version: '3.8',
        services: out,
        ...(review.volumes ? { volumes: review.volumes } : {}),
        ...(review.networks ? { networks: review.networks } : {}),
      },
      { aliasDuplicateObjects: false },
    ),
  };
}

/** A compose `environment`/`labels` value (list of K=V, or a map) as a map of strings. */
export function normaliseEnv(value: unknown): Record<string, string> {
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map(String).map((kv) => {
        const i = kv.indexOf('=');
        return i < 0 ? [kv, ''] : [kv.slice(0, i), kv.slice(i + 1)];
      }),
    );
  }
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v ?? '')]));
  return {};
}

// dnsrr services cannot use the ingress mesh: publish in host mode ('8000', '8080:8000', 'ip:8080:8000').
function hostModePorts(ports: unknown): unknown[] {
  return (Array.isArray(ports) ? ports : []).map((p) => {
    if (p && typeof p === 'object') return { ...p, mode: 'host' };
    const parts = String(p).split(':');
    const target = Number(parts.at(-1)!.split('/')[0]);
    const published = parts.length >= 2 ? Number(parts.at(-2)) : target;
    return { target, published, protocol: 'tcp', mode: 'host' };
  });
}
