// The Postgres role recipes log in as: `tekton_recipe`, a member of pg_monitor (the statistics
// views and settings), no superuser, no table of the app. The CI creates it (or resets it) with the
// admin login it knows from the manifest, once per CI process and Postgres service, with a password
// made then and held only in the CI's memory (set by its SCRAM verifier). VACUUM needs more: on
// PostgreSQL 17+ the role also gets pg_maintain; before 17 only a table's owner may vacuum it, so
// the CI runs the maintenance statement it rebuilt from the parse tree as the admin login instead.
import { randomBytes } from 'node:crypto';
import { scramVerifier } from '../clients/scram-verifier';
import type { PostgresLogin } from './postgres-credentials';

/** The role's name. */
export const RECIPE_ROLE = 'tekton_recipe';

/** What recipes on one Postgres log in with, and whether that login may VACUUM. */
export interface RecipeRole {
  login: PostgresLogin;
  /** True on PostgreSQL 17+, where the role holds pg_maintain. */
  maintain: boolean;
}

/** A statement run with the admin login (simple protocol: several statements in one call). */
export type AdminQuery = (sql: string) => Promise<{ rows: (string | null)[][] }>;

/** Reads what the admin login may do and which server this is. */
export const ADMIN_FACTS_SQL =
  "SELECT current_setting('server_version_num'), r.rolsuper OR r.rolcreaterole FROM pg_catalog.pg_roles r WHERE r.rolname = current_user";

/** The statements that create or reset the role (pure: the verifier and version come in). */
export function recipeRoleSql(verifier: string, serverVersionNum: number): string {
  return [
    `DO $tekton$BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '${RECIPE_ROLE}') THEN CREATE ROLE ${RECIPE_ROLE}; END IF; END$tekton$`,
    `ALTER ROLE ${RECIPE_ROLE} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT CONNECTION LIMIT 4 PASSWORD '${verifier}'`,
    `GRANT pg_monitor TO ${RECIPE_ROLE}`,
    ...(serverVersionNum >= 170000 ? [`GRANT pg_maintain TO ${RECIPE_ROLE}`] : []),
  ].join(';\n');
}

/** Creates or resets the role through `admin`; throws naming why recipes cannot have it. */
export async function provisionRecipeRole(
  admin: PostgresLogin,
  query: AdminQuery,
  random: (n: number) => Buffer = randomBytes,
): Promise<RecipeRole> {
  const facts = (await query(ADMIN_FACTS_SQL)).rows[0];
  const version = Number(facts?.[0] ?? 0);
  if (facts?.[1] !== 't')
    throw new Error(
      `the login '${admin.user}' may not create roles, so the CI cannot make the least-privileged role '${RECIPE_ROLE}'; recipes never log in as the app's own user`,
    );
  const password = random(32).toString('base64url');
  await query(recipeRoleSql(scramVerifier(password), version));
  return { login: { user: RECIPE_ROLE, password, database: admin.database }, maintain: version >= 170000 };
}
