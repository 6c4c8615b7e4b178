// A tiny Postgres client: one simple-protocol query per connection, over TCP or a Unix socket,
// with trust, cleartext, md5 and SCRAM-SHA-256 logins. Enough for recipes (VACUUM (ANALYZE),
// pg_stat_* reads); no dependency, so the ci-runtime bundle stays small.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { createConnection, type Socket } from 'node:net';

/** Where and as whom to connect, and the one statement to run. */
export interface PostgresQuery {
  host?: string;
  port?: number;
  /** Unix socket path (e.g. /var/run/postgresql/.s.PGSQL.5432); wins over host. */
  socketPath?: string;
  user: string;
  password?: string | null;
  database: string;
  sql: string;
  timeoutMs?: number;
  /** Run in a read-only session (default_transaction_read_only=on): the server refuses any write. */
  readOnly?: boolean;
  /** Resolve unqualified names in these schemas only (e.g. 'pg_catalog'): no function or view of the app's can stand in. */
  searchPath?: string;
}

/** Column names and rows as text (null for SQL NULL). */
export interface PostgresResult {
  columns: string[];
  rows: (string | null)[][];
  /** The server's command tag, e.g. 'VACUUM' or 'SELECT 3'. */
  command: string;
}

/** Connects, logs in, runs `sql` with the simple query protocol, and closes. */
export function postgresQuery(q: PostgresQuery): Promise<PostgresResult> {
  const where = q.socketPath ?? `${q.host ?? '127.0.0.1'}:${q.port ?? 5432}`;
  const timeoutMs = q.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const socket: Socket = q.socketPath
      ? createConnection({ path: q.socketPath })
      : createConnection({ host: q.host ?? '127.0.0.1', port: q.port ?? 5432 });
    let buf = Buffer.alloc(0);
    let settled = false;
    let scram: { nonce: string; clientFirstBare: string; serverSignature?: Buffer; verified?: boolean } | null = null;
    const result: PostgresResult = { columns: [], rows: [], command: '' };
    let error: string | null = null;
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(result);
    };
    const timer = setTimeout(
      () => finish(new Error(`Postgres ${where} did not finish within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const send = (type: string, body: Buffer) => {
      const head = Buffer.alloc(5);
      head.write(type, 0, 'latin1');
      head.writeInt32BE(body.length + 4, 1);
      socket.write(Buffer.concat([head, body]));
    };
    const needPassword = (): string => {
      if (q.password == null)
        throw new Error(
          `Postgres ${where} wants a password for user '${q.user}' and none is configured (set POSTGRES_PASSWORD or DATABASE_URL in the manifest)`,
        );
      return q.password;
    };
    const onMessage = (type: string, body: Buffer) => {
      if (type === 'R') {
        const code = body.readInt32BE(0);
        // A server that began SCRAM must prove it knows the password (SASLFinal) before "OK":
        // one that skips the proof is an impostor that never saw the password's verifier.
        if (code === 0 && scram && !scram.verified)
          throw new Error(
            `Postgres ${where} said authentication succeeded without proving its SCRAM identity (no server signature); not trusting it`,
          );
        if (code === 0) return;
        if (code === 3) return send('p', cstr(needPassword()));
        if (code === 5) {
          const inner = md5hex(needPassword() + q.user);
          return send('p', cstr(`md5${md5hex(Buffer.concat([Buffer.from(inner), body.subarray(4, 8)]))}`));
        }
        if (code === 10) {
          if (!body.subarray(4).toString('utf8').split('\0').includes('SCRAM-SHA-256'))
            throw new Error(`Postgres ${where} offers no SASL mechanism this client knows (SCRAM-SHA-256)`);
          needPassword();
          const nonce = randomBytes(18).toString('base64');
          scram = { nonce, clientFirstBare: `n=,r=${nonce}` };
          const first = Buffer.from(`n,,${scram.clientFirstBare}`);
          const len = Buffer.alloc(4);
          len.writeInt32BE(first.length);
          return send('p', Buffer.concat([cstr('SCRAM-SHA-256'), len, first]));
        }
        if (code === 11 && scram)
          return send('p', Buffer.from(scramFinal(scram, body.subarray(4).toString('utf8'), needPassword())));
        if (code === 12 && scram?.serverSignature) {
          const v = /v=([^,]+)/.exec(body.subarray(4).toString('utf8'))?.[1] ?? '';
          const got = Buffer.from(v, 'base64');
          if (got.length !== scram.serverSignature.length || !timingSafeEqual(got, scram.serverSignature))
            throw new Error(`Postgres ${where}: the server's SCRAM signature is wrong; not trusting it`);
          scram.verified = true;
          return;
        }
        throw new Error(
          `Postgres ${where} asks for authentication method ${code}, which this client does not support (trust, password, md5, SCRAM-SHA-256)`,
        );
      }
      if (type === 'Z') {
        if (!sentQuery) {
          sentQuery = true;
          return send('Q', cstr(q.sql));
        }
        send('X', Buffer.alloc(0));
        return finish(error ? new Error(error) : null);
      }
      if (type === 'T') result.columns = rowDescription(body);
      else if (type === 'D') result.rows.push(dataRow(body));
      else if (type === 'C') result.command = body.subarray(0, body.length - 1).toString('utf8');
      else if (type === 'E') {
        error = `Postgres ${where} error: ${errorFields(body)}`;
        if (!sentQuery) finish(new Error(error));
      }
    };
    let sentQuery = false;
    socket.on('connect', () => {
      // Startup options outrank ALTER ROLE/DATABASE settings. standard_conforming_strings and UTF8
      // make the server read quotes and backslashes as libpg_query did when the SQL was judged.
      const options = [
        `-c statement_timeout=${timeoutMs}`,
        '-c standard_conforming_strings=on',
        ...(q.readOnly ? ['-c default_transaction_read_only=on'] : []),
        ...(q.searchPath ? [`-c search_path=${q.searchPath}`] : []),
      ].join(' ');
      const params = Buffer.concat([
        cstr('user'),
        cstr(q.user),
        cstr('database'),
        cstr(q.database),
        cstr('client_encoding'),
        cstr('UTF8'),
        cstr('options'),
        cstr(options),
        Buffer.from([0]),
      ]);
      const head = Buffer.alloc(8);
      head.writeInt32BE(params.length + 8, 0);
      head.writeInt32BE(196608, 4);
      socket.write(Buffer.concat([head, params]));
    });
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      try {
        while (buf.length >= 5) {
          const len = buf.readInt32BE(1);
          if (buf.length < len + 1) break;
          const type = String.fromCharCode(buf[0] as number);
          const body = buf.subarray(5, len + 1);
          buf = buf.subarray(len + 1);
          onMessage(type, body);
        }
      } catch (err) {
        finish(err as Error);
      }
    });
    socket.on('error', (err) => finish(new Error(`Postgres ${where} unreachable: ${err.message}`, { cause: err })));
    socket.on('close', () => finish(new Error(error ?? `Postgres ${where} closed the connection before answering`)));
  });
}

