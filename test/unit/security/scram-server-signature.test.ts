// SCRAM-SHA-256 is mutual: the server must prove it knows the password's verifier (its signature
// in SASLFinal) before the client trusts "authentication OK". Three servers on loopback speak the
// protocol: an honest one (accepted: the control), one that skips the proof, one that fakes it.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresQuery } from '../../../ci-runtime/clients/postgres-query';

type Mode = 'honest' | 'skip-signature' | 'fake-signature';
const PASSWORD = 'scram-pw-42';
let server: Server | null = null;

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();
function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}
const auth = (code: number, data = '') => message('R', Buffer.concat([int32(code), Buffer.from(data)]));
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const ready = () => message('Z', Buffer.from('I'));
const queryAnswer = () =>
  Buffer.concat([
    message('T', Buffer.concat([Buffer.from([0, 1]), Buffer.from('x\0'), Buffer.alloc(18)])),
    message('D', Buffer.concat([Buffer.from([0, 1]), int32(1), Buffer.from('1')])),
    message('C', Buffer.from('SELECT 1\0')),
    ready(),
  ]);

// A SCRAM server good enough for one login and one query.
function serve(socket: Socket, mode: Mode): void {
  let buf = Buffer.alloc(0);
  let started = false;
  const salt = randomBytes(16);
  let clientFirstBare = '';
  let serverFirst = '';
  socket.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    if (!started) {
      if (buf.length < 4 || buf.length < buf.readInt32BE(0)) return;
      buf = buf.subarray(buf.readInt32BE(0));
      started = true;
      socket.write(auth(10, 'SCRAM-SHA-256\0\0'));
    }
    while (buf.length >= 5 && buf.length >= buf.readInt32BE(1) + 1) {
      const type = String.fromCharCode(buf[0]!);
      const body = buf.subarray(5, buf.readInt32BE(1) + 1);
      buf = buf.subarray(buf.readInt32BE(1) + 1);
      if (type === 'p' && !clientFirstBare) {
        const data = body.subarray(body.indexOf(0) + 5).toString();
        clientFirstBare = data.replace(/^n,,/, '');
        const nonce = /r=([^,]+)/.exec(clientFirstBare)![1]!;
        serverFirst = `r=${nonce}${randomBytes(9).toString('base64')},s=${salt.toString('base64')},i=4096`;
        socket.write(auth(11, serverFirst));
      } else if (type === 'p') {
        const final = body.toString();
        const withoutProof = final.slice(0, final.indexOf(',p='));
        const salted = pbkdf2Sync(PASSWORD, salt, 4096, 32, 'sha256');
        const signature = hmac(hmac(salted, 'Server Key'), `${clientFirstBare},${serverFirst},${withoutProof}`);
        if (mode === 'honest') socket.write(auth(12, `v=${signature.toString('base64')}`));
        if (mode === 'fake-signature')
          socket.write(auth(12, `v=${createHash('sha256').update('forged').digest('base64')}`));
        socket.write(Buffer.concat([auth(0), ready()]));
      } else if (type === 'Q') socket.write(queryAnswer());
      else if (type === 'X') socket.end();
    }
  });
}

async function fakeServer(mode: Mode): Promise<number> {
  server = createServer((s) => serve(s, mode));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

const query = (port: number) =>
  postgresQuery({
    host: '127.0.0.1',
    port,
    user: 'app',
    password: PASSWORD,
    database: 'app',
    sql: 'SELECT 1',
    timeoutMs: 5000,
  });

describe('SCRAM server signature', () => {
  it('control: a server that proves its signature is trusted and answers', async () => {
    expect(await query(await fakeServer('honest'))).toMatchObject({ rows: [['1']], command: 'SELECT 1' });
  });

  it('refuses a server that says OK without its signature', async () => {
    await expect(query(await fakeServer('skip-signature'))).rejects.toThrow(
      /without proving its SCRAM identity \(no server signature\); not trusting it/,
    );
  });

  it('refuses a server whose signature is forged, and names no password', async () => {
    const err = await query(await fakeServer('fake-signature')).catch((e: Error) => e);
    expect(String(err)).toMatch(/the server's SCRAM signature is wrong; not trusting it/);
    expect(String(err)).not.toContain(PASSWORD);
  });
});
