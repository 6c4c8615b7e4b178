// A multi-container app through Docker Compose v2 when it is installed (`docker compose`): ports on
// 127.0.0.1 as for single containers, depends_on with service_healthy honoured by Compose itself,
// and `down` removing in reverse dependency order. Without Compose v2 the app runs as a Swarm stack.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { CI_DEFAULT_TCP_PORT, CI_RUN_DIR, ENV, LABELS, ciNameFor } from '../../protocol';
import { GIVEN_CI_NAME_LABEL, GIVEN_CONTAINER_LABEL } from '../registry/given-labels';
import { runDirFor } from '../tekton/state-paths';
import { writeFileAtomic } from '../files/atomic-write';
import { ensurePrivateDir } from '../files/private-dir';
import { normaliseEnv, peerName } from './stack-plan';

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
  compose: string;
}

/** Compose text in, Compose text out (pure): CI labels, peers, TCP, each service's run dir, loopback ports. */
export function planCompose(
  composeText: string,
  opts: { app: string; stateDir: string; hostIp?: string },
): ComposePlan {
  let doc: { services?: Record<string, Record<string, unknown>> };
  try {
    doc = parse(composeText) as typeof doc;
  } catch (err) {
    throw new Error(`compose file is not valid YAML: ${(err as Error).message}`);
  }
  const services = doc?.services;
  if (!services || typeof services !== 'object' || !Object.keys(services).length)
    throw new Error('compose file has no services');
  const names = Object.keys(services);
  const hostIp = opts.hostIp ?? '127.0.0.1';
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const svc = { ...services[name] };
    if (typeof svc.image !== 'string')
      throw new Error(`service '${name}' has no image; build it first with 'aish docker build'`);
    const env = normaliseEnv(svc.environment);
    env[ENV.tcpPort] = String(CI_DEFAULT_TCP_PORT);
    env[ENV.peers] = names
      .filter((n) => n !== name)
      .map((n) => `${peerName(opts.app, n)}=${n}:${CI_DEFAULT_TCP_PORT}`)
      .join(',');
    out[name] = {
      ...svc,
      environment: env,
      labels: {
        ...normaliseEnv(svc.labels),
        [LABELS.app]: opts.app,
        [LABELS.container]: name,
        'tekton.ergon': '1',
        // The CI's name, given for the container Compose will create (`<project>-<service>-1` unless the
        // file names it): the registry takes no name from the image (registry/given-labels.ts).
        [GIVEN_CI_NAME_LABEL]: ciNameFor(name),
        [GIVEN_CONTAINER_LABEL]: typeof svc.container_name === 'string' ? svc.container_name : `${opts.app}-${name}-1`,
      },
      volumes: [
        ...((svc.volumes as unknown[]) ?? []),
        { type: 'bind', source: runDirFor(opts.stateDir, name), target: CI_RUN_DIR },
      ],
      ...(svc.ports ? { ports: (svc.ports as unknown[]).map((p) => loopbackPort(p, hostIp)) } : {}),
    };
  }
  return {
    app: opts.app,
    services: names,
    runDirs: names.map((n) => runDirFor(opts.stateDir, n)),
    compose: stringify({ ...doc, services: out }, { aliasDuplicateObjects: false }),
  };
}

// '8000', '8080:8000' → bound to the host IP; an explicit IP or a long-form entry is the user's choice.
function loopbackPort(p: unknown, hostIp: string): unknown {
  if (p && typeof p === 'object') return { host_ip: hostIp, ...(p as object) };
  const parts = String(p).split(':');
  if (parts.length >= 3) return String(p);
  return parts.length === 2 ? `${hostIp}:${parts[0]}:${parts[1]}` : `${hostIp}::${parts[0]}`;
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

/** Writes the planned file where the app's files live and returns its path. */
export function writeComposePlan(appDir: string, plan: ComposePlan): string {
  ensurePrivateDir(appDir);
  const file = join(appDir, 'compose.yaml');
  writeFileAtomic(file, plan.compose, 0o600);
  writeFileAtomic(join(appDir, 'runner'), 'compose\n', 0o600);
  return file;
}