function scramFinal(
  scram: { nonce: string; clientFirstBare: string; serverSignature?: Buffer },
  serverFirst: string,
  password: string,
): string {
  const attrs = Object.fromEntries(serverFirst.split(',').map((kv) => [kv[0], kv.slice(2)]));
  const nonce = attrs.r ?? '';
  if (!nonce.startsWith(scram.nonce)) throw new Error('Postgres SCRAM: the server nonce does not extend ours');
  const salted = pbkdf2Sync(
    password.normalize('NFKC'),
    Buffer.from(attrs.s ?? '', 'base64'),
    Number(attrs.i),
    32,
    'sha256',
  );
  const clientKey = hmac(salted, 'Client Key');
  const storedKey = createHash('sha256').update(clientKey).digest();
  const withoutProof = `c=biws,r=${nonce}`;
  const authMessage = `${scram.clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = hmac(storedKey, authMessage);
  const proof = Buffer.from(clientKey.map((b, i) => b ^ (signature[i] as number)));
  scram.serverSignature = hmac(hmac(salted, 'Server Key'), authMessage);
  return `${withoutProof},p=${proof.toString('base64')}`;
}

const hmac = (key: Buffer, text: string): Buffer => createHmac('sha256', key).update(text).digest();
const md5hex = (data: string | Buffer): string => createHash('md5').update(data).digest('hex');
const cstr = (text: string): Buffer => Buffer.from(`${text}\0`, 'utf8');

function rowDescription(body: Buffer): string[] {
  const names: string[] = [];
  let at = 2;
  for (let i = 0; i < body.readInt16BE(0); i++) {
    const end = body.indexOf(0, at);
    names.push(body.subarray(at, end).toString('utf8'));
    at = end + 1 + 18;
  }
  return names;
}

function dataRow(body: Buffer): (string | null)[] {
  const row: (string | null)[] = [];
  let at = 2;
  for (let i = 0; i < body.readInt16BE(0); i++) {
    const len = body.readInt32BE(at);
    at += 4;
    if (len < 0) row.push(null);
    else {
      row.push(body.subarray(at, at + len).toString('utf8'));
      at += len;
    }
  }
  return row;
}

function errorFields(body: Buffer): string {
  const fields: Record<string, string> = {};
  let at = 0;
  while (at < body.length && body[at] !== 0) {
    const end = body.indexOf(0, at + 1);
    fields[String.fromCharCode(body[at] as number)] = body.subarray(at + 1, end).toString('utf8');
    at = end + 1;
  }
  return `${fields.M ?? 'unknown error'}${fields.C ? ` (SQLSTATE ${fields.C})` : ''}`;
}
