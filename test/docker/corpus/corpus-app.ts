// One app of the public example corpus (../shared/corpus/nixpacks), end to end as a user would:
// copied to a temporary directory, planned, built with `aish docker build`'s library function
// (real registries through the package environment), run the way Ergon runs it, its output (or
// HTTP answer) checked against expectations.tsv, and its container CI asked `status`. Shared by
// the corpus test tier and `npm run bench:corpus`.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { buildProject } from '../../../plugin/docker/build-project';
import { planProject } from '../../../plugin/docker/plan-project';
import { askCiSocket, removeImages, runImage } from '../docker/support/run-built-image';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Where the corpus lives: TEKTON_CORPUS_DIR, else `shared/corpus/nixpacks` beside the checkout or its worktree folder. */
export const CORPUS_DIR =
  process.env.TEKTON_CORPUS_DIR ??
  [resolve(HERE, '../../../../shared/corpus/nixpacks'), resolve(HERE, '../../../../../shared/corpus/nixpacks')].find(
    (d) => existsSync(join(d, 'expectations.tsv')),
  ) ??
  resolve(HERE, '../../../../shared/corpus/nixpacks');

/** One case: an example and what it must print once running (a row of expectations.tsv). */
export interface CorpusCase {
  example: string;
  expected: string[];
  env: string[];
  note: string;
  /** Optional HTTP check: GET `path` on the app's port answers 200 with a body containing `contains`. */
  http?: { path: string; contains: string };
}

/** What happened to one app. */
export interface CorpusResult {
  example: string;
  ecosystem: string;
  stage: 'planned' | 'built' | 'ran' | 'unplanned' | 'build-failed' | 'run-failed';
  ok: boolean;
  buildMs: number | null;
  error: string | null;
  ciStatus: boolean;
}

/** The corpus's cases, one per example (the first row without a Nixpacks-specific note wins), then ours (extra-cases.tsv). */
export function readCorpusCases(dir = CORPUS_DIR): CorpusCase[] {
  const cases = new Map(readExpectations(dir).map((c) => [c.example, c]));
  for (const c of readExtraCases()) cases.set(c.example, c);
  return [...cases.values()];
}

/** Cases of our own: examples without an expectation, or whose expectation names another tool's output (with why). */
export function readExtraCases(path = join(HERE, 'extra-cases.tsv')): CorpusCase[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [example = '', expected = '[]', path = '', contains = '', why = ''] = line.split('\t');
      return {
        example,
        expected: JSON.parse(expected) as string[],
        env: [],
        note: why,
        ...(path ? { http: { path, contains } } : {}),
      };
    });
}

function readExpectations(dir: string): CorpusCase[] {
  const rows = readFileSync(join(dir, 'expectations.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [example = '', expected = '[]', env = '[]', note = ''] = line.split('\t');
      return {
        example,
        expected: JSON.parse(expected) as string[],
        env: JSON.parse(env) as string[],
        note: note.trim(),
      };
    });
  const out = new Map<string, CorpusCase>();
  for (const r of rows) {
    const had = out.get(r.example);
    if (!had || (had.note && !r.note)) out.set(r.example, r);
  }
  return [...out.values()];
}

/** The ecosystem of an example, from its plan (or its name when it does not plan). */
export function ecosystemOf(language: string | null, packageManager: string | null, example: string): string {
  if (!language) return example.split(/[-_]/)[0]!;
  return packageManager && !['pip', 'go', 'cargo', 'deno', 'mix'].includes(packageManager)
    ? `${language}/${packageManager}`
    : language;
}

