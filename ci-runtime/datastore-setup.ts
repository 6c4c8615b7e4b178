// The CI's start-up steps for generated datastores: make or read their passwords, fill them into
// the services' env and Redis' stdin, and give a new Postgres password to its server before it
// starts. A password is saved only once its datastore has it, so a failed step is retried at the
// next start instead of leaving the app a password the server never got.
import type { Application, Manifest } from '../protocol';
import type { CiConfig } from './config';
import { planPostgresPassword, redisStdin, setPostgresPassword } from './datastore-first-start';
import { generatedPasswordApps, loadOrCreateSecrets, saveSecrets, withSecrets } from './datastore-secrets';
import type { ServiceSpec } from './supervisor/service-spec';

/** The passwords of this start and the applications with their env filled in. */
export interface PreparedDatastores {
  applications: Record<string, Application>;
  secrets: Record<string, string>;
  created: string[];
}

/** Reads or makes the passwords and puts them into `config`'s services (env, Redis stdin). */
export function prepareDatastoreSecrets(
  manifest: Manifest,
  config: CiConfig,
  out: (line: string) => void,
  load: typeof loadOrCreateSecrets = loadOrCreateSecrets,
): PreparedDatastores {
  const names = generatedPasswordApps(manifest.applications);
  if (names.length === 0) return { applications: manifest.applications, secrets: {}, created: [] };
  const { secrets, created } = load(names);
  const applications = withSecrets(manifest.applications, secrets);
  for (const service of config.services) {
    service.app = applications[service.name] ?? service.app;
    if (service.app.generated_password && service.kind === 'redis') service.stdin = redisStdin(secrets[service.name]!);
  }
  if (created.length) out(`[tekton-ci] first start: created the password of ${created.join(', ')}`);
  return { applications, secrets, created };
}

/** Sets each newly created Postgres password, then saves the passwords its datastore has. */
export async function setGeneratedPostgresPasswords(
  config: CiConfig,
  datastores: PreparedDatastores,
  runAs: (spec: ServiceSpec) => { uid: number; gid: number } | null,
  out: (line: string) => void,
  { set = setPostgresPassword, save = saveSecrets } = {},
): Promise<void> {
  if (datastores.created.length === 0) return;
  const unsaved = new Set<string>();
  for (const spec of config.services) {
    if (spec.kind !== 'postgres' || !datastores.created.includes(spec.name)) continue;
    const plan = planPostgresPassword(spec.app, datastores.secrets[spec.name]!);
    const result = plan.ok ? await set(plan, runAs(spec)) : { ok: false, detail: plan.reason };
    if (!result.ok) {
      unsaved.add(spec.name);
      out(
        `[tekton-ci] cannot set the password of Postgres '${spec.name}': ${result.detail}; retrying at the next start`,
      );
    }
  }
  try {
    save(Object.fromEntries(Object.entries(datastores.secrets).filter(([name]) => !unsaved.has(name))));
  } catch (err) {
    out(`[tekton-ci] cannot save the datastore passwords (${(err as Error).message}); new ones at the next start`);
  }
}
