// One image build through the Docker Engine API. Errors arrive inside the stream as
// `{"error": ...}` lines (or a BuildKit vertex error), not as an HTTP status: both are checked,
// and the end of the stream alone is never taken as success.
import type Docker from 'dockerode';
import { openSecretsSession } from './buildkit-session';
import { diagnoseBuildFailure } from './build-failure';
import { decodeTrace } from './buildkit-trace';
import { type LineEvent, LineSplitter } from '../../../protocol';

/** Where build progress goes (see progress.ts for the TTY and plain renderers). */
export interface BuildProgress {
  /** A build step started, finished or was cached. */
  step(name: string, state: 'started' | 'done' | 'cached'): void;
  /** Output of a step (RUN output, classic builder lines). */
  log(text: string): void;
}

/** What to build. */
export interface BuildRequest {
  context: Buffer;
  /** Path of the Dockerfile inside the context. */
  dockerfile: string;
  tag: string;
  buildargs: Record<string, string>;
  labels: Record<string, string>;
  target?: string | null;
  buildkit: boolean;
  signal?: AbortSignal;
  noCache?: boolean;
  /** The build does not reach package indexes (the failure hint says so). */
  offline?: boolean;
  /** BuildKit secrets by id (`RUN --mount=type=secret,id=...`): served over a session, never sent as build input. */
  secrets?: Record<string, Buffer>;
}

/** What a build produced. */
export interface BuildOutcome {
  imageId: string;
  /** Steps BuildKit (or the classic builder) reused from the cache, by name. */
  cachedSteps: string[];
  /** Steps that ran. */
  builtSteps: string[];
  /** Last lines of output, for error messages. */
  tail: string[];
}

/** Error of a failed build: names the image, the failing step, its last output and, when known, what to do. */
export class BuildError extends Error {
  override name = 'BuildError';
  readonly step: string | null;
  readonly hint: string | null;
  constructor(
    message: string,
    readonly tail: string[],
    options?: { cause?: unknown; step?: string | null; hint?: string | null },
  ) {
    super(message, options);
    this.step = options?.step ?? null;
    this.hint = options?.hint ?? null;
  }
}

/** The BuildError of a failed step: its message carries the step, the last lines and the hint. */
export function buildFailure(
  tag: string,
  error: string,
  tail: string[],
  opts: { step?: string | null; offline?: boolean } = {},
): BuildError {
  const hint = diagnoseBuildFailure([error, ...tail], { offline: opts.offline });
  const last = tail
    .slice(-12)
    .map((l) => `  | ${l}`)
    .join('\n');
  const message = `Building ${tag} failed: ${error.trim()}${last ? `\nlast lines:\n${last}` : ''}${hint ? `\nwhat to do: ${hint}` : ''}`;
  return new BuildError(message, tail, { step: opts.step ?? null, hint });
}

// BuildKit's trace lines carry whole log chunks (base64); a line past this is dropped, not buffered.
const MAX_BUILD_LINE_BYTES = 64 * 1024 * 1024;

/** Runs the build; resolves when the engine reports the image, rejects on any error line. */
export async function runBuild(docker: Docker, req: BuildRequest, progress: BuildProgress): Promise<BuildOutcome> {
  const options = {
    t: req.tag,
    dockerfile: req.dockerfile,
    buildargs: req.buildargs,
    labels: req.labels,
    rm: true,
    forcerm: true,
    ...(req.target ? { target: req.target } : {}),
    ...(req.noCache ? { nocache: true } : {}),
    ...(req.buildkit ? { version: '2' } : { version: '1' }),
  };
  // BuildKit builds go through our own session (dockerode's serves no secrets); classic ones through dockerode.
  const session = req.buildkit ? await openSecretsSession(docker, req.secrets ?? {}) : null;
  let stream: NodeJS.ReadableStream;
  try {
    stream = session
      ? await dialBuild(docker, req, { ...options, session: session.id })
      : ((await docker.buildImage(
          req.context as unknown as NodeJS.ReadableStream,
          {
            ...options,
            ...(req.signal ? { abortSignal: req.signal } : {}),
          } as Docker.ImageBuildOptions,
        )) as NodeJS.ReadableStream);
  } catch (error) {
    session?.close();
    throw error;
  }
  try {
    return await readBuild(stream, req, progress);
  } finally {
    session?.close();
  }
}

