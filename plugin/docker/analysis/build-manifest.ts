// From the analysis to the manifest (protocol/manifest.ts). Default layout: one container per app
// running all of its services (web + redis + worker), supervised by the CI. With `split`, each
// datastore gets a container of its own started from the same image with TEKTON_CI_SERVICES set.
import { ciNameFor, MANIFEST_VERSION, type Application, type ContainerSpec, type Manifest } from '../../../protocol';
import { defaultWritablePaths } from './runtime-writes';
import { baseImagesFor } from '../dockerfile/base-images';
import type { AppAnalysis, NeededService, ProjectAnalysis } from './types';

/** Options of buildManifest. */
export interface ManifestOptions {
  split?: boolean;
  repository?: string | null;
}

const CAPABILITIES = ['status', 'services', 'health', 'logs', 'recipes', 'run', 'events', 'chat'];

/** Docker-safe lowercase name. */
export function dockerName(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9_.-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .replace(/-+$/, '') || 'app'
  );
}

/** The container name of an app (the project name for a single-app project). */
export function containerNameFor(analysis: ProjectAnalysis, app: AppAnalysis): string {
  const project = dockerName(analysis.name);
  return analysis.apps.length === 1 ? project : `${project}-${app.name}`;
}

/** Builds the v1 manifest of a project. */
export function buildManifest(analysis: ProjectAnalysis, options: ManifestOptions = {}): Manifest {
  const applications: Record<string, Application> = {};
  const containers: Record<string, ContainerSpec> = {};
  const multi = analysis.apps.length > 1;
  for (const app of analysis.apps) {
    const prefix = multi ? `${app.name}-` : '';
    const container = containerNameFor(analysis, app);
    const storeHost = (kind: string) => (options.split ? `${container}-${kind}` : '127.0.0.1');
    const env = serviceEnv(app.services, storeHost, (kind) => `${prefix}${kind}`, Boolean(options.split));
    const storeNames = app.services.map((s) => `${prefix}${s.kind}`);
    const main = `${prefix}${app.web ? 'web' : 'app'}`;
    const writable = defaultWritablePaths(app.language, app.framework);
    applications[main] = {
      type: app.web ? 'web' : 'process',
      language: app.language,
      framework: app.framework,
      entrypoint: app.entrypoint,
      dependencies: app.dependencies,
      build_commands: app.build,
      run_command: app.start,
      port: app.port,
      health: app.web && app.port !== null ? { kind: 'http', port: app.port } : { kind: 'process' },
      ...(storeNames.length ? { depends_on: storeNames } : {}),
      essential: true,
      env: app.port !== null ? { PORT: String(app.port), ...env } : env,
      workdir: app.details.workdir ?? '/app',
      ...(writable.length ? { writable_paths: writable } : {}),
    };
    for (const extra of app.extras) {
      applications[`${prefix}${extra.name}`] = {
        type: extra.kind,
        language: app.language,
        framework: extra.framework,
        entrypoint: app.entrypoint,
        dependencies: app.dependencies,
        build_commands: [],
        run_command: extra.command,
        port: null,
        health: { kind: 'process' },
        ...(storeNames.length ? { depends_on: storeNames } : {}),
        env,
        workdir: app.details.workdir ?? '/app',
      };
    }
    const inMain = [main, ...app.extras.map((e) => `${prefix}${e.name}`)];
    for (const s of app.services) {
      applications[`${prefix}${s.kind}`] = datastoreApplication(s, Boolean(options.split));
      if (!options.split) inMain.push(`${prefix}${s.kind}`);
    }
    const base = baseImagesFor(app.language, app.runtimeVersion, app.packageManager, {
      staticOutput: Boolean(app.details.staticDir && app.build.length),
    }).runtime.image;
    containers[container] = {
      base_image: base,
      applications: inMain,
      ports: app.port !== null ? [app.port] : [],
      ci_name: ciNameFor(container),
      ci_capabilities: CAPABILITIES,
    };
    if (options.split) {
      for (const s of app.services) {
        const c = `${container}-${s.kind}`;
        const port = s.kind === 'redis' ? 6379 : 5432;
        containers[c] = {
          base_image: base,
          applications: [`${prefix}${s.kind}`],
          ports: [port],
          ci_name: ciNameFor(c),
          ci_capabilities: CAPABILITIES,
        };
      }
    }
  }
  return {
    manifest_version: MANIFEST_VERSION,
    project: { name: dockerName(analysis.name), repository: options.repository ?? null },
    applications,
    containers,
    packaging: {
      build_order: analysis.apps.map((a) => containerNameFor(analysis, a)),
      registry: null,
      tagging: 'content-hash',
    },
  };
}

// In one container the datastores' passwords are made by the CI at first start (generated_password)
// and stand in the URLs as ${secret:<app>}. A split layout has no shared secret yet (its datastores
// run in containers of their own): its URLs carry none.
function serviceEnv(
  services: NeededService[],
  host: (kind: string) => string,
  storeName: (kind: string) => string,
  split: boolean,
): Record<string, string> {
  const env: Record<string, string> = {};
  const auth = (kind: string, user: string) =>
    split ? (kind === 'postgres' ? `${user}@` : '') : `${user}:\${secret:${storeName(kind)}}@`;
  for (const s of services) {
    if (s.kind === 'redis') {
      // 'default' is the user requirepass sets (Redis 6+): redis-cli reads ':pw@' as an empty user name.
      const url = `redis://${auth('redis', 'default')}${host('redis')}:6379/0`;
      for (const v of new Set(['REDIS_URL', ...s.envVars])) env[v] = url;
    } else env.DATABASE_URL = `postgresql://${auth('postgres', 'app')}${host('postgres')}:5432/postgres`;
  }
  return env;
}

/** Where the Postgres cluster lives in the image (initialised at build time, owned by app). */
export const PG_DATA_DIR = '/var/lib/tekton-pg/data';

function datastoreApplication(s: NeededService, split: boolean): Application {
  const bind = split ? '0.0.0.0' : '127.0.0.1';
  if (s.kind === 'redis') {
    return {
      type: 'redis',
      language: null,
      framework: 'redis',
      entrypoint: null,
      dependencies: [],
      build_commands: [],
      // No snapshots: the container is not the place for durable Redis data; --dir keeps it writable for the app user.
      // `-`: the config (requirepass) comes on stdin from the CI, never in argv, which /proc shows to every UID.
      run_command: [
        'redis-server',
        ...(split ? [] : ['-']),
        '--bind',
        bind,
        '--port',
        '6379',
        '--dir',
        '/tmp',
        '--save',
        '',
        '--appendonly',
        'no',
        ...(split ? ['--protected-mode', 'no'] : []),
      ],
      port: 6379,
      health: { kind: 'redis', port: 6379 },
      cache: s.cache,
      essential: true,
      ...(split ? {} : { generated_password: true }),
    };
  }
  return {
    type: 'postgres',
    language: null,
    framework: 'postgres',
    entrypoint: null,
    dependencies: [],
    build_commands: [],
    run_command: [
      '/usr/lib/postgresql/15/bin/postgres',
      '-D',
      PG_DATA_DIR,
      '-k',
      '/tmp',
      '-c',
      `listen_addresses=${split ? '*' : '127.0.0.1'}`,
    ],
    port: 5432,
    health: { kind: 'postgres', port: 5432 },
    essential: true,
    ...(split ? {} : { generated_password: true }),
  };
}
