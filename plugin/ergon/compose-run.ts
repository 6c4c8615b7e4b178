// A multi-container app through Docker Compose v2 when it is installed (`docker compose`): ports on
// 127.0.0.1 as for single containers, depends_on with service_healthy honoured by Compose itself,
// and `down` removing in reverse dependency order. Without Compose v2 the app runs as a Swarm stack.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { CI_DEFAULT_TCP_PORT, CI_RUN_DIR, ENV, LABELS, ciNameFor } from '../../protocol';
import { GIVEN_CI_NAME_LABEL, GIVEN_CONTAINER_LABEL } from '../registry/given-labels';
import { runDirFor } from '../tekton/state-paths';
import { writeFileAtomic } from '../files/atomic-write';
import { ensurePrivateDir } from '../files/private-dir';
import { normaliseEnv, peerName } from './stack-plan';
import type { NameWant } from '../registry/name-claims';
import { ComposeRefused, type ComposeRefusal, parseCompose, reviewCompose, withRefusedKeys } from './compose-review';

/** Compose v2's version when `docker compose` is installed, else null. */
export function composeV2Version(env: Record<string, string | undefined>): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      'docker',
      ['compose', 'version', '--short'],
      { env: env as NodeJS.ProcessEnv, timeout: 10_000 },
      (err, stdout) => {
        const v = String(stdout ?? '')
          .trim()
          .replace(/^v/, '');
        resolve(!err && /^2\.\d+/.test(v) ? v : null);
      },
    );
  });
}

/** The app as Compose will run it. */
export interface ComposePlan {
  app: string;
  services: string[];
  runDirs: string[];
  /** The names and run dirs the run claims before writing anything (claim-names.ts). */
  wants: NameWant[];
  /** What the review refused and the user allowed (--allow-host-access); empty otherwise. */
  allowed: ComposeRefusal[];
  notes: string[];
  compose: string;
}

/** A compose service's container: the app's own service keeps its name, any other is `<app>-<service>`. */
export function containerNameFor(app: string, service: string): string {
  return service === app || service.startsWith(`${app}-`) ? service : `${app}-${service}`;
}

const NAME_RE = /^[a-z0-9][a-z0-9_.-]*$/;

/**
 * Compose text in, Compose text out (pure): the reviewed subset of each service (compose-review.ts),
 * the container name, CI labels and run dir ergon gives it, peers, TCP, ports on `hostIp`.
 */
export function planCompose(
  composeText: string,
  opts: { app: string; stateDir: string; hostIp?: string; allowHostAccess?: boolean; file?: string },
): ComposePlan {
  const doc = parseCompose(composeText);
  const hostIp = opts.hostIp ?? '127.0.0.1';
  let review = reviewCompose(doc, { hostIp });
  if (review.refusals.length && !opts.allowHostAccess)
    throw new ComposeRefused(opts.file ?? 'the compose file', review.refusals);
  if (opts.allowHostAccess) review = withRefusedKeys(doc, review);
  const names = Object.keys(review.services);
  const out: Record<string, unknown> = {};
  const wants: NameWant[] = [];
  for (const name of names) {
    const svc = review.services[name]!;
    const container = containerNameFor(opts.app, name);
    if (!NAME_RE.test(container))
      throw new Error(
        `service '${name}' would make the container name '${container}': use lowercase letters, digits, '.', '_' and '-'`,
      );
    if (Number((svc.deploy as { replicas?: number } | undefined)?.replicas ?? 1) > 1)
      throw new Error(`service '${name}' asks for replicas: run replicated services with 'aish ergon deploy' (Swarm)`);
    const runDir = runDirFor(opts.stateDir, container);
    const ciName = ciNameFor(container);
    wants.push({ ci_name: ciName, container, run_dir: runDir });
    const env = normaliseEnv(svc.environment);
    env[ENV.tcpPort] = String(CI_DEFAULT_TCP_PORT);
    env[ENV.peers] = names
      .filter((n) => n !== name)
      .map((n) => `${peerName(opts.app, n)}=${n}:${CI_DEFAULT_TCP_PORT}`)
      .join(',');
    out[name] = {
      ...svc,
      container_name: container,
      environment: env,
      labels: {
        ...normaliseEnv(svc.labels),
        [LABELS.app]: opts.app,
        [LABELS.container]: container,
        'tekton.ergon': '1',
        // The names are given, for the container ergon names: the registry takes none from the image
        // or the file (registry/given-labels.ts).
        [GIVEN_CI_NAME_LABEL]: ciName,
        [GIVEN_CONTAINER_LABEL]: container,
      },
      volumes: [...((svc.volumes as unknown[]) ?? []), { type: 'bind', source: runDir, target: CI_RUN_DIR }],
    };
  }
  return {
    app: opts.app,
    services: names,
    runDirs: wants.map((w) => w.run_dir!),
    wants,
    allowed: opts.allowHostAccess ? review.refusals : [],
    notes: review.notes,
    compose: stringify(
      {
        services: out,
        ...(review.volumes ? { volumes: review.volumes } : {}),
        ...(review.networks ? { networks: review.networks } : {}),
      },
      { aliasDuplicateObjects: false },
    ),
  };
}

/** `docker compose <args>` in the app's folder; rejects with Compose's own words. */
export function compose(args: string[], env: Record<string, string | undefined>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'docker',
      ['compose', ...args],
      { env: env as NodeJS.ProcessEnv, timeout: 300_000 },
      (err, stdout, stderr) => {
        if (err)
          reject(new Error(`docker compose ${args[args.length - 1]} failed: ${String(stderr).trim() || err.message}`));
        else resolve(String(stdout));
      },
    );
  });
}

/** Writes the planned file where the app's files live (with the source it came from); returns its path. */
export function writeComposePlan(appDir: string, plan: ComposePlan, source: string): string {
  ensurePrivateDir(appDir);
  const file = join(appDir, 'compose.yaml');
  writeFileAtomic(file, plan.compose, 0o600);
  writeFileAtomic(join(appDir, 'runner'), 'compose\n', 0o600);
  writeFileAtomic(join(appDir, 'source'), `${resolve(source)}\n`, 0o600);
  return file;
}
