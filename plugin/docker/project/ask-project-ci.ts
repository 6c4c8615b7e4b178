// `plan` may ask the project's own Tekton CI (`<project>-ci`) to review the plan over the
// specialist protocol. Only when Tekton runs that CI: its port is read from Tekton's CI registry
// files, the address must be loopback, and any failure is silent (nothing depends on the advice).
import { readdirSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { LineSplitter } from '../../../protocol';
import { join } from 'node:path';

/** Finds `<name>`'s port in $TEKTON_ROOT/.tekton/aish/ci-registry/*.json; null when absent. */
export function findTektonCiPort(env: Record<string, string | undefined>, name: string): number | null {
  if (!env.TEKTON_ROOT) return null;
  const dir = join(env.TEKTON_ROOT, '.tekton', 'aish', 'ci-registry');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return null;
  }
  for (const f of files) {
    try {
      const found = searchEntry(JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown, name);
      if (found) return found;
    } catch {
      /* another writer's partial file or not ours to read: skip */
    }
  }
  return null;
}

function searchEntry(data: unknown, name: string): number | null {
  if (!data || typeof data !== 'object') return null;
  const entries = Array.isArray(data)
    ? data
    : Object.entries(data as Record<string, unknown>).map(([k, v]) =>
        v && typeof v === 'object' ? { name: k, ...(v as object) } : null,
      );
  for (const e of entries as Array<Record<string, unknown> | null>) {
    if (!e || String(e.name ?? '').toLowerCase() !== name) continue;
    const host = String(e.host ?? 'localhost');
    const port = Number(e.port ?? e.ai_port);
    if (['localhost', '127.0.0.1', '::1'].includes(host) && Number.isInteger(port) && port > 0) return port;
  }
  return null;
}

/** Sends one chat message to 127.0.0.1:port and returns the reply's content, or null. */
export function askCi(port: number, content: string, timeoutMs = 3000): Promise<string | null> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    const lines = new LineSplitter(16 * 1024 * 1024); // a reply may be long; never unbounded
    const done = (v: string | null) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(timeoutMs, () => done(null));
    sock.on('connect', () => sock.write(`${JSON.stringify({ type: 'chat', content })}\n`));
    sock.on('data', (d) => {
      const first = lines.push(d)[0];
      if (!first) return;
      if (first.kind === 'too_large') return done(null);
      try {
        const r = JSON.parse(first.text) as { content?: unknown };
        done(typeof r.content === 'string' ? r.content : null);
      } catch {
        done(null);
      }
    });
    sock.on('error', () => done(null));
  });
}
