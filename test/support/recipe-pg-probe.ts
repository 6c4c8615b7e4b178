// Runs one query with the CI's Postgres client inside a test container and prints the result as
// JSON: `node pg-probe.js <user> <password|-> <sql> [socket]`; PG_READ_ONLY=1 asks for a read-only
// session. Bundled into the recipe fixture image.
import { postgresQuery } from '../../ci-runtime/clients/postgres-query';

const [user = 'app', password = '-', sql = 'SELECT version()', socketPath] = process.argv.slice(2);
postgresQuery({
  host: '127.0.0.1',
  port: 5432,
  user,
  password: password === '-' ? null : password,
  database: user === 'app' ? 'app' : 'postgres',
  sql,
  ...(socketPath ? { socketPath } : {}),
  readOnly: process.env.PG_READ_ONLY === '1',
})
  .then((r) => console.log(JSON.stringify({ ok: true, ...r })))
  .catch((err: Error) => console.log(JSON.stringify({ ok: false, error: err.message })));
