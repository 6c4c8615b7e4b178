// A minimal HTTP GET for probes (no keep-alive, short timeout, body ignored).
import { request } from 'node:http';

/** Resolves with the status code of GET http://host:port/path. */
export function httpStatus(port: number, path: string, { host = '127.0.0.1', timeoutMs = 1000 } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host,
        port,
        path,
        method: 'GET',
        agent: false,
        timeout: timeoutMs,
        headers: { 'user-agent': 'tekton-ci-probe' },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${path} on port ${port} took over ${timeoutMs} ms`)));
    req.on('error', (err) => reject(new Error(`GET ${path} on port ${port} failed: ${err.message}`)));
    req.end();
  });
}
