// Escape attempt: Function / AsyncFunction / GeneratorFunction / eval reached by name (eval and code generation are disabled).
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
  name: 'escape-function-constructor',
  description: 'sandbox escape attempt: function-constructor',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    attempt(notes, "Function", () => pwn(Function("return process")(), marker, notes, "Function"));
    attempt(notes, "new Function", () => pwn(new Function("return this.process")(), marker, notes, "new Function"));
    attempt(notes, "async", () => pwn((async function () {}).constructor("return process")(), marker, notes, "AsyncFunction"));
    attempt(notes, "generator", () => pwn((function* () {}).constructor("return process")().next().value, marker, notes, "GeneratorFunction"));
    attempt(notes, "eval", () => pwn(eval("process"), marker, notes, "eval"));
    attempt(notes, "indirect eval", () => pwn((0, eval)("process"), marker, notes, "indirect eval"));
    return { summary: notes.join(' | '), data: notes };
  },
};
