// ask-peer: forward a question to another container CI of the same app over TCP, with the
// shared token, and return its answer.
import { createConnection } from 'node:net';
import { LineSplitter } from '../../protocol';

/** A peer CI's address. */
export interface Peer {
  name: string;
  host: string;
  port: number;
}

/** Parses TEKTON_CI_PEERS ('db=myapp-db:7070,cache=myapp-cache:7070'); throws naming a bad entry. */
export function parsePeers(value: string | undefined): Peer[] {
  if (!value?.trim()) return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const m = /^([\w-]+)=([\w.-]+):(\d{1,5})$/.exec(entry);
      if (!m) throw new Error(`TEKTON_CI_PEERS entry '${entry}' is not name=host:port (e.g. db=myapp-db:7070)`);
      return { name: m[1]!, host: m[2]!, port: Number(m[3]) };
    });
}

/** Sends a chat to a peer and resolves with its reply's content (or its error message). */
export function askPeer(
  peer: Peer,
  question: string,
  { token, sender, timeoutMs = 5000 }: { token: string; sender: string; timeoutMs?: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: peer.host, port: peer.port });
    const lines = new LineSplitter(16 * 1024 * 1024); // a reply may be long; never unbounded
    const fail = (msg: string) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new Error(msg));
    };
    const timer = setTimeout(
      () => fail(`peer ${peer.name} (${peer.host}:${peer.port}) did not answer within ${timeoutMs} ms`),
      timeoutMs,
    );
    socket.on('connect', () =>
      socket.write(`${JSON.stringify({ type: 'chat', id: 1, content: question, token, sender })}\n`),
    );
    socket.on('data', (chunk) => {
      const first = lines.push(chunk)[0];
      if (!first) return;
      clearTimeout(timer);
      socket.destroy();
      try {
        if (first.kind === 'too_large') throw new Error('too large');
        const reply = JSON.parse(first.text) as { type: string; content?: string; message?: string };
        if (reply.type === 'error') reject(new Error(`peer ${peer.name} refused: ${reply.message ?? 'error'}`));
        else resolve(reply.content ?? JSON.stringify(reply));
      } catch {
        reject(new Error(`peer ${peer.name} answered something that is not JSON`));
      }
    });
    socket.on('error', (err) => fail(`peer ${peer.name} (${peer.host}:${peer.port}) unreachable: ${err.message}`));
  });
}
