// Sandbox comparison driver for QuickJS (quickjs-emscripten: QuickJS compiled to WebAssembly, no
// native addon): the same prelude, recipes, API recipe and escape attempts as driver-vm2.cjs.
// Only strings cross the boundary, exactly as with vm2 (__send in, __deliver out).
'use strict';
const t0 = performance.now();
const { getQuickJS, shouldInterruptAfterDeadline } = require('quickjs-emscripten');
const { prelude, recipes, escapes, api, answers } = JSON.parse(
  require('node:fs').readFileSync(process.argv[2], 'utf8'),
);

(async () => {
  const QuickJS = await getQuickJS();
  const moduleMs = performance.now() - t0;

  function sandbox(onMessage) {
    const runtime = QuickJS.newRuntime();
    runtime.setMemoryLimit(64 * 1048576);
    // A busy loop would block this process; the real worker is killed from outside, here we interrupt.
    runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + 3000));
    const vm = runtime.newContext();
    const send = vm.newFunction('__send', (h) => {
      const text = vm.getString(h);
      onMessage(JSON.parse(text));
    });
    vm.setProp(vm.global, '__send', send);
    send.dispose();
    const evalOrThrow = (code, file) => {
      const r = vm.evalCode(code, file);
      if (r.error) {
        const e = vm.dump(r.error);
        r.error.dispose();
        throw new Error(typeof e === 'object' && e ? e.message : String(e));
      }
      const v = vm.dump(r.value);
      r.value.dispose();
      return v;
    };
    const pump = () => {
      runtime.executePendingJobs();
    };
    evalOrThrow(prelude, 'prelude.js');
    return {
      load: (source) => {
        evalOrThrow(`__recipeFn = function (module, exports) {\n${source}\n};`, 'recipe.js');
        evalOrThrow('__load()', 'load.js');
      },
      describe: () => JSON.parse(evalOrThrow('__describe()', 'describe.js')),
      start: (params) => {
        evalOrThrow(`__start(${JSON.stringify(JSON.stringify(params))}, false)`, 'start.js');
        pump();
      },
      deliver: (m) => {
        evalOrThrow(`__deliver(${JSON.stringify(JSON.stringify(m))})`, 'deliver.js');
        pump();
      },
      dispose: () => {
        vm.dispose();
        runtime.dispose();
      },
    };
  }

  function run(source, params, timeoutMs = 3000) {
    return new Promise((resolve) => {
      let box;
      let finished = false;
      const finish = (m) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        resolve(m);
      };
      const timer = setTimeout(() => finish({ op: 'done', ok: false, error: 'timeout' }), timeoutMs);
      box = sandbox((m) => {
        if (m.op === 'done') finish(m);
        if (m.op === 'call')
          setImmediate(() => {
            if (!finished) box.deliver({ op: 'reply', id: m.id, ok: true, value: answers[m.method] ?? null });
          });
      });
      try {
        box.load(source);
        box.start(params);
      } catch (e) {
        finish({ op: 'done', ok: false, error: String(e && e.message) });
      }
    });
  }

  // Start-up mode: what a worker pays before its first answer (engine, one sandbox, one describe).
  if (process.argv[3] === 'startup') {
    const b = sandbox(() => {});
    b.load(recipes[0].source);
    process.stdout.write(JSON.stringify(b.describe()));
    process.exit(0);
  }
  const s0 = performance.now();
  for (let i = 0; i < 20; i++) sandbox(() => {}).dispose();
  const sandboxMs = (performance.now() - s0) / 20;
  const d0 = performance.now();
  const described = recipes.map(({ name, source }) => {
    try {
      const b = sandbox(() => {});
      b.load(source);
      const meta = b.describe();
      b.dispose();
      return { name, ok: true, meta };
    } catch (e) {
      return { name, ok: false, error: String(e.message) };
    }
  });
  const describeMs = performance.now() - d0;
  const a0 = performance.now();
  const apiResult = await run(api, { n: 3 });
  const apiMs = performance.now() - a0;
  const escapeResults = [];
  for (const { name, source } of escapes) {
    const r = await run(source, { marker: `/nonexistent/${name}` });
    escapeResults.push({
      name,
      escaped: /ESCAPED/.test(JSON.stringify(r)),
      outcome: r.ok ? 'ran' : `failed: ${String(r.error).slice(0, 80)}`,
    });
  }
  process.stdout.write(
    JSON.stringify({
      engine: 'quickjs',
      moduleMs,
      sandboxMs,
      describeMs,
      described,
      apiMs,
      apiResult,
      escapes: escapeResults,
      rssMb: process.memoryUsage().rss / 1048576,
    }),
  );
  process.exit(0);
})();
