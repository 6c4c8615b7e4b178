// Sandbox comparison driver for vm2 (what the recipe worker uses): loads the engine, builds a
// sandbox per recipe with the worker's prelude, describes the built-in recipes, runs the API
// recipe against canned ctx answers and every escape attempt. Prints JSON timings and outcomes.
'use strict';
const t0 = performance.now();
const { VM } = require('vm2');
const moduleMs = performance.now() - t0;
const { prelude, recipes, escapes, api, answers } = JSON.parse(
  require('node:fs').readFileSync(process.argv[2], 'utf8'),
);

function sandbox(onMessage) {
  const send = (text) => {
    if (typeof text === 'string') onMessage(JSON.parse(text));
  };
  const vm = new VM({ sandbox: { __send: send }, eval: false, wasm: false, allowAsync: true });
  vm.run(prelude, 'prelude.js');
  return {
    load: (source) => {
      vm.run(`__recipeFn = function (module, exports) {\n${source}\n};`, 'recipe.js');
      vm.run('__load()');
    },
    describe: () => JSON.parse(vm.run('__describe()')),
    start: (params) => vm.run('__start')(JSON.stringify(params), false),
    deliver: (m) => vm.run('__deliver')(JSON.stringify(m)),
  };
}

// Runs one recipe to its done message, answering calls from `answers` (by method).
function run(source, params, timeoutMs = 3000) {
  return new Promise((resolve) => {
    let box;
    const timer = setTimeout(() => resolve({ op: 'done', ok: false, error: 'timeout' }), timeoutMs);
    box = sandbox((m) => {
      if (m.op === 'done') {
        clearTimeout(timer);
        resolve(m);
      }
      if (m.op === 'call')
        setImmediate(() => box.deliver({ op: 'reply', id: m.id, ok: true, value: answers[m.method] ?? null }));
    });
    try {
      box.load(source);
      box.start(params);
    } catch (e) {
      clearTimeout(timer);
      resolve({ op: 'done', ok: false, error: String(e && e.message) });
    }
  });
}

(async () => {
  // Start-up mode: what a worker pays before its first answer (engine, one sandbox, one describe).
  if (process.argv[3] === 'startup') {
    const b = sandbox(() => {});
    b.load(recipes[0].source);
    process.stdout.write(JSON.stringify(b.describe()));
    process.exit(0);
  }
  const s0 = performance.now();
  for (let i = 0; i < 20; i++) sandbox(() => {});
  const sandboxMs = (performance.now() - s0) / 20;
  const d0 = performance.now();
  const described = recipes.map(({ name, source }) => {
    try {
      const b = sandbox(() => {});
      b.load(source);
      return { name, ok: true, meta: b.describe() };
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
      engine: 'vm2',
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
