// Where the Docker engine is: DOCKER_HOST (unix, tcp, ssh) wins, then the current Docker context
// (~/.docker/config.json currentContext → ~/.docker/contexts/meta/<sha256>/meta.json), then the
// default socket. Remote engines are the most common source of bugs in Docker tools (LESSONS.md).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';

/** Options for dockerode's constructor (docker-modem). */
export interface DockerConnection {
  socketPath?: string;
  host?: string;
  port?: number;
  protocol?: 'http' | 'https' | 'ssh';
  username?: string;
  /** ssh: the agent socket (SSH_AUTH_SOCK), as the docker CLI uses it. */
  sshOptions?: { agent?: string };
  /** TLS material for tcp with verification (DOCKER_TLS_VERIFY + DOCKER_CERT_PATH, or a context's tls dir). */
  ca?: string;
  cert?: string;
  key?: string;
  /** Human description, for error messages ("unix:///var/run/docker.sock", "context remote"). */
  describe: string;
}

const DEFAULT_SOCKET = '/var/run/docker.sock';

/** Turns a DOCKER_HOST-style URL into connection options; throws on a scheme Docker does not use. */
export function parseDockerHost(url: string, describe = url): DockerConnection {
  if (url.startsWith('unix://')) return { socketPath: url.slice('unix://'.length), describe };
  if (url.startsWith('npipe://')) return { socketPath: url.slice('npipe://'.length), describe };
  const parsed = new URL(url);
  if (parsed.protocol === 'tcp:' || parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    const tls = parsed.protocol === 'https:';
    return {
      host: parsed.hostname,
      port: Number(parsed.port || (tls ? 2376 : 2375)),
      protocol: tls ? 'https' : 'http',
      describe,
    };
  }
  if (parsed.protocol === 'ssh:') {
    return {
      host: parsed.hostname,
      port: Number(parsed.port || 22),
      protocol: 'ssh',
      username: parsed.username || undefined,
      describe,
    };
  }
  throw new Error(`Docker host '${url}' uses an unknown scheme; use unix://, tcp:// or ssh://`);
}

/** Files the resolver reads; injected so tests need no real ~/.docker. */
export interface DockerConfigFiles {
  readText(path: string): string | null;
  listDirs(path: string): string[];
  home: string;
}

/** Reads the real ~/.docker files. */
export const realDockerConfigFiles: DockerConfigFiles = {
  readText: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
  listDirs: (path) => {
    try {
      return readdirSync(path);
    } catch {
      return [];
    }
  },
  home: homedir(),
};

/** Picks the engine to talk to from the environment and Docker's context files. */
export function resolveDockerConnection(
  env: Record<string, string | undefined> = process.env,
  files: DockerConfigFiles = realDockerConfigFiles,
): DockerConnection {
  if (env.DOCKER_HOST) {
    const conn = withSsh(parseDockerHost(env.DOCKER_HOST, `DOCKER_HOST=${env.DOCKER_HOST}`), env);
    const certDir =
      env.DOCKER_CERT_PATH ?? (env.DOCKER_TLS_VERIFY ? join(env.DOCKER_CONFIG ?? join(files.home, '.docker')) : null);
    return env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0' && certDir ? withTls(conn, certDir, files) : conn;
  }
  const configDir = env.DOCKER_CONFIG ?? join(files.home, '.docker');
  const contextName = env.DOCKER_CONTEXT ?? readCurrentContext(files.readText(join(configDir, 'config.json')));
  if (contextName && contextName !== 'default') {
    const metaRoot = join(configDir, 'contexts', 'meta');
    for (const dir of files.listDirs(metaRoot)) {
      const meta = parseJson(files.readText(join(metaRoot, dir, 'meta.json')));
      if (meta?.Name !== contextName) continue;
      const host = meta?.Endpoints?.docker?.Host;
      if (typeof host === 'string') {
        const conn = withSsh(parseDockerHost(host, `context ${contextName} (${host})`), env);
        // A context with TLS keeps ca.pem/cert.pem/key.pem under contexts/tls/<same dir>/docker/.
        const tlsDir = join(configDir, 'contexts', 'tls', dir, 'docker');
        return meta?.Endpoints?.docker?.SkipTLSVerify === false || files.readText(join(tlsDir, 'ca.pem')) !== null
          ? withTls(conn, tlsDir, files)
          : conn;
      }
    }
    throw new Error(
      `Docker context '${contextName}' has no meta.json under ${metaRoot}; run 'docker context ls' or unset DOCKER_CONTEXT`,
    );
  }
  return { socketPath: DEFAULT_SOCKET, describe: `unix://${DEFAULT_SOCKET}` };
}

function readCurrentContext(text: string | null): string | null {
  const config = parseJson(text);
  return typeof config?.currentContext === 'string' ? config.currentContext : null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function parseJson(text: string | null): any {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function withSsh(conn: DockerConnection, env: Record<string, string | undefined>): DockerConnection {
  return conn.protocol === 'ssh' && env.SSH_AUTH_SOCK ? { ...conn, sshOptions: { agent: env.SSH_AUTH_SOCK } } : conn;
}

function withTls(conn: DockerConnection, dir: string, files: DockerConfigFiles): DockerConnection {
  if (conn.protocol !== 'http' && conn.protocol !== 'https') return conn;
  const read = (name: string) => files.readText(join(dir, name));
  const [ca, cert, key] = [read('ca.pem'), read('cert.pem'), read('key.pem')];
  if (!ca || !cert || !key)
    throw new Error(
      `TLS is on for ${conn.describe} but ${dir} lacks ca.pem, cert.pem or key.pem; set DOCKER_CERT_PATH or DOCKER_TLS_VERIFY=0`,
    );
  return { ...conn, protocol: 'https', ca, cert, key };
}