function dialBuild(
  docker: Docker,
  req: BuildRequest,
  options: Record<string, unknown>,
): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: '/build?',
        method: 'POST',
        file: req.context,
        options,
        isStream: true,
        ...(req.signal ? { abortSignal: req.signal } : {}),
        statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
      } as never,
      (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as NodeJS.ReadableStream)),
    );
  });
}

async function readBuild(
  stream: NodeJS.ReadableStream,
  req: BuildRequest,
  progress: BuildProgress,
): Promise<BuildOutcome> {
  const tail: string[] = [];
  const cached = new Set<string>();
  const built = new Set<string>();
  const names = new Map<string, string>();
  let imageId = '';
  let error: string | null = null;
  let failedStep: string | null = null;
  let classicStep = '';
  const remember = (line: string) => {
    for (const l of line.split('\n'))
      if (l.trim()) {
        tail.push(l);
        if (tail.length > 30) tail.shift();
      }
  };
  const handle = (msg: Record<string, unknown>) => {
    if (typeof msg.error === 'string') {
      error = msg.error;
      failedStep ??= classicStep || null;
      return;
    }
    const aux = msg.aux as Record<string, unknown> | string | undefined;
    if (msg.id === 'moby.buildkit.trace' && typeof aux === 'string') {
      const t = decodeTrace(aux);
      for (const v of t.vertexes) {
        names.set(v.digest, v.name);
        if (v.error && !error) {
          error = `${v.name}: ${v.error}`;
          failedStep = v.name;
        }
        if (v.cached && !cached.has(v.name)) {
          cached.add(v.name);
          progress.step(v.name, 'cached');
        } else if (v.completed && !v.cached && !built.has(v.name)) {
          built.add(v.name);
          progress.step(v.name, 'done');
        }
      }
      for (const l of t.logs) {
        remember(l.text);
        progress.log(l.text);
      }
      return;
    }
    if (msg.id === 'moby.image.id' && aux && typeof aux === 'object' && typeof aux.ID === 'string') imageId = aux.ID;
    else if (aux && typeof aux === 'object' && typeof aux.ID === 'string') imageId = aux.ID;
    if (typeof msg.stream === 'string') {
      const text = msg.stream;
      remember(text);
      const step = /^Step \d+\/\d+ : (.*)/.exec(text);
      if (step) {
        classicStep = step[1]!;
        progress.step(classicStep, 'started');
      } else if (/Using cache/.test(text)) {
        cached.add(classicStep);
        progress.step(classicStep, 'cached');
      }
      // A FROM step only names the base; it is neither built nor taken from the cache.
      else if (
        /^ ---> [0-9a-f]{12}/.test(text) &&
        classicStep &&
        !cached.has(classicStep) &&
        !/^FROM /i.test(classicStep)
      )
        built.add(classicStep);
      else progress.log(text);
    }
  };
  await new Promise<void>((resolve, reject) => {
    // Bytes, not chunk.toString(): build output is UTF-8 and characters may straddle chunks.
    const lines = new LineSplitter(MAX_BUILD_LINE_BYTES);
    const take = (events: LineEvent[]) => {
      for (const event of events) {
        const line = event.kind === 'line' ? event.text.trim() : '';
        if (!line) continue;
        try {
          handle(JSON.parse(line) as Record<string, unknown>);
        } catch {
          remember(line);
        }
      }
    };
    stream.on('data', (chunk: Buffer) => take(lines.push(chunk)));
    stream.on('end', () => {
      take(lines.flush());
      resolve();
    });
    stream.on('error', reject);
  });
  if (error) throw buildFailure(req.tag, String(error), tail, { step: failedStep, offline: req.offline });
  if (!imageId)
    throw new BuildError(`Building ${req.tag}: the engine ended the build without reporting an image`, tail);
  return { imageId, cachedSteps: [...cached], builtSteps: [...built].filter((b) => !cached.has(b)), tail };
}