/** Plans, builds, runs and checks one example; cleans up its image and container. */
export async function runCorpusApp(
  docker: Docker,
  c: CorpusCase,
  opts: { env: Record<string, string | undefined>; buildTimeoutMs: number; runTimeoutMs: number; keepImage?: boolean },
): Promise<CorpusResult> {
  const parent = mkdtempSync(join(tmpdir(), 'tekton-corpus-'));
  const dir = join(parent, `tekton-corpus-${c.example.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`);
  const result: CorpusResult = {
    example: c.example,
    ecosystem: c.example.split(/[-_]/)[0]!,
    stage: 'unplanned',
    ok: false,
    buildMs: null,
    error: null,
    ciStatus: false,
  };
  const images: string[] = [];
  try {
    cpSync(join(CORPUS_DIR, 'examples', c.example), dir, { recursive: true });
    let plan;
    try {
      plan = planProject({ target: dir, env: opts.env });
    } catch (e) {
      result.error = firstLine(e);
      return result;
    }
    const app = plan.analysis.apps[0]!;
    result.ecosystem = ecosystemOf(app.language, app.packageManager, c.example);
    result.stage = 'planned';
    const started = Date.now();
    const signal = AbortSignal.timeout(opts.buildTimeoutMs);
    let built;
    try {
      built = await buildProject({ target: dir, env: opts.env, docker, plan, signal, labels: { 'tekton.test': '1' } });
    } catch (e) {
      result.stage = 'build-failed';
      result.error = signal.aborted ? `build took longer than ${opts.buildTimeoutMs / 1000} s` : summary(e);
      return result;
    }
    result.buildMs = Date.now() - started;
    result.stage = 'built';
    const image = built.images[0]!;
    images.push(...built.images.flatMap((i) => i.tags));
    const port = plan.summary.port;
    const env = Object.fromEntries(
      c.env.map((kv) => kv.replace('{rand_64_str}', 'x'.repeat(64)).split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    const running = await runImage(docker, image.image, port ? [port] : [], { env });
    try {
      const deadline = Date.now() + opts.runTimeoutMs;
      let output = '';
      let httpOk = !c.http;
      while (Date.now() < deadline) {
        output = await containerOutput(docker, running.id);
        if (c.http && !httpOk && port) {
          const body = await fetch(`http://127.0.0.1:${running.ports[port]}${c.http.path}`, {
            signal: AbortSignal.timeout(3000),
          }).then(
            async (r) => (r.status === 200 ? r.text() : ''),
            () => '',
          );
          httpOk = body.includes(c.http.contains);
        }
        if (httpOk && c.expected.every((s) => output.includes(s))) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const missing = c.expected.filter((s) => !output.includes(s));
      if (existsSync(join(running.runDir, 'token'))) {
        const reply = await askCiSocket(running.runDir, { type: 'status' }).catch(() => null);
        result.ciStatus = reply?.type === 'status_response';
      }
      if (missing.length || !httpOk) {
        result.stage = 'run-failed';
        result.error = `${missing.length ? `did not print ${JSON.stringify(missing)}` : ''}${!httpOk ? ` no HTTP answer on ${c.http!.path}` : ''}; last output: ${output.trim().split('\n').slice(-3).join(' | ').slice(0, 300)}`;
        return result;
      }
      result.stage = 'ran';
      result.ok = result.ciStatus;
      if (!result.ciStatus) result.error = 'the container CI did not answer status';
      return result;
    } finally {
      await running.stop();
    }
  } finally {
    if (!opts.keepImage) await removeImages(docker, images);
    rmSync(parent, { recursive: true, force: true });
  }
}

/** stdout and stderr of a container so far (Docker's multiplexed log stream demuxed). */
export async function containerOutput(docker: Docker, id: string): Promise<string> {
  const buf = (await docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
  const parts: string[] = [];
  let i = 0;
  while (i + 8 <= buf.length && (buf[i] === 1 || buf[i] === 2) && buf[i + 1] === 0) {
    const len = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + len).toString('utf8'));
    i += 8 + len;
  }
  return parts.length ? parts.join('') : buf.toString('utf8');
}

function firstLine(e: unknown): string {
  // A message ending in ':' continues on the next lines (BaseImageUnavailable lists the images there).
  const text = e instanceof Error ? e.message : String(e);
  return (text.split('\n')[0]!.endsWith(':') ? text.replace(/\n\s*/g, ' ') : text.split('\n')[0]!).slice(0, 300);
}

function summary(e: unknown): string {
  const err = e as { message?: string; hint?: string | null; tail?: string[] };
  const first = firstLine(e);
  const tail = (err.tail ?? [])
    .filter((l) => !/^#\d+ /.test(l))
    .slice(-3)
    .join(' | ')
    .slice(0, 300);
  return `${first}${tail ? ` [${tail}]` : ''}${err.hint ? ` -> ${err.hint.slice(0, 120)}` : ''}`;
}
