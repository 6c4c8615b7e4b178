// A BuildKit session over the Engine API that answers `RUN --mount=type=secret` requests.
// dockerode 5 opens a session for every version=2 build, but it only serves registry auth and
// names no gRPC methods, so BuildKit finds no secrets provider; this one serves
// moby.buildkit.secrets.v1.Secrets/GetSecret (and the health check BuildKit polls every second,
// without which it drops the session). The session is a hijacked POST /session upgraded to h2c:
// the engine is the gRPC client, we are the server. Messages are three tiny protobufs, encoded here
// by hand so no .proto file has to travel with the bundle.
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';

const SECRETS = '/moby.buildkit.secrets.v1.Secrets/GetSecret';
const HEALTH = '/grpc.health.v1.Health/Check';

/** An open session: its id goes in the build's `session` parameter; close it when the build ends. */
export interface BuildSession {
  id: string;
  close(): void;
}

/** Opens a session serving `secrets` (id → content). Values never leave this process except to the engine. */
export async function openSecretsSession(docker: Docker, secrets: Record<string, Buffer>): Promise<BuildSession> {
  const grpc = await import('@grpc/grpc-js');
  const id = randomUUID();
  const socket = await new Promise<Duplex>((resolve, reject) => {
    docker.modem.dial(
      {
        method: 'POST',
        path: '/session',
        hijack: true,
        headers: {
          Upgrade: 'h2c',
          'X-Docker-Expose-Session-Uuid': id,
          'X-Docker-Expose-Session-Name': 'tekton-build',
          'X-Docker-Expose-Session-Sharedkey': '',
          'X-Docker-Expose-Session-Grpc-Method': [SECRETS, HEALTH],
        },
        statusCodes: { 101: true, 200: true, 500: 'server error' },
      } as never,
      (err: unknown, sock: unknown) => (err ? reject(err) : resolve(sock as Duplex)),
    );
  });
  const server = new grpc.Server();
  const unary = <Req, Res>(path: string, decode: (b: Buffer) => Req, encode: (r: Res) => Buffer) => ({
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: (r: Req) => Buffer.from(JSON.stringify(r)),
    requestDeserialize: decode,
    responseSerialize: encode,
    responseDeserialize: (b: Buffer) => b as unknown as Res,
  });
  server.addService({ GetSecret: unary(SECRETS, decodeSecretRequest, encodeBytesField) } as never, {
    GetSecret: ((call: { request: { id: string } }, cb: (e: unknown, v?: Buffer) => void) => {
      const value = secrets[call.request.id];
      if (value === undefined) cb({ code: grpc.status.NOT_FOUND, details: `secret ${call.request.id} not provided` });
      else cb(null, value);
    }) as never,
  });
  server.addService(
    {
      Check: unary(
        HEALTH,
        () => ({}),
        () => Buffer.from([0x08, 0x01]),
      ),
    } as never,
    {
      Check: ((_call: unknown, cb: (e: unknown, v?: unknown) => void) => cb(null, {})) as never,
    },
  );
  const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  injector.injectConnection(socket);
  return {
    id,
    close() {
      server.forceShutdown();
      socket.end();
      socket.destroy();
    },
  };
}

/** GetSecretRequest: field 1 is the secret's ID (string); annotations (field 2) are not needed. */
export function decodeSecretRequest(buf: Buffer): { id: string } {
  let i = 0;
  let id = '';
  while (i < buf.length) {
    const [key, a] = varint(buf, i);
    i = a;
    const field = key >> 3;
    const wire = key & 7;
    if (wire === 0) i = varint(buf, i)[1];
    else if (wire === 2) {
      const [len, b] = varint(buf, i);
      if (field === 1) id = buf.subarray(b, b + len).toString('utf8');
      i = b + len;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else break;
  }
  return { id };
}

/** GetSecretResponse: field 1, the secret's bytes. */
export function encodeBytesField(data: Buffer): Buffer {
  const len: number[] = [];
  let n = data.length;
  while (n > 0x7f) {
    len.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  len.push(n);
  return Buffer.concat([Buffer.from([0x0a, ...len]), data]);
}

function varint(buf: Buffer, start: number): [number, number] {
  let value = 0;
  let shift = 0;
  let i = start;
  for (; i < buf.length; i++) {
    const b = buf[i]!;
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return [value, i + 1];
  }
  return [value, i];
}
