// Where a recipe's Postgres connection gets its user, password and database: the Postgres
// service's own env (POSTGRES_USER/PASSWORD/DB), else a DATABASE_URL in any application's env that
// points at this port. Pure: the manifest is passed in. The password never reaches the recipe.

/** What to log in with. */
export interface PostgresLogin {
  user: string;
  password: string | null;
  database: string;
}

type Apps = Record<string, { type: string; port: number | null; env?: Record<string, string> }>;

/** Picks the login for the Postgres service `service` listening on `port`. */
export function postgresLoginFor(apps: Apps, service: string, port: number): PostgresLogin {
  const own = apps[service]?.env ?? {};
  const fromUrl = Object.values(apps)
    .map((app) => app.env?.DATABASE_URL)
    .map((url) => (url ? parseUrl(url) : null))
    .find((login) => login !== null && (login.port === port || login.port === null));
  const user = own.POSTGRES_USER ?? fromUrl?.user ?? 'postgres';
  return {
    user,
    password: own.POSTGRES_PASSWORD ?? fromUrl?.password ?? null,
    database: own.POSTGRES_DB ?? fromUrl?.database ?? user,
  };
}

function parseUrl(text: string): (PostgresLogin & { port: number | null }) | null {
  try {
    const url = new URL(text);
    if (!/^postgres(ql)?(\+\w+)?:$/.test(url.protocol)) return null;
    return {
      user: decodeURIComponent(url.username) || 'postgres',
      password: url.password ? decodeURIComponent(url.password) : null,
      database: decodeURIComponent(url.pathname.replace(/^\//, '')) || decodeURIComponent(url.username) || 'postgres',
      port: url.port ? Number(url.port) : null,
    };
  } catch {
    return null;
  }
}
