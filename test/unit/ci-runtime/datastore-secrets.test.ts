// Generated datastore passwords (pure parts and the file): made once, kept 0600, filled into env
// values that name them, given to Redis on stdin and to Postgres by its SCRAM verifier; a password
// is saved only once its datastore has it.
import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateManifest, type Application, type Manifest } from '../../../protocol';
import {
  fillSecretRefs,
  loadOrCreateSecrets,
  readDatastoreSecrets,
  saveSecrets,
  withSecrets,
} from '../../../ci-runtime/datastore-secrets';
import { planPostgresPassword, redisStdin } from '../../../ci-runtime/datastore-first-start';
import { prepareDatastoreSecrets, setGeneratedPostgresPasswords } from '../../../ci-runtime/datastore-setup';
import { resolveConfig } from '../../../ci-runtime/config';
import { scramVerifier } from '../../../ci-runtime/clients/scram-verifier';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tekton-secrets-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const app = (over: Partial<Application>): Application => ({
  type: 'process',
  language: null,
  framework: null,
  entrypoint: null,
  dependencies: [],
  build_commands: [],
  run_command: ['true'],
  port: null,
  health: { kind: 'process' },
  ...over,
});

function manifest(): Manifest {
  return {
    manifest_version: 1,
    project: { name: 'p', repository: null },
    applications: {
      web: app({
        type: 'web',
        env: {
          DATABASE_URL: 'postgresql://app:${secret:db}@127.0.0.1:5432/postgres',
          REDIS_URL: 'redis://default:${secret:cache}@127.0.0.1:6379/0',
        },
      }),
      cache: app({ type: 'redis', run_command: ['redis-server', '-', '--port', '6379'], generated_password: true }),
      db: app({
        type: 'postgres',
        run_command: ['/usr/lib/postgresql/15/bin/postgres', '-D', '/var/lib/tekton-pg/data', '-k', '/tmp'],
        generated_password: true,
      }),
    },
    containers: {
      p: {
        base_image: 'x',
        applications: ['web', 'cache', 'db'],
        ports: [],
        ci_name: 'p-container-ci',
        ci_capabilities: [],
      },
    },
    packaging: { build_order: ['p'], registry: null, tagging: 'content-hash' },
  };
}

describe('generated datastore passwords', () => {
  it('are made once: a second start reads the same ones, and the file is 0600', () => {
    const path = join(tempDir(), 'secrets.json');
    const first = loadOrCreateSecrets(['db', 'cache'], { path });
    expect(first.created).toEqual(['db', 'cache']);
    expect(first.secrets.db).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.secrets.db).not.toBe(first.secrets.cache);
    saveSecrets(first.secrets, path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecrets(['db', 'cache'], { path })).toEqual({ secrets: first.secrets, created: [] });
  });

  it('never follows a link planted where the file goes', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'elsewhere.json'), '{"db":"planted"}');
    symlinkSync(join(dir, 'elsewhere.json'), join(dir, 'secrets.json'));
    expect(readDatastoreSecrets(join(dir, 'secrets.json'))).toEqual({});
  });

  it('fill the env values that name them, and only those', () => {
    const secrets = { db: 'p1', cache: 'p2' };
    expect(fillSecretRefs('postgresql://app:${secret:db}@h/x', secrets)).toBe('postgresql://app:p1@h/x');
    expect(fillSecretRefs('${secret:nope} ${secret:cache}', secrets)).toBe('${secret:nope} p2');
    const apps = withSecrets(manifest().applications, secrets);
    expect(apps.web!.env!.REDIS_URL).toBe('redis://default:p2@127.0.0.1:6379/0');
    expect(manifest().applications.web!.env!.REDIS_URL).toContain('${secret:cache}');
  });

  it('a manifest may name only the secret of an application with generated_password', () => {
    const m = manifest();
    expect(validateManifest(m)).toEqual([]);
    m.applications.web!.env!.X = '${secret:web}';
    expect(validateManifest(m)).toEqual([
      "applications.web.env.X names ${secret:web}, but 'web' is no application with generated_password",
    ]);
  });

  it('reach Redis on its stdin and Postgres as a SCRAM verifier in single-user mode', () => {
    expect(redisStdin('pw')).toBe('requirepass pw\n');
    const salt = Buffer.alloc(16, 7);
    const plan = planPostgresPassword(manifest().applications.db!, 'pw', salt);
    expect(plan).toEqual({
      ok: true,
      command: '/usr/lib/postgresql/15/bin/postgres',
      args: ['--single', '-D', '/var/lib/tekton-pg/data', 'postgres'],
      stdin: `ALTER ROLE CURRENT_USER PASSWORD '${scramVerifier('pw', salt)}'\n`,
    });
    expect(scramVerifier('pw', salt)).toMatch(
      /^SCRAM-SHA-256\$4096:BwcHBwcHBwcHBwcHBwcHBw==\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$/,
    );
    expect(planPostgresPassword(app({ type: 'postgres', run_command: ['pg_ctl', 'start'] }), 'pw')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not start the postgres binary with -D/),
    });
  });

  it('go into the services at start; a Postgres that did not take its password is not saved', async () => {
    const m = manifest();
    const config = resolveConfig(m, {}, []);
    const lines: string[] = [];
    const prepared = prepareDatastoreSecrets(
      m,
      config,
      (l) => lines.push(l),
      () => ({
        secrets: { db: 'p1', cache: 'p2' },
        created: ['db', 'cache'],
      }),
    );
    const byName = Object.fromEntries(config.services.map((s) => [s.name, s]));
    expect(byName.cache!.stdin).toBe('requirepass p2\n');
    expect(byName.web!.app.env!.DATABASE_URL).toBe('postgresql://app:p1@127.0.0.1:5432/postgres');
    expect(lines).toEqual(['[tekton-ci] first start: created the password of db, cache']);
    const saved: Record<string, string>[] = [];
    await setGeneratedPostgresPasswords(
      config,
      prepared,
      () => null,
      (l) => lines.push(l),
      {
        set: async () => ({ ok: false, detail: 'FATAL: data directory has wrong ownership' }),
        save: (s) => saved.push(s),
      },
    );
    expect(saved).toEqual([{ cache: 'p2' }]);
    expect(lines.at(-1)).toMatch(
      /cannot set the password of Postgres 'db': FATAL: data directory has wrong ownership; retrying/,
    );
  });
});
