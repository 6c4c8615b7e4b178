// The recipe worker: a separate, unprivileged process (spawned by worker-process.ts) that runs
// recipe code in a vm2 VM with no require, no builtins, no eval and no WebAssembly. The only
// bridge is `__send(text)`; strings go out, strings come in. Bundled as /opt/tekton-ci/recipe-worker.js.
import { VM } from 'vm2';
import { SANDBOX_PRELUDE } from './sandbox-prelude';
import type { DescribeResult, FromWorker, ToWorker } from './worker-messages';

const MAX_MESSAGE_CHARS = 1024 * 1024;

function post(message: FromWorker): void {
  process.send?.(message);
}

// Builds a fresh sandbox; `forward` receives each message the recipe side sends.
function createSandbox(forward: (message: FromWorker) => void): VM {
  const send = (text: unknown): void => {
    if (typeof text !== 'string' || text.length > MAX_MESSAGE_CHARS) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const op = (message as { op?: unknown } | null)?.op;
    if (op === 'call' || op === 'log' || op === 'done') forward(message as FromWorker);
  };
  const vm = new VM({ sandbox: { __send: send }, eval: false, wasm: false, allowAsync: true });
  vm.run(SANDBOX_PRELUDE, 'tekton-prelude.js');
  return vm;
}

function load(vm: VM, source: string): void {
  vm.run(`__recipeFn = function (module, exports) {\n${source}\n};`, 'recipe.js');
  vm.run('__load()');
}

function describeAll(sources: { id: string; source: string }[]): DescribeResult[] {
  return sources.map(({ id, source }) => {
    try {
      const vm = createSandbox(() => undefined);
      load(vm, source);
      const text: unknown = vm.run('__describe()');
      if (typeof text !== 'string') return { id, ok: false, error: 'metadata did not serialise to JSON' };
      return { id, ok: true, meta: JSON.parse(text) as unknown };
    } catch (err) {
      return { id, ok: false, error: messageOf(err) };
    }
  });
}

function messageOf(err: unknown): string {
  try {
    return typeof err === 'object' && err !== null && typeof (err as Error).message === 'string'
      ? String((err as Error).message)
      : String(err);
  } catch {
    return 'unprintable error';
  }
}

function startRun(source: string, params: Record<string, unknown>, dryRun: boolean): void {
  let finished = false;
  const vm = createSandbox((message) => {
    if (finished) return;
    if (message.op === 'done') finished = true;
    post(message);
  });
  try {
    load(vm, source);
  } catch (err) {
    post({ op: 'done', ok: false, error: `the recipe failed to load: ${messageOf(err)}` });
    return;
  }
  process.on('message', (message: ToWorker) => {
    if (message.op !== 'reply') return;
    try {
      // Looked up each time: the sandbox owns __deliver and may wrap it.
      (vm.run('__deliver') as (text: string) => void)(JSON.stringify(message));
    } catch {
      // A recipe that broke its own __deliver only hurts itself; the parent's time limit ends it.
    }
  });
  try {
    (vm.run('__start') as (p: string, d: boolean) => void)(JSON.stringify(params), dryRun);
  } catch (err) {
    post({ op: 'done', ok: false, error: messageOf(err) });
  }
}

// The parent ends the worker once it has the answer; a lost parent ends it too.
process.on('disconnect', () => process.exit(0));
process.once('message', (message: ToWorker) => {
  if (message.op === 'describe') {
    post({ op: 'described', results: describeAll(message.sources) });
  } else if (message.op === 'run') {
    startRun(message.source, message.params, message.dryRun);
  }
});
