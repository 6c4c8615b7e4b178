// The code that runs inside the sandbox before a recipe: it builds `ctx` from one host function,
// `__send(text)`, so only strings ever cross the vm2 boundary (no host object, promise or
// function is handed to recipe code). The parent validates every request; this is convenience,
// not a security layer.

/** Methods of `ctx` that call the parent and wait for its answer. */
export const CTX_METHODS = [
  'services',
  'container',
  'manifest',
  'memory',
  'cpuThrottling',
  'restart',
  'logs',
  'redis',
  'postgres',
  'http',
  'disk',
  'sleep',
] as const;

export type CtxMethod = (typeof CTX_METHODS)[number];

/** Sandbox-side source: defines __load() (of __recipeFn), __describe(), __start(paramsJson), __deliver(json). */
export const SANDBOX_PRELUDE = `
(function (global) {
  'use strict';
  const send = global.__send;
  const stringify = JSON.stringify, parse = JSON.parse;
  let nextId = 1;
  const pending = new Map();
  let recipe = null;
  const call = (method, args) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    send(stringify({ op: 'call', id, method, args }));
  });
  global.__deliver = function (text) {
    const m = parse(text);
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.value); else p.reject(new Error(m.error));
  };
  global.__load = function () {
    const module = { exports: {} };
    const fn = global.__recipeFn;
    fn(module, module.exports);
    const e = module.exports;
    recipe = e && typeof e === 'object' && e.default && typeof e.default === 'object' ? e.default : e;
    if (!recipe || typeof recipe !== 'object') throw new Error('the recipe file must export an object (module.exports = { name, ..., run })');
  };
  global.__describe = function () {
    const r = recipe;
    return stringify({
      name: r.name, description: r.description, risk: r.risk, phrases: r.phrases,
      params: r.params, applies_to: r.applies_to, timeout_s: r.timeout_s,
      has_run: typeof r.run === 'function',
    });
  };
  global.__start = function (paramsText, dryRun) {
    const params = parse(paramsText);
    const ctx = { params, dryRun: !!dryRun, log: (text) => send(stringify({ op: 'log', text: String(text) })) };
    for (const m of ${JSON.stringify(CTX_METHODS)}) {
      ctx[m] = (...args) => call(m, args);
    }
    Promise.resolve()
      .then(() => recipe.run(ctx, params))
      .then((r) => {
        const out = typeof r === 'string' ? { summary: r } : r && typeof r === 'object' ? { summary: String(r.summary == null ? '' : r.summary), data: r.data } : { summary: '' };
        send(stringify({ op: 'done', ok: true, summary: out.summary, data: out.data }));
      }, (e) => {
        send(stringify({ op: 'done', ok: false, error: String(e && e.message ? e.message : e) }));
      });
  };
})(this);
`;
