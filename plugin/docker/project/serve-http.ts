// The Docker button's endpoint (TEKTON.md, TektonCore): `POST /api/projects/{id}/docker/generate`
// → {dockerfile, project_id, project_name, saved_to}. Listens on 127.0.0.1 only, and refuses
// cross-site, rebinding and tokenless requests before reading anything (request-guard.ts).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { generateProject } from '../generate-project';
import { allowedOrigins, guardRequest } from './request-guard';
import { findProject, projectsFile, readProjects } from './tekton-projects';

/** Options of startDockerServer. */
export interface ServeOptions {
  port: number;
  env: Record<string, string | undefined>;
  log?: (line: string) => void;
  /** The token callers must send (X-Aish-Token); default a fresh random one. */
  token?: string;
}

/** Starts the server; resolves once it listens (port 0 picks a free one; see server.address()), with its token. */
export function startDockerServer(opts: ServeOptions): Promise<{ server: Server; token: string }> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const server = createServer((req, res) => {
    void handle(req, res, opts, token).catch((err: Error) => send(res, 500, { error: err.message }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve({ server, token }));
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: ServeOptions, token: string): Promise<void> {
  const port = req.socket.localPort ?? opts.port;
  const origins = allowedOrigins(port, opts.env);
  const facts = {
    method: req.method ?? '',
    host: req.headers.host,
    origin: req.headers.origin,
    contentType: req.headers['content-type'],
    token: typeof req.headers['x-aish-token'] === 'string' ? req.headers['x-aish-token'] : undefined,
  };
  const refusal = guardRequest(facts, port, origins, token);
  if (refusal) {
    opts.log?.(`refused ${req.method} ${req.url}: ${refusal.error}`);
    req.resume();
    return send(res, refusal.status, { error: refusal.error });
  }
  const origin = req.headers.origin;
  if (origin) res.setHeader('Access-Control-Allow-Origin', origin).setHeader('Vary', 'Origin');
  if (req.method === 'OPTIONS') {
    const cors = {
      'Access-Control-Allow-Methods': 'POST',
      'Access-Control-Allow-Headers': 'Content-Type, X-Aish-Token',
      'Access-Control-Max-Age': '600',
    };
    res.writeHead(204, cors).end();
    return;
  }
  const m = /^\/api\/projects\/([^/]+)\/docker\/generate\/?$/.exec(req.url?.split('?')[0] ?? '');
  if (!m)
    return send(res, 404, { error: `No route ${req.method} ${req.url}; try POST /api/projects/{id}/docker/generate` });
  if (req.method !== 'POST') return send(res, 405, { error: 'Use POST' });
  const body = await readBody(req);
  let force = false;
  if (body.trim()) {
    try {
      force = (JSON.parse(body) as { force?: unknown }).force === true;
    } catch {
      return send(res, 400, { error: 'The body must be JSON, e.g. {"force": true}' });
    }
  }
  const id = decodeURIComponent(m[1]!);
  const file = projectsFile(opts.env);
  const project = findProject(readProjects(file), id);
  if (!project)
    return send(res, 404, { error: `No Tekton project ${id}${file ? ` in ${file}` : ' (TEKTON_ROOT is not set)'}` });
  if (!project.local_directory) return send(res, 409, { error: `Project ${project.name} has no local_directory` });
  try {
    const result = await generateProject({ target: project.local_directory, env: opts.env, force });
    const app = result.plan.apps[0]!;
    const path = join(app.contextDir, 'Dockerfile');
    const planned = result.plan.files.find((f) => f.path === path)!;
    opts.log?.(`generated ${project.name}: wrote ${result.written.join(', ') || 'nothing new'}`);
    if (result.kept.includes(path))
      return send(res, 409, {
        error: `${path} in ${project.local_directory} is the user's; send {"force": true} to replace it`,
        project_id: project.id,
        project_name: project.name,
      });
    return send(res, 200, {
      dockerfile: planned.content,
      project_id: project.id,
      project_name: project.name,
      saved_to: join(result.plan.project.root, path),
    });
  } catch (err) {
    return send(res, 422, { error: (err as Error).message, project_id: project.id, project_name: project.name });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 64 * 1024) {
        reject(new Error('body larger than 64 KB'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
