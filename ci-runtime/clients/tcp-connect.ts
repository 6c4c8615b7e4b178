// TCP connect check: the port accepts connections.
import { createConnection } from 'node:net';

/** Resolves when host:port accepts a connection; rejects with a clear message otherwise. */
export function tcpConnect(port: number, { host = '127.0.0.1', timeoutMs = 1000 } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`port ${port} did not accept a connection within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`port ${port} refused: ${err.message}`));
    });
  });
}
